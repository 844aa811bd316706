// The test run's own PostgreSQL and Redis: a PostgreSQL cluster made with `initdb` in a temporary
// folder and a `redis-server`, each on a free loopback port, stopped at the end of the run. The tests
// never use a service the machine may or may not run (a system PostgreSQL, a Redis on 6379).
//
// Vitest's global setup (tests/helpers/engines-setup.ts) starts both once per run and passes their
// addresses to the test files in the environment (TABLEE_TEST_PG_URL, TABLEE_TEST_REDIS_URL); each
// test file (or server) then gets its own database, copied from a template, with `createPgDatabase`.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** The Unix account PostgreSQL runs as when the tests run as root (it refuses to run as root). */
export const PG_TEST_USER = 'tablee-test';
/** The database every test database is copied from (extensions installed once). */
export const PG_TEMPLATE = 'tablee_template';

const HOW_TO_INSTALL =
	"installez les paquets Debian 'postgresql' et 'redis-server' (sudo apt-get install -y postgresql redis-server), " +
	'ou lancez `npm test` en root : il les installe lui-même.';

export class MissingEngineError extends Error {}

/** The folder holding `initdb` and `postgres` (PG_BIN, else Debian's newest /usr/lib/postgresql/N/bin). */
export function postgresBin(): string {
	if (process.env.PG_BIN) return process.env.PG_BIN;
	const base = '/usr/lib/postgresql';
	const versions = existsSync(base)
		? readdirSync(base)
				.filter((v) => /^\d+$/.test(v) && existsSync(join(base, v, 'bin/initdb')))
				.sort((a, b) => Number(b) - Number(a))
		: [];
	if (!versions.length) throw new MissingEngineError(`PostgreSQL est nécessaire aux tests (initdb introuvable dans ${base}/<version>/bin) : ${HOW_TO_INSTALL}`);
	return join(base, versions[0], 'bin');
}

export function redisBin(): string {
	const candidates = [process.env.REDIS_SERVER_BIN, '/usr/bin/redis-server', '/usr/local/bin/redis-server'].filter(Boolean) as string[];
	const found = candidates.find((p) => existsSync(p));
	if (!found) throw new MissingEngineError(`Redis est nécessaire aux tests (redis-server introuvable) : ${HOW_TO_INSTALL}`);
	return found;
}

/** A port nobody listens on right now (the OS picks it; a race with another process is unlikely). */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = createServer();
		srv.unref();
		srv.once('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as { port: number };
			srv.close(() => resolve(port));
		});
	});
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** uid/gid of the non-root account PostgreSQL runs as, created when missing. */
function testAccount(): { uid: number; gid: number } {
	const lookup = () => spawnSync('id', ['-u', PG_TEST_USER], { encoding: 'utf8' });
	let r = lookup();
	if (r.status !== 0) {
		const add = spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', PG_TEST_USER], { encoding: 'utf8' });
		if (add.status !== 0 && !/already exists|existe déjà/.test(add.stderr)) {
			throw new Error(`Impossible de créer le compte ${PG_TEST_USER} pour PostgreSQL : ${add.stderr}`);
		}
		r = lookup();
	}
	const uid = Number(r.stdout.trim());
	const gid = Number(spawnSync('id', ['-g', PG_TEST_USER], { encoding: 'utf8' }).stdout.trim());
	return { uid, gid };
}

export interface Engine {
	url: string;
	stop: () => Promise<void>;
}

function waitExit(child: ChildProcess): Promise<void> {
	return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

/** Resolves when `child` prints a line matching `ready`; rejects with its output if it exits first. */
function waitForOutput(child: ChildProcess, ready: RegExp, what: string, timeoutMs = 30_000): Promise<void> {
	return new Promise((resolve, reject) => {
		let out = '';
		const timer = setTimeout(() => reject(new Error(`${what} n'a pas démarré en ${timeoutMs / 1000} s :\n${out}`)), timeoutMs);
		const onData = (d: Buffer) => {
			out += d;
			if (ready.test(out)) {
				clearTimeout(timer);
				child.stdout?.off('data', onData);
				child.stderr?.off('data', onData);
				// Keep draining the pipes so that the engine never blocks on a full one.
				child.stdout?.resume();
				child.stderr?.resume();
				resolve();
			}
		};
		child.stdout?.on('data', onData);
		child.stderr?.on('data', onData);
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`${what} s'est arrêté (code ${code}) :\n${out}`));
		});
	});
}

/**
 * A fresh PostgreSQL cluster in a temporary folder, on a free loopback port, trusted for local
 * connections, with the template database (extension unaccent) made. As root, the cluster belongs to
 * the account PG_TEST_USER (created if needed). Durability is relaxed (fsync off): the tests kill
 * Tablée's processes, never PostgreSQL's, and a commit still happens before it is answered.
 */
