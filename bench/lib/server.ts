// The real production server for the benchmark: tests/helpers/server.ts's startServer, plus extra
// node flags (`--cpu-prof` is not allowed in NODE_OPTIONS, so profiling needs its own spawn) and
// an optional CPU to pin it to.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RunningServer } from '../../tests/helpers/server.ts';

const ROOT = resolve(import.meta.dirname, '../..');

export type { RunningServer };

/**
 * A private copy of what the server runs (server/, src/, migrations/, static/, build/, with
 * node_modules linked): the work tree is shared, and a rebuild or an edit by someone else in the
 * middle of a run would otherwise change or break the server under test. Waits (bounded) for a
 * complete build: build/handler.js present and build/ unchanged for 2 s.
 */
export async function snapshotTree(log: (s: string) => void): Promise<{ root: string; builtAt: number; remove: () => void }> {
	const handler = join(ROOT, 'build/handler.js');
	let last = -1;
	for (let i = 0; i < 240; i++) {
		const m = existsSync(handler) ? statSync(join(ROOT, 'build')).mtimeMs + statSync(handler).mtimeMs : -1;
		if (m > 0 && m === last && Date.now() - statSync(handler).mtimeMs > 2000) break;
		if (i === 2 && m < 0) log('  (build/ is missing or being rebuilt: waiting for it)');
		last = m;
		await new Promise((r) => setTimeout(r, 1000));
	}
	if (!existsSync(handler)) throw new Error('build/handler.js is missing: run `npx vite build --logLevel warn` first.');
	const builtAt = statSync(handler).mtimeMs;
	const root = mkdtempSync(join(tmpdir(), 'tablee-bench-tree-'));
	for (const d of ['server', 'src', 'migrations', 'static', 'build']) {
		if (existsSync(join(ROOT, d))) cpSync(join(ROOT, d), join(root, d), { recursive: true });
	}
	for (const f of ['package.json', 'tsconfig.json', 'svelte.config.js']) if (existsSync(join(ROOT, f))) cpSync(join(ROOT, f), join(root, f));
	if (existsSync(join(ROOT, '.svelte-kit/tsconfig.json'))) cpSync(join(ROOT, '.svelte-kit/tsconfig.json'), join(root, '.svelte-kit/tsconfig.json'));
	symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
	if (!existsSync(join(root, 'build/handler.js'))) throw new Error('the build changed while it was being copied: run the benchmark again.');
	return { root, builtAt, remove: () => rmSync(root, { recursive: true, force: true }) };
}

export async function startServer(env: Record<string, string>, nodeArgs: string[] = [], cpu: number | null = null, root = ROOT): Promise<RunningServer> {
	if (!existsSync(join(root, 'build/handler.js'))) throw new Error(`${root}/build/handler.js is missing: run \`npx vite build\`.`);
	const dir = env.DATABASE_PATH ? null : mkdtempSync(join(tmpdir(), 'tablee-bench-db-'));
	const databasePath = env.DATABASE_PATH ?? join(dir!, 'tablee.sqlite');
	// `taskset -c N node …` execs node pinned to one CPU (same pid, every thread pinned).
	const args = [...nodeArgs, '--import', 'tsx', 'server/index.ts'];
	const [cmd, argv] = cpu === null ? [process.execPath, args] : ['taskset', ['-c', String(cpu), process.execPath, ...args]];
	const child = spawn(cmd, argv, {
		cwd: root,
		env: { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: '0', DATABASE_PATH: databasePath, SEED_DEMO: '0', ...env },
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
		exited.then((code) => rej(new Error(`server stopped (code ${code}):\n${out}`)));
	});
	const cleanup = () => {
		if (dir) rmSync(dir, { recursive: true, force: true });
	};
	return {
		url,
		databasePath,
		output: () => out,
		child,
		stop: async () => {
			if (child.exitCode === null) child.kill('SIGTERM');
			const code = await exited;
			cleanup();
			return code;
		},
		kill: async () => {
			if (child.exitCode === null) child.kill('SIGKILL');
			await exited;
			cleanup();
		}
	};
}
