import type { Kysely } from 'kysely';

// The whole text of a fiche (fields and planning, JSON) in its projection, so that exports of the
// plan (DOCX, printable HTML, CSV, Markdown) read SQL only and never open every doc.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('fiches').addColumn('content', 'text', (c) => c.notNull().defaultTo('')).execute();
	await db.updateTable('fiches').set({ projected_at: 0 }).execute(); // refreshed at the next start
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('fiches').dropColumn('content').execute();
}
