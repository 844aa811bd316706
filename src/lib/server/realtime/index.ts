import type { IncomingMessage } from 'node:http';
import { getDb, getSqlite } from '../db/database.ts';
import { DocStore } from './doc-store.ts';
import { SqliteDocPersistence, type DocPersistence } from './persistence.ts';
import { FAULT_INJECTION_ENABLED, FaultInjectingPersistence } from './fault-injection.ts';
import { CLOSE, SyncServer } from './sync-server.ts';
import { recheckAccess, resolveDocAccess, type DocAccess } from './access.ts';
import { flushFicheProjections, onDocUpdated } from '../fiches/projection.ts';
import { notifyDoc } from '../restitution/live.ts';
import { beforeBoardWrite } from '../boards/note-journal.ts';

export { CLOSE } from './sync-server.ts';

interface Realtime {
	store: DocStore;
	/** Only with TABLEE_FAULT_INJECTION=1 (tests): the storage port that fails on demand. */
	faults: FaultInjectingPersistence | null;
	sync: SyncServer | null;
	sweep: ReturnType<typeof setInterval> | null;
}

// One doc store per process, whichever copy of this module asks first (SvelteKit's bundle, the
// server entry or Vite's plugin): routes and sockets must see the same live docs.
const KEY = Symbol.for('tablee.realtime');
type G = typeof globalThis & { [KEY]?: Realtime };

function env(name: string, fallback: number): number {
	const v = Number(process.env[name]);
	return Number.isFinite(v) && v >= 0 && process.env[name] !== '' && process.env[name] !== undefined ? v : fallback;
}

function realtime(): Realtime {
	const g = globalThis as G;
	if (g[KEY]) return g[KEY];
	const sqlite: DocPersistence = new SqliteDocPersistence(getSqlite());
	const faults = FAULT_INJECTION_ENABLED ? new FaultInjectingPersistence(sqlite) : null;
	g[KEY] ??= {
		faults,
		store: new DocStore(faults ?? sqlite, {
			compactAfter: env('DOC_COMPACT_AFTER', 500),
			unloadAfterMs: env('DOC_UNLOAD_AFTER_MS', 30_000),
			onError: (e, name) => logStoreError(name, e),
			onRepair: (name, dropped) => console.error(`[docstore] ${name} repaired on load: ${dropped.join('; ')}`),
			onUpdate: (name) => {
				onDocUpdated(name, getDb, getDocStore);
				notifyDoc(name);
			}
		}),
		sync: null,
		sweep: null
	};
	return g[KEY];
}

let lastStoreLog = 0;
let storeLogsSuppressed = 0;
/** One line per second at most: a failing disk must not be filled further by our own log. */
function logStoreError(name: string, e: unknown) {
	const t = Date.now();
	if (t - lastStoreLog < 1000) {
		storeLogsSuppressed++;
		return;
	}
	lastStoreLog = t;
	const more = storeLogsSuppressed ? ` (+${storeLogsSuppressed} suppressed)` : '';
	storeLogsSuppressed = 0;
	console.error(`[docstore] ${name}: ${e instanceof Error ? `${(e as { code?: string }).code ?? e.name}: ${e.message}` : String(e)}${more}`);
}

/** The storage port's fault injector (tests only; null otherwise). */
export function getFaultInjector(): FaultInjectingPersistence | null {
	return realtime().faults;
}

export function getDocStore(): DocStore {
	return realtime().store;
}

/** The WebSocket side; created once, after the database is open. */
export function getSyncServer(): SyncServer {
	const rt = realtime();
	if (!rt.sync) {
		rt.sync = new SyncServer(rt.store, {
			authorize: (req: IncomingMessage, docName: string) => resolveDocAccess(getDb(), docName, req.headers.cookie),
			// The board's journal of deleted notes (who removed which note).
			beforeWrite: (access, doc, ds) => beforeBoardWrite(getDb(), access, doc, ds),
			pingIntervalMs: env('SYNC_PING_INTERVAL_MS', 30_000)
		});
		// Sessions expire and roles change while sockets stay open: re-check them every minute.
		rt.sweep = setInterval(() => void recheckConnections(), env('SYNC_RECHECK_INTERVAL_MS', 60_000));
		rt.sweep.unref?.();
	}
	return rt.sync;
}

async function recheckConnections() {
	const sync = realtime().sync;
	if (!sync) return;
	const db = getDb();
	for (const c of [...sync.connections()]) {
		const verdict = await recheckAccess(db, c.access);
		if (verdict === 'unauthenticated') c.close(CLOSE.unauthenticated, 'Session expirée');
		else if (verdict === 'forbidden') c.close(CLOSE.forbidden, 'Accès retiré');
	}
}

/** Closes live sockets matching `match` (called by routes on logout, removal, archiving). */
export function revokeConnections(match: (a: DocAccess) => boolean, code: number, reason: string): number {
	return realtime().sync?.closeWhere(match, code, reason) ?? 0;
}

export async function stopRealtime(): Promise<void> {
	const g = globalThis as G;
	const rt = g[KEY];
	if (!rt) return;
	if (rt.sweep) clearInterval(rt.sweep);
	await rt.sync?.close();
	// The lists must show what was typed just before the stop.
	try {
		await flushFicheProjections(getDb(), rt.store);
	} catch (e) {
		console.error('[fiches] projections at shutdown:', e);
	}
	rt.store.closeAll();
	delete g[KEY];
}

/** Counters of the sync server (zeros before the first socket). */
export function getSyncStats() {
	const sync = realtime().sync;
	return {
		rooms: sync?.rooms.size ?? 0,
		connections: sync?.connectionCount() ?? 0,
		totals: sync ? { ...sync.totals } : null
	};
}
