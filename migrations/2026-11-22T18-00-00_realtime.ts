import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
	// Participants' commands, kept by their client-made id so that a retry is a no-op.
	await db.schema
		.createTable('commands')
		.addColumn('id', 'text', (c) => c.primaryKey()) // client-made (UUID)
		.addColumn('participant_id', 'integer', (c) => c.notNull().references('participants.id').onDelete('cascade'))
		.addColumn('board_id', 'integer', (c) => c.notNull().references('boards.id').onDelete('cascade'))
		.addColumn('type', 'text', (c) => c.notNull())
		.addColumn('note_id', 'text')
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.execute();

	// Who wrote which note, kept out of the shared document (anonymous boards must never carry
	// the author in the doc, and ownership decides who may edit or delete).
	await db.schema
		.createTable('note_owners')
		.addColumn('board_id', 'integer', (c) => c.notNull().references('boards.id').onDelete('cascade'))
		.addColumn('note_id', 'text', (c) => c.notNull())
		.addColumn('participant_id', 'integer', (c) => c.references('participants.id').onDelete('set null'))
		.addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('note_owners_pk', ['board_id', 'note_id'])
		.execute();

	// Who sent which accepted doc update (writers' sockets): enough to tell who deleted a note.
	await db.schema.alterTable('doc_updates').addColumn('user_id', 'integer').execute();
	await db.schema.alterTable('doc_updates').addColumn('participant_id', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('doc_updates').dropColumn('participant_id').execute();
	await db.schema.alterTable('doc_updates').dropColumn('user_id').execute();
	await db.schema.dropTable('note_owners').execute();
	await db.schema.dropTable('commands').execute();
}
