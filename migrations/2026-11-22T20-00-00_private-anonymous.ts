import type { Kysely } from 'kysely';

// A note written privately on an anonymous table stays anonymous when revealed, even if the
// facilitator lifted anonymity in between: the promise made when it was written holds.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('private_notes').addColumn('anonymous', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('private_notes').dropColumn('anonymous').execute();
}
