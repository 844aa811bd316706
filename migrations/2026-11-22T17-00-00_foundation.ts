import type { Kysely } from 'kysely';

// Frozen in time: never edit a migration that has shipped, add a new one.
// Times are stored as integer milliseconds since the epoch (UTC); dates typed by users
// (a workshop's day) as ISO 'YYYY-MM-DD' text.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('users')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		// Stored lower-cased and trimmed, so uniqueness is case-insensitive.
		.addColumn('email', 'text', (c) => c.notNull().unique())
		.addColumn('display_name', 'text', (c) => c.notNull())
		.addColumn('password_hash', 'text', (c) => c.notNull())
		// The first account created on an instance administers it.
		.addColumn('is_admin', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.execute();

	// Lucia-style sessions: the id is the SHA-256 of the token held in the cookie,
	// so a leaked database does not leak usable sessions.
	await db.schema
		.createTable('sessions')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('expires_at', 'integer', (c) => c.notNull())
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('sessions_user_id').on('sessions').column('user_id').execute();

	await db.schema
		.createTable('projects')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('departement', 'text', (c) => c.notNull())
		// Direction de territoire (DT) the plan covers.
		.addColumn('territory', 'text', (c) => c.notNull())
		.addColumn('period_start', 'integer', (c) => c.notNull())
		.addColumn('period_end', 'integer', (c) => c.notNull())
		.addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('archived_at', 'integer')
		.execute();

	await db.schema
		.createTable('project_axes')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
		// Short code used in fiche numbers ("12/INS").
		.addColumn('code', 'text', (c) => c.notNull())
		.addColumn('label', 'text', (c) => c.notNull())
		.addColumn('position', 'integer', (c) => c.notNull())
		.addUniqueConstraint('project_axes_code', ['project_id', 'code'])
		.execute();

	await db.schema
		.createTable('project_members')
		.addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
		// owner | facilitator | contributor | observer
		.addColumn('role', 'text', (c) => c.notNull())
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('project_members_pk', ['project_id', 'user_id'])
		.execute();
	await db.schema.createIndex('project_members_user').on('project_members').column('user_id').execute();

	await db.schema
		.createTable('workshops')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('date', 'text') // 'YYYY-MM-DD', optional
		.addColumn('place', 'text', (c) => c.notNull().defaultTo(''))
		// bilan | diagnostic | plan_actions | restitution
		.addColumn('phase', 'text', (c) => c.notNull())
		// Normalised 6-character code; unique across the instance so a code finds one workshop.
		.addColumn('join_code', 'text', (c) => c.notNull().unique())
		.addColumn('joining_open', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('archived_at', 'integer')
		.execute();
	await db.schema.createIndex('workshops_project').on('workshops').column('project_id').execute();

	await db.schema
		.createTable('boards')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('workshop_id', 'integer', (c) => c.notNull().references('workshops.id').onDelete('cascade'))
		.addColumn('theme', 'text', (c) => c.notNull())
		// atouts_problematiques | afom
		.addColumn('template', 'text', (c) => c.notNull())
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('archived_at', 'integer')
		.execute();
	await db.schema.createIndex('boards_workshop').on('boards').column('workshop_id').execute();

	// A partner who joined a workshop with its code: no account, scoped to that workshop.
	await db.schema
		.createTable('participants')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('workshop_id', 'integer', (c) => c.notNull().references('workshops.id').onDelete('cascade'))
		.addColumn('display_name', 'text', (c) => c.notNull())
		.addColumn('organisation', 'text', (c) => c.notNull())
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('participants_workshop').on('participants').column('workshop_id').execute();

	await db.schema
		.createTable('participant_sessions')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('participant_id', 'integer', (c) =>
			c.notNull().references('participants.id').onDelete('cascade')
		)
		.addColumn('expires_at', 'integer', (c) => c.notNull())
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.execute();

	// Durable Yjs storage: every accepted update is appended here before it is broadcast;
	// compaction folds the log into doc_snapshots.
	await db.schema
		.createTable('doc_updates')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('doc_name', 'text', (c) => c.notNull())
		.addColumn('data', 'blob', (c) => c.notNull())
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('doc_updates_doc').on('doc_updates').columns(['doc_name', 'id']).execute();

	await db.schema
		.createTable('doc_snapshots')
		.addColumn('doc_name', 'text', (c) => c.primaryKey())
		.addColumn('data', 'blob', (c) => c.notNull())
		// Highest doc_updates.id folded into this snapshot.
		.addColumn('last_update_id', 'integer', (c) => c.notNull())
		.addColumn('updated_at', 'integer', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('audit_log')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('at', 'integer', (c) => c.notNull())
		.addColumn('user_id', 'integer')
		.addColumn('participant_id', 'integer')
		.addColumn('action', 'text', (c) => c.notNull())
		.addColumn('subject', 'text', (c) => c.notNull())
		.addColumn('detail', 'text')
		.execute();

}

export async function down(db: Kysely<any>): Promise<void> {
	for (const t of [
		'audit_log',
		'doc_snapshots',
		'doc_updates',
		'participant_sessions',
		'participants',
		'boards',
		'workshops',
		'project_members',
		'project_axes',
		'projects',
		'sessions',
		'users'
	]) {
		await db.schema.dropTable(t).execute();
	}
}
