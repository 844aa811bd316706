import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type MigrationProvider } from 'kysely';
import { migrations } from '../../../../migrations/index.ts';
import type { Database } from './schema.ts';
import { currentApp } from '../app-instance.ts';
import { isPostgresUrl } from './postgres.ts';
import { StorageStartError } from './storage-check.ts';

export type Db = Kysely<Database>;

export const DEFAULT_DATABASE_PATH = './data/tablee.sqlite';

/** Where each Kysely instance opened here keeps its raw handle (a property of the instance itself,
 * under a registered symbol: whichever copy of this module opened it, every copy can read it). */
const SQLITE_HANDLE = Symbol.for('tablee.database.sqlite');

/** The better-sqlite3 handle under a Db opened by this module, for the hot paths written in SQL. */
export function sqliteOf(db: Db): SQLite.Database {
	const sqlite = (db as unknown as { [SQLITE_HANDLE]?: SQLite.Database })[SQLITE_HANDLE];
	if (!sqlite) throw new Error('Base de données inconnue : ouvrez-la avec openDatabaseWithHandle().');
	return sqlite;
}

export function openDatabase(path: string): Db {
	return openDatabaseWithHandle(path).db;
}

const rawStatements = new WeakMap<SQLite.Database, Map<string, SQLite.Statement>>();

/**
 * A statement prepared once per handle. For the few paths that run for every request or command
 * (session checks, participant commands), where building and compiling a Kysely query cost more than
 * running it. Synchronous, like everything on this handle.
 */
export function prepared<P extends unknown[] = unknown[], R = unknown>(sqlite: SQLite.Database, sql: string): SQLite.Statement<P, R> {
	let map = rawStatements.get(sqlite);
	if (!map) rawStatements.set(sqlite, (map = new Map()));
	let stmt = map.get(sql);
	if (!stmt) map.set(sql, (stmt = sqlite.prepare(sql)));
	return stmt as SQLite.Statement<P, R>;
}

export function openDatabaseWithHandle(path: string): { db: Db; sqlite: SQLite.Database } {
	if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
	const sqlite = new SQLite(path);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('foreign_keys = ON');
	// Durable on commit under WAL, without paying a full fsync per transaction.
	sqlite.pragma('synchronous = NORMAL');
	sqlite.pragma('busy_timeout = 5000');
	const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
	Object.defineProperty(db, SQLITE_HANDLE, { value: sqlite });
	return { db, sqlite };
}

/** Statements kept per SQL text (at most this many, oldest dropped first). */
export const STATEMENT_CACHE_SIZE = 500;
const CACHEABLE = /^\s*(select|insert|update|delete|with|begin|commit|rollback|savepoint|release)\b/i;

/**
 * What Kysely sees of the database: the same handle, except that `prepare` returns the statement
 * already prepared for the same SQL text. Kysely prepares every query it runs again, and on the hot
 * paths (a participant's command, a socket's authorisation) preparing cost more than running.
 * Statements are synchronous and re-entrant in better-sqlite3, except one being iterated (a stream):
 * then a fresh one is prepared. SQLite re-prepares a cached statement itself after a schema change.
 */
export function withStatementCache(sqlite: SQLite.Database, size = STATEMENT_CACHE_SIZE) {
	const cache = new Map<string, SQLite.Statement>();
	return {
		prepare(sql: string): SQLite.Statement {
			const cached = cache.get(sql);
			if (cached && !cached.busy) return cached;
			const stmt = sqlite.prepare(sql);
			if (!cached && CACHEABLE.test(sql)) {
				if (cache.size >= size) cache.delete(cache.keys().next().value!);
				cache.set(sql, stmt);
			}
			return stmt;
		},
		close(): void {
			cache.clear();
			sqlite.close();
		},
		/** For tests: how many statements are kept. */
		get cachedStatements(): number {
			return cache.size;
		}
	};
}

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
	const migrator = new Migrator({ db, provider });
	const { error, results } = await migrator.migrateToLatest();
	if (error) throw error instanceof Error ? error : new Error(String(error));
	return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** The running app's database (see createApp). */
export function getDb(): Db {
	return currentApp().db;
}

/** The PostgreSQL URL when DATABASE_URL selects PostgreSQL, else null (SQLite, the default). */
export function configuredPostgresUrl(): string | null {
	const url: string | undefined = process.env.DATABASE_URL;
	if (!url) return null;
	if (isPostgresUrl(url)) return url;
	throw new StorageStartError(`DATABASE_URL doit commencer par postgres:// ou postgresql:// (reçu : ${url.split(':')[0]}:…). Sans DATABASE_URL, Tablée utilise SQLite (DATABASE_PATH).`);
}
