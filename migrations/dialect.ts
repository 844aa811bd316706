import { PostgresAdapter, type Kysely } from 'kysely';

// Not a migration: what the migrations ask to run on SQLite and on PostgreSQL alike. Column types
// are written in SQLite's vocabulary and translated for PostgreSQL by the database layer
// (src/lib/server/db/postgres.ts); only the few statements with no common form ask this.
export function isPostgres(db: Kysely<any>): boolean {
	return db.getExecutor().adapter instanceof PostgresAdapter;
}
