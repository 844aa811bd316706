import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { DEFAULT_DATABASE_PATH } from '../db/database.ts';
import { readHealth, type Health } from '../health.ts';

// GET /healthz, for a service manager, a load balancer or a monitor: is the process up, can the
// database be written, is there disk space, is any live doc failing to save? 200 when all is well,
// 503 otherwise, with the reasons in French. Counters only: no note text, no name, no path.
// /api/health (health.ts) stays as it was; this adds what a liveness probe needs: a real write test.

export interface DatabaseProbe {
	writable: boolean;
	ms: number;
	error?: string;
}

/**
 * Takes SQLite's write lock from a connection of its own (BEGIN IMMEDIATE, then ROLLBACK: nothing
 * is written to the database) and writes, syncs and removes a small file beside the database: fails
 * on a read-only file or mount, a lock held past PROBE_LOCK_WAIT_MS, a full disk. The wait is short
 * because better-sqlite3 waits synchronously: the server's event loop (every live board) waits too.
 */
const PROBE_LOCK_WAIT_MS = 500;

export function probeDatabase(path: string): DatabaseProbe {
	const started = performance.now();
	const ms = () => Math.round((performance.now() - started) * 10) / 10;
	let db: Database.Database | null = null;
	try {
		db = new Database(path, { fileMustExist: true, timeout: PROBE_LOCK_WAIT_MS });
		db.exec('BEGIN IMMEDIATE');
		db.exec('ROLLBACK');
		const probe = join(dirname(resolve(path)), `.tablee-healthz-${process.pid}`);
		writeFileSync(probe, `${Date.now()}\n`, { flush: true });
		rmSync(probe, { force: true });
		return { writable: true, ms: ms() };
	} catch (e) {
		const code = (e as { code?: string }).code;
		return { writable: false, ms: ms(), error: code ?? (e instanceof Error ? e.name : 'erreur') };
	} finally {
		db?.close();
	}
}

/** The same window as health.ts: a storage failure this recent still shows. */
const RECENT_FAILURE_MS = 5 * 60_000;

export interface Healthz {
	status: 'ok' | 'degraded';
	problems: string[];
	checks: {
		process: { ok: true; uptimeSeconds: number; node: string; memoryMB: number };
		database: { ok: boolean } & DatabaseProbe;
		disk: { ok: boolean } & Health['disk'];
		docs: { ok: boolean; degraded: boolean; docsRepaired: number; lastFailureAt: number | null };
	};
	sync: Health['sync'];
}

export function readHealthz(now = Date.now()): Healthz {
	const health = readHealth(now);
	const database = probeDatabase(process.env.DATABASE_PATH || DEFAULT_DATABASE_PATH);
	const problems = [...health.problems];
	if (!database.writable) problems.unshift(`La base de données n'accepte pas d'écriture (${database.error}).`);
	const store = health.store;
	// As /api/health says (health.ts): failing now, failed in the last 5 minutes, or repaired at load.
	const docsFailing = store.degraded || (store.lastFailureAt !== null && now - store.lastFailureAt < RECENT_FAILURE_MS) || store.docsRepaired > 0;
	return {
		status: problems.length ? 'degraded' : 'ok',
		problems,
		checks: {
			process: { ok: true, uptimeSeconds: Math.round(process.uptime()), node: process.version, memoryMB: Math.round(process.memoryUsage().rss / 1024 / 1024) },
			database: { ok: database.writable, ...database },
			disk: { ok: !health.disk.low, ...health.disk },
			docs: {
				ok: !docsFailing,
				degraded: store.degraded,
				docsRepaired: store.docsRepaired,
				lastFailureAt: store.lastFailureAt
			}
		},
		sync: health.sync
	};
}
