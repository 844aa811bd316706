import type { Kysely } from 'kysely';

// Issue 18: a département's Word template for the plan's styles (src/lib/server/exports/docx-template.ts).
// Only the parts used are kept: its styles.xml and theme, as text, and the file's name to show.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('project_chartes').addColumn('template_styles', 'text').execute();
	await db.schema.alterTable('project_chartes').addColumn('template_theme', 'text').execute();
	await db.schema.alterTable('project_chartes').addColumn('template_name', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const column of ['template_styles', 'template_theme', 'template_name']) {
		await db.schema.alterTable('project_chartes').dropColumn(column).execute();
	}
}
