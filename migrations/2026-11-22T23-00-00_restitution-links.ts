import type { Kysely } from 'kysely';

// A public, read-only, revocable link to a workshop's restitution (observers follow on their own
// screens without an account). Only the SHA-256 of the token is stored.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('restitution_links')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('workshop_id', 'integer', (c) => c.notNull().references('workshops.id').onDelete('cascade'))
		.addColumn('token_hash', 'text', (c) => c.notNull().unique())
		.addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('revoked_at', 'integer')
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('restitution_links').execute();
}
