import type { Kysely } from 'kysely';

// Issue 14 (security and personal data).
// - workshops.joining_until: when a facilitator reopens joining after it closed by itself (some
//   time after the workshop's date), the new deadline; the later of it and the date's deadline wins.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('workshops').addColumn('joining_until', 'integer').execute();
	await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('audit_log_at').execute();
	await db.schema.alterTable('workshops').dropColumn('joining_until').execute();
}
