import type { Kysely } from 'kysely';

// A project's own words for the clustering suggestions ("Vocabulaire du territoire"): the text file
// as the département wrote it, validated on save (src/lib/domain/project-vocabulary.ts). One row
// per project that has one; none means the thesaurus alone.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('project_vocabularies')
		.addColumn('project_id', 'integer', (c) => c.primaryKey().references('projects.id').onDelete('cascade'))
		.addColumn('text', 'text', (c) => c.notNull())
		.addColumn('updated_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('updated_at', 'integer', (c) => c.notNull())
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('project_vocabularies').execute();
}
