import type { Kysely } from 'kysely';

// The audit trail that compaction does not erase.
// - note_deletions: each note removed from a board (by its author's command or a facilitator's
//   socket), with its text as it was: the facilitator's "who deleted this note?".
// - doc_update_trail: who sent which accepted update and when, copied from doc_updates when
//   compaction folds the updates into a snapshot (the bytes go, the trail stays).
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('note_deletions')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('board_id', 'integer', (c) => c.notNull().references('boards.id').onDelete('cascade'))
		.addColumn('note_id', 'text', (c) => c.notNull())
		.addColumn('text', 'text', (c) => c.notNull())
		.addColumn('column_id', 'text', (c) => c.notNull())
		.addColumn('author_name', 'text')
		.addColumn('organisation', 'text')
		.addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('participant_id', 'integer', (c) => c.references('participants.id').onDelete('set null'))
		// Decided when the note is deleted (the table anonymous then, or the note written anonymously):
		// switching anonymity off later must not name its author or the participant who deleted it.
		.addColumn('anonymous', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('deleted_at', 'integer', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('note_deletions_board').on('note_deletions').columns(['board_id', 'deleted_at']).execute();

	await db.schema
		.createTable('doc_update_trail')
		.addColumn('id', 'integer', (c) => c.primaryKey())
		.addColumn('doc_name', 'text', (c) => c.notNull())
		.addColumn('bytes', 'integer', (c) => c.notNull())
		.addColumn('user_id', 'integer')
		.addColumn('participant_id', 'integer')
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('doc_update_trail_doc').on('doc_update_trail').columns(['doc_name', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('doc_update_trail').execute();
	await db.schema.dropTable('note_deletions').execute();
}
