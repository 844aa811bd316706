import type { Kysely } from 'kysely';

// Issue 18.
// - project_chartes: a project's charte graphique for its documents: its logo (stored as PNG or
//   JPEG; an SVG uploaded is rendered to PNG on upload, so no SVG is ever served back) with its
//   size in pixels, and the colour of the documents' headings. Apart from projects so that the
//   logo's bytes are never read with the project's row.
// - fiches.period_incomplete: 1 when a planning phrase of the fiche was not understood, so the
//   sommaire's period (period_start-period_end, from the phrases understood) says it may be wider.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('fiches').addColumn('period_incomplete', 'integer', (c) => c.notNull().defaultTo(0)).execute();
	await db.schema
		.createTable('project_chartes')
		.addColumn('project_id', 'integer', (c) => c.primaryKey().references('projects.id').onDelete('cascade'))
		.addColumn('logo', 'blob')
		.addColumn('logo_type', 'text')
		.addColumn('logo_width', 'integer')
		.addColumn('logo_height', 'integer')
		.addColumn('colour', 'text')
		.addColumn('updated_at', 'integer', (c) => c.notNull())
		.execute();
	// The phrases are read anew at the next start (rentrée = September, lists, "dès 2025"...).
	await db.updateTable('fiches').set({ projected_at: 0 }).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('fiches').dropColumn('period_incomplete').execute();
	await db.schema.dropTable('project_chartes').execute();
}
