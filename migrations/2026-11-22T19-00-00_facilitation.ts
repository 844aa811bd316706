import type { Kysely } from 'kysely';

// Facilitation of the diagnostic: board phases and modes, private writing, sub-groups and rounds
// (world café rotation), workshop timer and focus, dot votes. The server decides from these rows;
// the shared docs only mirror what every participant may see.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('boards').addColumn('phase', 'text', (c) => c.notNull().defaultTo('ecriture')).execute(); // ecriture | regroupement | vote | clos
	await db.schema.alterTable('boards').addColumn('private_writing', 'integer', (c) => c.notNull().defaultTo(0)).execute();
	await db.schema.alterTable('boards').addColumn('anonymous', 'integer', (c) => c.notNull().defaultTo(0)).execute();
	await db.schema.alterTable('boards').addColumn('locked', 'integer', (c) => c.notNull().defaultTo(0)).execute();
	await db.schema.alterTable('boards').addColumn('participants_can_group', 'integer', (c) => c.notNull().defaultTo(0)).execute();
	await db.schema.alterTable('boards').addColumn('vote_budget', 'integer', (c) => c.notNull().defaultTo(3)).execute();
	await db.schema.alterTable('boards').addColumn('vote_cap', 'integer').execute(); // max dots of one person on one target; null: no cap
	await db.schema.alterTable('boards').addColumn('votes_hidden', 'integer', (c) => c.notNull().defaultTo(1)).execute();

	await db.schema.alterTable('workshops').addColumn('current_round', 'integer', (c) => c.notNull().defaultTo(0)).execute(); // 0: no rotation started
	// Timer: running when ends_at is set; paused when paused_remaining_ms is set.
	await db.schema.alterTable('workshops').addColumn('timer_ends_at', 'integer').execute();
	await db.schema.alterTable('workshops').addColumn('timer_paused_remaining_ms', 'integer').execute();
	await db.schema.alterTable('workshops').addColumn('timer_stops_writing', 'integer', (c) => c.notNull().defaultTo(0)).execute();
	// "Tout le monde ici": every participant's screen goes to this board.
	await db.schema.alterTable('workshops').addColumn('focus_board_id', 'integer').execute();

	// Notes written while a board is in private writing: kept here, out of the shared doc, until the reveal.
	await db.schema
		.createTable('private_notes')
		.addColumn('board_id', 'integer', (c) => c.notNull().references('boards.id').onDelete('cascade'))
		.addColumn('note_id', 'text', (c) => c.notNull())
		.addColumn('participant_id', 'integer', (c) => c.notNull().references('participants.id').onDelete('cascade'))
		.addColumn('text', 'text', (c) => c.notNull())
		.addColumn('column_id', 'text', (c) => c.notNull())
		.addColumn('colour', 'text', (c) => c.notNull())
		.addColumn('round', 'integer')
		.addColumn('group_name', 'text')
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('private_notes_pk', ['board_id', 'note_id'])
		.execute();

	await db.schema
		.createTable('groups')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('workshop_id', 'integer', (c) => c.notNull().references('workshops.id').onDelete('cascade'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('position', 'integer', (c) => c.notNull())
		.execute();
	await db.schema
		.createTable('group_members')
		.addColumn('group_id', 'integer', (c) => c.notNull().references('groups.id').onDelete('cascade'))
		.addColumn('participant_id', 'integer', (c) => c.notNull().references('participants.id').onDelete('cascade'))
		.addPrimaryKeyConstraint('group_members_pk', ['participant_id'])
		.execute();

	await db.schema
		.createTable('votes')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('board_id', 'integer', (c) => c.notNull().references('boards.id').onDelete('cascade'))
		.addColumn('participant_id', 'integer', (c) => c.notNull().references('participants.id').onDelete('cascade'))
		// A cluster id, or a note id when the board has no clusters.
		.addColumn('target_id', 'text', (c) => c.notNull())
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('votes_board_participant').on('votes').columns(['board_id', 'participant_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('votes').execute();
	await db.schema.dropTable('group_members').execute();
	await db.schema.dropTable('groups').execute();
	await db.schema.dropTable('private_notes').execute();
	for (const c of ['focus_board_id', 'timer_stops_writing', 'timer_paused_remaining_ms', 'timer_ends_at', 'current_round']) {
		await db.schema.alterTable('workshops').dropColumn(c).execute();
	}
	for (const c of ['votes_hidden', 'vote_cap', 'vote_budget', 'participants_can_group', 'locked', 'anonymous', 'private_writing', 'phase']) {
		await db.schema.alterTable('boards').dropColumn(c).execute();
	}
}
