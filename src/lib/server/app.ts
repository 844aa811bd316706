import type { IncomingMessage } from 'node:http';
import SQLite from 'better-sqlite3';
import { DEFAULT_DATABASE_PATH, migrateToLatest, openDatabaseWithHandle, type Db } from './db/database.ts';
import { openDocLogConnection, SqliteDocLog } from './db/sqlite-doc-log.ts';
import type { SyncDocLog } from './ports/doc-log.ts';
import type { Broadcast } from './ports/broadcast.ts';
import { InProcessBroadcastHub } from './realtime/in-process-broadcast.ts';
import { RedisBroadcast } from './redis/broadcast.ts';
import { matchesRevocation, RevocationBus, type RevocationFilter } from './redis/revocations.ts';
import { FaultInjectingPersistence } from './realtime/fault-injection.ts';
import { DocStore } from './realtime/doc-store.ts';
import { CLOSE, SyncServer } from './realtime/sync-server.ts';
import { recheckAccess, resolveDocAccess, type DocAccess } from './realtime/access.ts';
import { FicheProjections, refreshStaleProjections } from './fiches/projection.ts';
import { LiveRestitution } from './restitution/live.ts';
import { beforeBoardWrite } from './boards/note-journal.ts';
import { createThrottles, type Throttles } from './auth/rate-limit.ts';
import { startRetention } from './privacy/retention.ts';
import { findDemo, isDatabaseEmpty, seedDemo, type DemoInfo } from './demo/seed.ts';
import { hasAdministrator, issueSetupLink } from './auth/account-links.ts';
import type { ImportDraft } from './fiches/import-drafts.ts';
import { obtainApp } from './app-instance.ts';

// The composition root: everything the process holds is built here, in this order, and every
// feature hook is wired here (not inside the modules it hooks into). Read this file to see the
// whole process: server/index.ts (production), server/dev-plugin.ts with hooks.server.ts
// (development) and the tests' in-process server each call createApp and install the instance
// (app-instance.ts); routes reach it through `event.locals.app`.

export interface AppConfig {
	/** The SQLite file (created with its folder when missing); ':memory:' for a throwaway app. */
	databasePath: string;
	/** Fold a doc's log into a snapshot after this many updates. */
	compactAfter: number;
	/** Keep a doc nobody holds in memory this long (ms). */
	unloadAfterMs: number;
	/** WebSocket ping interval (ms). */
	pingIntervalMs: number;
	/** How often open sockets are checked against sessions and roles (ms). */
	recheckIntervalMs: number;
	/** Tests only: the storage port can be made to fail on demand (TABLEE_FAULT_INJECTION=1). */
	faultInjection: boolean;
	/** Seed the demo project on an empty database (see wantsDemo). */
	seedDemo: boolean;
	demo: { email?: string; password?: string; joinCode?: string; admin: boolean };
	/** How this process's rooms reach the other holders of their docs (default: none, in process). */
	broadcast?: Broadcast;
	/** REDIS_URL: the rooms' updates and presence go to the other instances through Redis. */
	redisUrl?: string;
}

function envNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
	const raw = env[name];
	const v = Number(raw);
	return raw !== undefined && raw !== '' && Number.isFinite(v) && v >= 0 ? v : fallback;
}

/**
 * The demo is seeded on an empty database when SEED_DEMO=1 (`npm start` sets it unless told
 * otherwise), or in development when SEED_DEMO is not set. A production start (`npm run serve`,
 * NODE_ENV=production) without SEED_DEMO=1 starts empty.
 */
export function wantsDemo(env: NodeJS.ProcessEnv = process.env): boolean {
	if (env.SEED_DEMO === '1') return true;
	if (env.SEED_DEMO === '0') return false;
	return !env.SEED_DEMO && env.NODE_ENV !== 'production';
}

/** The configuration the environment describes (the variables are listed in the README). */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): AppConfig {
	return {
		databasePath: env.DATABASE_PATH || DEFAULT_DATABASE_PATH,
		compactAfter: envNumber(env, 'DOC_COMPACT_AFTER', 500),
		unloadAfterMs: envNumber(env, 'DOC_UNLOAD_AFTER_MS', 30_000),
		pingIntervalMs: envNumber(env, 'SYNC_PING_INTERVAL_MS', 30_000),
		recheckIntervalMs: envNumber(env, 'SYNC_RECHECK_INTERVAL_MS', 60_000),
		faultInjection: env.TABLEE_FAULT_INJECTION === '1',
		seedDemo: wantsDemo(env),
		demo: { email: env.DEMO_EMAIL || undefined, password: env.DEMO_PASSWORD || undefined, joinCode: env.DEMO_JOIN_CODE || undefined, admin: env.DEMO_IS_ADMIN === '1' },
		redisUrl: env.REDIS_URL || undefined
	};
}

