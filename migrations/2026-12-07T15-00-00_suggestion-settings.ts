import type { Kysely } from 'kysely';

// A project's settings for the clustering suggestions, one row per project that changed them (none:
// the thesaurus alone, no semantic help).
// - vocabulary: the territory's own words, the text file as the département wrote it, validated on
//   save (src/lib/domain/project-vocabulary.ts); '' for none.
// - semantic_enabled: 1 when the project lets the server send note texts to the OpenAI-compatible
//   endpoint the administrator configured (SEMANTIC_API_URL); off by default.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('project_suggestion_settings')
		.addColumn('project_id', 'integer', (c) => c.primaryKey().references('projects.id').onDelete('cascade'))
		.addColumn('vocabulary', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('semantic_enabled', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('updated_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('updated_at', 'integer', (c) => c.notNull())
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('project_suggestion_settings').execute();
}
