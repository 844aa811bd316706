import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type MigrationProvider } from 'kysely';
import { migrations } from '../../../../migrations/index.ts';
import type { Database } from './schema.ts';
import { isPostgresUrl, openPostgres } from './postgres.ts';
import { StorageStartError } from './storage-check.ts';

export type Db = Kysely<Database>;

export const DEFAULT_DATABASE_PATH = './data/tablee.sqlite';

interface Registry {
	db: Db;
	/** The raw handle, for the few synchronous hot paths (the Yjs update log); null on PostgreSQL. */
	sqlite: SQLite.Database | null;
	/** The SQLite file, or the PostgreSQL URL. */
	path: string;
	ready: Promise<void>;
}

// One database handle per process. SvelteKit's production bundle (build/handler.js) and the
// server entry (server/) each hold their own copy of this module, and so do Vite's SSR graph and
// the Vite plugin in development: the handle lives on globalThis so that all copies share it.
const REGISTRY = Symbol.for('tablee.database');
type GlobalWithRegistry = typeof globalThis & { [REGISTRY]?: Registry };

export function openDatabase(path: string): Db {
	return openDatabaseWithHandle(path).db;
}

/** The raw handle under each Kysely instance opened here (see sqliteOf). On globalThis, like the
 * registry: a Db opened by the server entry's copy of this module is used by SvelteKit's copy. */
const HANDLES = Symbol.for('tablee.database.handles');
const handles: WeakMap<object, SQLite.Database> = ((globalThis as typeof globalThis & { [HANDLES]?: WeakMap<object, SQLite.Database> })[HANDLES] ??= new WeakMap());

/** The better-sqlite3 handle under a Db opened by this module, for the hot paths written in SQL. */
export function sqliteOf(db: Db): SQLite.Database {
	const sqlite = handles.get(db);
	if (!sqlite) throw new Error('Base de données inconnue : ouvrez-la avec openDatabaseWithHandle().');
	return sqlite;
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
	handles.set(db, sqlite);
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

/** The PostgreSQL URL when DATABASE_URL selects PostgreSQL, else null (SQLite, the default). */
export function configuredPostgresUrl(): string | null {
	const url: string | undefined = process.env.DATABASE_URL;
	if (!url) return null;
	if (isPostgresUrl(url)) return url;
	throw new StorageStartError(`DATABASE_URL doit commencer par postgres:// ou postgresql:// (reçu : ${url.split(':')[0]}:…). Sans DATABASE_URL, Tablée utilise SQLite (DATABASE_PATH).`);
}

/**
 * Opens (once per process) the database: PostgreSQL when DATABASE_URL is set, else the SQLite file at
 * `path` (default: DATABASE_PATH or ./data/tablee.sqlite); applies every migration. Later calls return
 * the same handle.
 */
export async function ensureDatabase(path = process.env.DATABASE_PATH || DEFAULT_DATABASE_PATH): Promise<Db> {
	const g = globalThis as GlobalWithRegistry;
	if (!g[REGISTRY]) {
		const pgUrl = configuredPostgresUrl();
		if (pgUrl) {
			const { db } = openPostgres(pgUrl);
			g[REGISTRY] = { db, sqlite: null, path: pgUrl, ready: migrateToLatest(db).then(() => undefined) };
		} else {
			const { db, sqlite } = openDatabaseWithHandle(path);
			g[REGISTRY] = { db, sqlite, path, ready: migrateToLatest(db).then(() => undefined) };
		}
	}
	await g[REGISTRY].ready;
	return g[REGISTRY].db;
}

/** The process's database; ensureDatabase() must have run (server entry or hooks init). */
export function getDb(): Db {
	const g = globalThis as GlobalWithRegistry;
	if (!g[REGISTRY]) throw new Error('Base de données non initialisée : appelez ensureDatabase() au démarrage.');
	return g[REGISTRY].db;
}

export function getSqlite(): SQLite.Database {
	const g = globalThis as GlobalWithRegistry;
	if (!g[REGISTRY]) throw new Error('Base de données non initialisée : appelez ensureDatabase() au démarrage.');
	if (!g[REGISTRY].sqlite) throw new Error('Cette partie de Tablée lit encore SQLite directement : elle ne fonctionne pas encore sur PostgreSQL (DATABASE_URL).');
	return g[REGISTRY].sqlite;
}

/** True when the process's database is PostgreSQL. */
export function usingPostgres(): boolean {
	const g = globalThis as GlobalWithRegistry;
	return !!g[REGISTRY] && g[REGISTRY].sqlite === null;
}

export async function closeDatabase(): Promise<void> {
	const g = globalThis as GlobalWithRegistry;
	const reg = g[REGISTRY];
	if (!reg) return;
	delete g[REGISTRY];
	await reg.ready.catch(() => undefined);
	await reg.db.destroy();
}