export interface StartResult {
	/** Set when the demo project exists; password only on the run that created it (or from DEMO_PASSWORD). */
	demo: (Omit<DemoInfo, 'password'> & { password: string | null }) | null;
	seeded: boolean;
	/** While the instance has no administrator: the token of the one-time link that creates it. */
	setupToken: string | null;
}

export interface App {
	readonly config: AppConfig;
	readonly db: Db;
	/** The raw handle under `db` (the hot paths' prepared statements). */
	readonly sqlite: SQLite.Database;
	/** The storage port of the docs (SQLite's log today, on a connection of its own). */
	readonly docLog: SyncDocLog;
	/** With faultInjection only: the storage port that fails on demand. */
	readonly faults: FaultInjectingPersistence | null;
	readonly docs: DocStore;
	/** The Broadcast port of the sync server (an in-process holder alone on its hub by default). */
	readonly broadcast: Broadcast;
	readonly sync: SyncServer;
	readonly live: LiveRestitution;
	readonly projections: FicheProjections;
	readonly throttles: Throttles;
	/** Import previews waiting for their confirmation (see fiches/import-drafts.ts). */
	readonly importDrafts: Map<string, ImportDraft>;
	/** What start() found or made (demo, setup link); null before start. */
	started: StartResult | null;
	/** Catches up projections, seeds the demo, issues the setup link, starts the retention purge. */
	start(): Promise<StartResult>;
	/**
	 * Closes live sockets matching `filter` (logout, removal, archiving) on this instance, and with
	 * REDIS_URL on every other instance too; how many here.
	 */
	revokeConnections(filter: RevocationFilter, code: number, reason: string): number;
	/** Counters of the sync server. */
	syncStats(): { rooms: number; connections: number; totals: SyncServer['totals'] };
	/** Closes sockets, flushes projections, compacts and unloads docs (requests can still finish). */
	stopRealtime(): Promise<void>;
	/** stopRealtime, then closes the database. */
	stop(): Promise<void>;
}