export async function startPostgres(): Promise<Engine> {
	const bin = postgresBin();
	const dir = mkdtempSync(join(tmpdir(), 'tablee-pg-'));
	const data = join(dir, 'data');
	let owner: { uid: number; gid: number } | undefined;
	if (isRoot()) {
		owner = testAccount();
		chownSync(dir, owner.uid, owner.gid);
	}
	chmodSync(dir, 0o700);
	const user = owner ? PG_TEST_USER : (process.env.USER ?? 'postgres');
	const asOwner = owner ? { uid: owner.uid, gid: owner.gid } : {};
	const init = spawnSync(join(bin, 'initdb'), ['-D', data, '-U', user, '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync'], {
		encoding: 'utf8',
		...asOwner,
		env: { ...process.env, LC_ALL: 'C.UTF-8' }
	});
	if (init.status !== 0) {
		rmSync(dir, { recursive: true, force: true });
		throw new Error(`initdb a échoué :\n${init.stdout}\n${init.stderr}`);
	}
	writeFileSync(join(data, 'postgresql.auto.conf'), '');
	const port = await freePort();
	const child = spawn(
		join(bin, 'postgres'),
		['-D', data, '-p', String(port), '-h', '127.0.0.1', '-k', dir, '-c', 'fsync=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300', '-c', 'shared_buffers=64MB'],
		{ stdio: ['ignore', 'pipe', 'pipe'], ...asOwner, env: { ...process.env, LC_ALL: 'C.UTF-8' } }
	);
	try {
		await waitForOutput(child, /ready to accept connections/, 'PostgreSQL');
	} catch (e) {
		child.kill('SIGKILL');
		rmSync(dir, { recursive: true, force: true });
		throw e;
	}
	const url = `postgres://${encodeURIComponent(user)}@127.0.0.1:${port}/postgres`;
	const admin = new pg.Client({ connectionString: url });
	await admin.connect();
	try {
		await admin.query(`CREATE DATABASE ${PG_TEMPLATE}`);
	} finally {
		await admin.end();
	}
	const tpl = new pg.Client({ connectionString: withDatabase(url, PG_TEMPLATE) });
	await tpl.connect();
	try {
		// Tablée's migrations create it too (a superuser is needed for that, so a production database
		// has it created by its administrator); installed here once so that every copy has it.
		await tpl.query('CREATE EXTENSION IF NOT EXISTS unaccent');
	} finally {
		await tpl.end();
	}
	return {
		url,
		stop: async () => {
			// SIGINT: "fast shutdown" (active sessions are ended).
			if (child.exitCode === null) child.kill('SIGINT');
			await waitExit(child);
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

/** A redis-server on a free loopback port, nothing saved to disk. */
export async function startRedis(): Promise<Engine> {
	const bin = redisBin();
	const dir = mkdtempSync(join(tmpdir(), 'tablee-redis-'));
	const port = await freePort();
	const child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
		stdio: ['ignore', 'pipe', 'pipe']
	});
	try {
		await waitForOutput(child, /Ready to accept connections/, 'Redis');
	} catch (e) {
		child.kill('SIGKILL');
		rmSync(dir, { recursive: true, force: true });
		throw e;
	}
	return {
		url: `redis://127.0.0.1:${port}`,
		stop: async () => {
			if (child.exitCode === null) child.kill('SIGTERM');
			await waitExit(child);
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

/** The same server address with another database name. */
export function withDatabase(url: string, database: string): string {
	const u = new URL(url);
	u.pathname = `/${database}`;
	return u.toString();
}

/** The run's PostgreSQL (started by the global setup), or a clear French error. */
export function testPgUrl(): string {
	const url = process.env.TABLEE_TEST_PG_URL;
	if (!url) throw new Error("PostgreSQL de test absent : lancez les tests par Vitest (configuration du projet), qui le démarre (tests/helpers/engines-setup.ts).");
	return url;
}

export function testRedisUrl(): string {
	const url = process.env.TABLEE_TEST_REDIS_URL;
	if (!url) throw new Error("Redis de test absent : lancez les tests par Vitest (configuration du projet), qui le démarre (tests/helpers/engines-setup.ts).");
	return url;
}

/**
 * A new, empty database on the run's PostgreSQL (a copy of the template: extensions installed, no
 * table), for one test file or one server. `drop()` removes it, ending its connections first.
 */
export async function createPgDatabase(prefix = 't'): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
	const base = testPgUrl();
	const name = `${prefix}_${randomBytes(6).toString('hex')}`;
	const admin = new pg.Client({ connectionString: base });
	await admin.connect();
	try {
		await admin.query(`CREATE DATABASE ${name} TEMPLATE ${PG_TEMPLATE}`);
	} finally {
		await admin.end();
	}
	return {
		url: withDatabase(base, name),
		name,
		drop: async () => {
			const c = new pg.Client({ connectionString: base });
			await c.connect();
			try {
				await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
			} finally {
				await c.end();
			}
		}
	};
}

/** Which storage the test run targets: `TEST_DATABASE=pg` runs the suite against PostgreSQL. */
export function testDatabaseKind(): 'sqlite' | 'pg' {
	return process.env.TEST_DATABASE === 'pg' ? 'pg' : 'sqlite';
}
