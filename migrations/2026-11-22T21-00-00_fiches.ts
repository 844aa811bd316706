import { sql, type Kysely } from 'kysely';
import { isPostgres } from './dialect.ts';

// Fiches-actions. The text lives in one Y.Doc per fiche (`fiche:<id>`); this row keeps what the
// plan decides (number, axis, status) and a projection of the doc (title, porteur, lieu, planning
// period, text) refreshed by the server, so lists, search and exports never open every doc.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('fiches')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
		.addColumn('number', 'integer') // given at creation, stable; renumbering is an explicit command
		.addColumn('axis', 'text') // axis code (COOR, INS...), null until chosen
		.addColumn('status', 'text', (c) => c.notNull().defaultTo('brouillon'))
		.addColumn('status_reason', 'text') // why it was abandoned
		.addColumn('status_changed_at', 'integer')
		.addColumn('status_changed_by', 'text') // display name of who changed it
		.addColumn('title', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('porteur', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('lieu', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('period_start', 'text') // 'YYYY-MM' of the earliest understood planning phrase
		.addColumn('period_end', 'text')
		.addColumn('source_board_id', 'integer', (c) => c.references('boards.id').onDelete('set null'))
		.addColumn('source_cluster_id', 'text')
		.addColumn('votes', 'integer')
		.addColumn('vote_rank', 'integer')
		.addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('updated_at', 'integer', (c) => c.notNull())
		.addColumn('projected_at', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('archived_at', 'integer')
		.execute();
	await db.schema.createIndex('fiches_project').on('fiches').columns(['project_id', 'number']).execute();
	await db.schema.createIndex('fiches_source').on('fiches').columns(['source_board_id', 'source_cluster_id']).execute();

	// Full-text search over every field (accents folded: "mobilite" finds "mobilité").
	if (isPostgres(db)) {
		// PostgreSQL: the same table and columns (rowid = the fiche's id), searched through a French
		// configuration that folds accents (unaccent, then the French stemmer). unaccent is a
		// "trusted" extension: the database's owner may create it.
		await sql`CREATE EXTENSION IF NOT EXISTS unaccent`.execute(db);
		await sql`CREATE TEXT SEARCH CONFIGURATION tablee_fr (COPY = french)`.execute(db);
		await sql`ALTER TEXT SEARCH CONFIGURATION tablee_fr ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem`.execute(db);
		await sql`CREATE TABLE fiches_fts (
			rowid bigint PRIMARY KEY,
			title text NOT NULL,
			body text NOT NULL,
			tsv tsvector GENERATED ALWAYS AS (to_tsvector('tablee_fr'::regconfig, title || ' ' || body)) STORED
		)`.execute(db);
		await sql`CREATE INDEX fiches_fts_tsv ON fiches_fts USING gin (tsv)`.execute(db);
	} else {
		await sql`CREATE VIRTUAL TABLE fiches_fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2')`.execute(db);
	}

	await db.schema
		.createTable('fiche_status_history')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('fiche_id', 'integer', (c) => c.notNull().references('fiches.id').onDelete('cascade'))
		.addColumn('from_status', 'text')
		.addColumn('to_status', 'text', (c) => c.notNull())
		.addColumn('reason', 'text')
		.addColumn('by_name', 'text', (c) => c.notNull())
		.addColumn('at', 'integer', (c) => c.notNull())
		.execute();

	// Versions: the doc's whole state at a moment (status change, at most hourly while edited, before a restore).
	await db.schema
		.createTable('fiche_versions')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('fiche_id', 'integer', (c) => c.notNull().references('fiches.id').onDelete('cascade'))
		.addColumn('reason', 'text', (c) => c.notNull())
		.addColumn('by_name', 'text')
		.addColumn('state', 'blob', (c) => c.notNull())
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('fiche_versions_fiche').on('fiche_versions').columns(['fiche_id', 'created_at']).execute();

	// Invitation links for co-writers without an account: write access to one fiche only.
	await db.schema
		.createTable('fiche_invites')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('fiche_id', 'integer', (c) => c.notNull().references('fiches.id').onDelete('cascade'))
		.addColumn('token_hash', 'text', (c) => c.notNull().unique())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('organisation', 'text', (c) => c.notNull())
		.addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('expires_at', 'integer', (c) => c.notNull())
		.addColumn('revoked_at', 'integer')
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('fiche_invites').execute();
	await db.schema.dropTable('fiche_versions').execute();
	await db.schema.dropTable('fiche_status_history').execute();
	await sql`DROP TABLE fiches_fts`.execute(db);
	if (isPostgres(db)) await sql`DROP TEXT SEARCH CONFIGURATION IF EXISTS tablee_fr`.execute(db);
	await db.schema.dropTable('fiches').execute();
}