/** Builds the whole process's state on `config` (opens and migrates the database). */
export async function createApp(config: AppConfig): Promise<App> {
	// Storage.
	const { db, sqlite } = openDatabaseWithHandle(config.databasePath);
	await migrateToLatest(db);
	// The docs' log writes on its own connection: a request transaction rolled back cannot take a
	// sync write with it (see db/sqlite-doc-log.ts). An in-memory database has only one connection.
	const sqliteLog = new SqliteDocLog(config.databasePath === ':memory:' ? sqlite : openDocLogConnection(config.databasePath));
	const faults = config.faultInjection ? new FaultInjectingPersistence(sqliteLog) : null;
	const docLog: SyncDocLog = faults ?? sqliteLog;

	// Documents and what is derived from them.
	const storeLog = new StoreErrorLog();
	const docs = new DocStore(docLog, {
		compactAfter: config.compactAfter,
		unloadAfterMs: config.unloadAfterMs,
		onError: (e, name) => storeLog.log(name, e),
		onRepair: (name, dropped) => console.error(`[docstore] ${name} repaired on load: ${dropped.join('; ')}`)
	});
	const projections = new FicheProjections(db, docs);
	const live = new LiveRestitution();
	// Feature hooks, after every stored update: a fiche's SQL row, the restitution's live slides.
	docs.onUpdate(projections.onDocUpdated);
	docs.onUpdate((name) => live.notify(name));
	docs.onSettle(() => projections.flush());

	// The WebSocket side: who may open which doc, and the board's journal of deleted notes; its
	// rooms pass stored updates and presence to the other holders of the same doc.
	const broadcast = config.broadcast ?? (config.redisUrl ? new RedisBroadcast(config.redisUrl) : new InProcessBroadcastHub().holder());
	const sync = new SyncServer(docs, {
		broadcast,
		authorize: (req: IncomingMessage, docName: string) => resolveDocAccess(db, docName, req.headers.cookie),
		beforeWrite: (access, doc, ds) => beforeBoardWrite(db, access, doc, ds),
		pingIntervalMs: config.pingIntervalMs
	});
	// Revocations decided on another instance (REDIS_URL) close this instance's matching sockets.
	const revocations = config.redisUrl
		? new RevocationBus(config.redisUrl, (r) => sync.closeWhere((a) => matchesRevocation(r.filter, a), r.code, r.reason))
		: null;
	// Sessions expire and roles change while sockets stay open: re-check them every minute.
	const recheck = async () => {
		for (const c of [...sync.connections()]) {
			const verdict = await recheckAccess(db, c.access);
			if (verdict === 'unauthenticated') c.close(CLOSE.unauthenticated, 'Session expirée');
			else if (verdict === 'forbidden') c.close(CLOSE.forbidden, 'Accès retiré');
		}
	};
	const sweep = setInterval(() => void recheck().catch((e) => console.error('[sync] recheck:', e)), config.recheckIntervalMs);
	sweep.unref?.();

	let stopRetention: (() => void) | null = null;
	let realtimeStopped = false;
	let stopped = false;

	const app: App = {
		config,
		db,
		sqlite,
		docLog,
		faults,
		docs,
		broadcast,
		sync,
		live,
		projections,
		throttles: createThrottles(),
		importDrafts: new Map(),
		started: null,
		async start() {
			// After a crash, a projection may miss the last moments of typing.
			await refreshStaleProjections(db, docs);
			let result: Omit<StartResult, 'setupToken'>;
			if (!config.seedDemo) result = { demo: null, seeded: false };
			else if (await isDatabaseEmpty(db)) {
				const demo = await seedDemo(db, { ...config.demo, store: docs });
				result = { demo, seeded: true };
			} else {
				const demo = await findDemo(db, config.demo.email);
				result = { demo: demo ? { ...demo, password: config.demo.password ?? null } : null, seeded: false };
			}
			const setupToken = (await hasAdministrator(db)) ? null : (await issueSetupLink(db)).token;
			stopRetention = startRetention(db);
			app.started = { ...result, setupToken };
			return app.started;
		},
		revokeConnections: (filter, code, reason) => {
			revocations?.publish({ filter, code, reason }).catch((e) => console.error(`[revocations] ${(e as Error).message}`));
			return sync.closeWhere((a) => matchesRevocation(filter, a), code, reason);
		},
		syncStats: () => ({ rooms: sync.rooms.size, connections: sync.connectionCount(), totals: { ...sync.totals } }),
		async stopRealtime() {
			if (realtimeStopped) return;
			realtimeStopped = true;
			clearInterval(sweep);
			stopRetention?.();
			await sync.close();
			await broadcast.close();
			await revocations?.close();
			// The lists must show what was typed just before the stop.
			try {
				await projections.flush();
			} catch (e) {
				console.error('[fiches] projections at shutdown:', e);
			}
			await docs.allDurable();
			docs.closeAll();
		},
		async stop() {
			await app.stopRealtime();
			if (stopped) return;
			stopped = true;
			if (sqliteLog.sqlite !== sqlite) sqliteLog.close();
			app.throttles.redis?.disconnect();
			await db.destroy();
		}
	};
	return app;
}

/** One line per second at most: a failing disk must not be filled further by our own log. */
class StoreErrorLog {
	#last = 0;
	#suppressed = 0;
	log(name: string, e: unknown) {
		const t = Date.now();
		if (t - this.#last < 1000) {
			this.#suppressed++;
			return;
		}
		this.#last = t;
		const more = this.#suppressed ? ` (+${this.#suppressed} suppressed)` : '';
		this.#suppressed = 0;
		console.error(`[docstore] ${name}: ${e instanceof Error ? `${(e as { code?: string }).code ?? e.name}: ${e.message}` : String(e)}${more}`);
	}
}

/**
 * The process's app, configured from the environment, created and started once whoever asks first
 * (in development the Vite plugin and hooks.server.ts both ask; in production server/index.ts has
 * already installed it).
 */
export function appFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<App> {
	return obtainApp(async () => {
		const app = await createApp(configFromEnv(env));
		await app.start();
		return app;
	});
}
