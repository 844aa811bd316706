import { sql, type Kysely } from 'kysely';

// Issue 14 (security and personal data).
// - account_links: single-use links (only their SHA-256 kept, like sessions) that let someone set
//   a password: the first administrator's setup link, invitations (by the administrator, or into
//   a project for an e-mail with no account yet) and password resets issued by the administrator.
// - workshops.joining_until: when a facilitator reopens joining after it closed by itself (some
//   time after the workshop's date), the new deadline; the later of it and the date's deadline wins.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('workshops').addColumn('joining_until', 'integer').execute();
	await db.schema
		.createTable('account_links')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('kind', 'text', (c) => c.notNull()) // setup | invitation | reset
		.addColumn('email', 'text') // invitation: the address invited; setup: none (typed by the person)
		.addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('cascade')) // reset
		.addColumn('project_id', 'integer', (c) => c.references('projects.id').onDelete('cascade')) // invitation into a project
		.addColumn('role', 'text')
		.addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('expires_at', 'integer', (c) => c.notNull())
		.addColumn('used_at', 'integer')
		.execute();
	// Public restitution links expire on a date chosen when the link is made; older links get 30 days.
	await db.schema.alterTable('restitution_links').addColumn('expires_at', 'integer').execute();
	await db.updateTable('restitution_links').set({ expires_at: sql`created_at + ${30 * 24 * 3600_000}` }).execute();
	await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('account_links').execute();
	await db.schema.dropIndex('audit_log_at').execute();
	await db.schema.alterTable('workshops').dropColumn('joining_until').execute();
	await db.schema.alterTable('restitution_links').dropColumn('expires_at').execute();
}
