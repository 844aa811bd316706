import type { Kysely } from 'kysely';
import type { Database } from './db/schema.ts';
import { now } from './clock.ts';

/** Records who did what (kept for accountability; never shown to participants). */
export async function audit(
	db: Kysely<Database>,
	entry: { userId?: number | null; participantId?: number | null; action: string; subject: string; detail?: string }
) {
	await db
		.insertInto('audit_log')
		.values({
			at: now(),
			user_id: entry.userId ?? null,
			participant_id: entry.participantId ?? null,
			action: entry.action,
			subject: entry.subject,
			detail: entry.detail ?? null
		})
		.execute();
}
