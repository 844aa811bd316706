import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createPgDatabase, testDatabaseKind } from './engines.ts';

const ROOT = resolve(import.meta.dirname, '../..');

export interface RunningServer {
	url: string;
	/** The SQLite file this server uses (fresh per server unless given). */
	databasePath: string;
	/** The PostgreSQL database it uses instead, under TEST_DATABASE=pg (else undefined). */
	databaseUrl?: string;
	/** Everything the server printed so far. */
	output: () => string;
	child: ChildProcess;
	/** SIGTERM, wait for a clean exit; returns the exit code. */
	stop: () => Promise<number | null>;
	/** SIGKILL (a crash), wait for the process to be gone. */
	kill: () => Promise<void>;
}

/**
 * Starts the real production entry (server/index.ts over the built SvelteKit handler) on a free
 * loopback port with its own temporary database, and resolves once it has printed its URL.
 * Needs `npm run build` first (the test command does it).
 */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
	if (!existsSync(join(ROOT, 'build/handler.js'))) throw new Error('build/handler.js manquant : lancez `npm run build`.');
	// A temporary folder only when no database file is given (a restart on the same file).
	const dir = env.DATABASE_PATH ? null : mkdtempSync(join(tmpdir(), 'tablee-test-'));
	const databasePath = env.DATABASE_PATH ?? join(dir!, 'tablee.sqlite');
	// TEST_DATABASE=pg: a fresh PostgreSQL database of the run's own cluster (tests/helpers/engines.ts)
	// instead of the SQLite file, unless the test gives DATABASE_URL itself (a restart on the same data).
	const pgDatabase = testDatabaseKind() === 'pg' && env.DATABASE_URL === undefined ? await createPgDatabase('srv') : null;
	if (pgDatabase) env = { ...env, DATABASE_URL: pgDatabase.url };
	const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
		cwd: ROOT,
		env: {
			...process.env,
			NODE_ENV: 'production',
			HOST: '127.0.0.1',
			PORT: '0',
			DATABASE_PATH: databasePath,
			SEED_DEMO: '0',
			// Most tests sign up through /inscription and use the demo account as administrator;
			// the tests of the closed defaults pass '' (tests/integration/accounts.test.ts).
			OPEN_SIGNUP: '1',
			DEMO_IS_ADMIN: '1',
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let out = '';
	child.stdout!.on('data', (d) => (out += d));
	child.stderr!.on('data', (d) => (out += d));
	const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));

	const url = await new Promise<string>((res, rej) => {
		const onData = () => {
			const m = /Tablée est prêt : (http:\/\/\S+)/.exec(out);
			if (m) {
				child.stdout!.off('data', onData);
				res(m[1]);
			}
		};
		child.stdout!.on('data', onData);
		exited.then((code) => rej(new Error(`Le serveur s'est arrêté (code ${code}) :\n${out}`)));
	});

	const cleanup = async () => {
		if (dir) rmSync(dir, { recursive: true, force: true });
		await pgDatabase?.drop();
	};
	return {
		url,
		databasePath,
		databaseUrl: pgDatabase?.url,
		output: () => out,
		child,
		stop: async () => {
			if (child.exitCode === null) child.kill('SIGTERM');
			const code = await exited;
			await cleanup();
			return code;
		},
		kill: async () => {
			if (child.exitCode === null) child.kill('SIGKILL');
			await exited;
		}
	};
}
