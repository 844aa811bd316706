import type { Db } from '../db/database.ts';
import { now } from '../clock.ts';
import { RETENTION_DAY_MS, retentionDays } from '../legal.ts';

// Personal data is not kept forever: expired sessions (facilitators' and participants') are
// deleted, logs that carry an IP address (refused join codes) after LOG_RETENTION_DAYS, and
// participants' names and organisations are replaced after PARTICIPANT_RETENTION_DAYS from their
// arrival, in SQL and in the deletion journal (the contributions themselves stay, see README).

export const ANONYMOUS_NAME = 'Participant·e';

export interface PurgeResult {
	sessions: number;
	participantSessions: number;
	logs: number;
	participants: number;
}

export async function purgeExpiredData(db: Db, env: NodeJS.ProcessEnv = process.env): Promise<PurgeResult> {
	const t = now();
	const { participantDays, logDays } = retentionDays(env);
	const sessions = await db.deleteFrom('sessions').where('expires_at', '<=', t).executeTakeFirst();
	const participantSessions = await db.deleteFrom('participant_sessions').where('expires_at', '<=', t).executeTakeFirst();
	const logs = await db
		.deleteFrom('audit_log')
		.where('action', '=', 'join.refused')
		.where('at', '<', t - logDays * RETENTION_DAY_MS)
		.executeTakeFirst();
	const cutoff = t - participantDays * RETENTION_DAY_MS;
	const old = await db
		.selectFrom('participants')
		.select('id')
		.where('created_at', '<', cutoff)
		.where((eb) => eb.or([eb('display_name', '!=', ANONYMOUS_NAME), eb('organisation', '!=', '')]))
		.execute();
	const ids = old.map((p) => p.id);
	if (ids.length) {
		await db.updateTable('participants').set({ display_name: ANONYMOUS_NAME, organisation: '' }).where('id', 'in', ids).execute();
		await db.deleteFrom('participant_sessions').where('participant_id', 'in', ids).execute();
	}
	// Journal rows older than the retention lose their author's name, whoever wrote the note.
	await db.updateTable('note_deletions').set({ author_name: null, organisation: null }).where('deleted_at', '<', cutoff).execute();
	return {
		sessions: Number(sessions.numDeletedRows),
		participantSessions: Number(participantSessions.numDeletedRows),
		logs: Number(logs.numDeletedRows),
		participants: ids.length
	};
}

/** Purges now, then every 6 hours (never keeping the process alive). Returns what stops it. */
export function startRetention(db: Db): () => void {
	const run = () => void purgeExpiredData(db).catch((e) => console.error('Purge des données expirées :', e));
	run();
	const timer = setInterval(run, 6 * 3600_000);
	timer.unref();
	return () => clearInterval(timer);
}
