import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

function freePort(): Promise<number> {
	return new Promise((res, rej) => {
		const srv = createServer();
		srv.once('error', rej);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as { port: number };
			srv.close(() => res(port));
		});
	});
}

/** `vite dev` with our plugin, on a free loopback port and its own database; resolves when ready. */
export async function startDevServer(env: Record<string, string> = {}) {
	const dir = mkdtempSync(join(tmpdir(), 'tablee-dev-'));
	const port = await freePort();
	const child = spawn(process.execPath, ['node_modules/vite/bin/vite.js', 'dev', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
		cwd: ROOT,
		// NO_COLOR: with CI set, Vite colours its output and splits the URL with escape codes.
		env: { ...process.env, DATABASE_PATH: join(dir, 'tablee.sqlite'), NODE_ENV: 'development', NO_COLOR: '1', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let out = '';
	child.stdout!.on('data', (d) => (out += d));
	child.stderr!.on('data', (d) => (out += d));
	const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
	await new Promise<void>((res, rej) => {
		const onData = () => {
			// eslint-disable-next-line no-control-regex
			if (out.replace(/\x1b\[[0-9;]*m/g, '').includes(`http://127.0.0.1:${port}/`)) {
				child.stdout!.off('data', onData);
				res();
			}
		};
		child.stdout!.on('data', onData);
		exited.then((code) => rej(new Error(`vite dev s'est arrêté (code ${code}) :\n${out}`)));
	});
	return {
		url: `http://127.0.0.1:${port}`,
		output: () => out,
		stop: async () => {
			if (child.exitCode === null) child.kill('SIGTERM');
			await exited;
			rmSync(dir, { recursive: true, force: true });
		}
	};
}
