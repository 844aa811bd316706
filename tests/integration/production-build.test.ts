// Production runs compiled JavaScript (scripts/build-server.mjs → build/tablee/), and `npm start`
// rebuilds only when a source is newer than the build (scripts/ensure-build.mjs).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPILED, ensureCompiled } from '../helpers/compiled.ts';
import { buildIsStale } from '../../scripts/ensure-build.mjs';
import { migrations } from '../../migrations/index.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const temp: string[] = [];
beforeAll(() => ensureCompiled());
afterAll(() => {
	for (const d of temp) rmSync(d, { recursive: true, force: true });
});

describe('the compiled production server', () => {
	it('is plain JavaScript that imports no TypeScript and no tsx', () => {
		for (const name of ['server', 'migrate', 'backup', 'restore', 'export-worker']) {
			const file = join(COMPILED, `${name}.js`);
			expect(existsSync(file), `${file} (npm run build)`).toBe(true);
			const code = readFileSync(file, 'utf8');
			expect(code).not.toMatch(/from\s+["'][^"']+\.ts["']/);
			expect(code).not.toMatch(/["']tsx(\/[^"']*)?["']/);
		}
	});

	it('starts with node alone, applies every migration, seeds the demo and serves pages', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'tablee-compiled-'));
		temp.push(dir);
		const databasePath = join(dir, 'tablee.sqlite');
		// No --import tsx: the compiled entry, exactly as `npm run serve` runs it.
		const child = spawn(process.execPath, [join(COMPILED, 'server.js')], {
			cwd: ROOT,
			env: { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: '0', DATABASE_PATH: databasePath, SEED_DEMO: '1', DEMO_PASSWORD: 'mot-de-passe-demo' },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let out = '';
		child.stdout!.on('data', (d) => (out += d));
		child.stderr!.on('data', (d) => (out += d));
		const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
		try {
			await expect.poll(() => out, { timeout: 30_000, interval: 50 }).toMatch(/Tablée est prêt : http:\/\/\S+/);
			const url = /Tablée est prêt : (http:\/\/\S+)/.exec(out)![1];
			expect(out).toContain('Compte de démonstration');
			const home = await fetch(url + '/connexion');
			expect(home.status).toBe(200);
			expect(await home.text()).toContain('Connexion');
			const db = new Database(databasePath, { readonly: true });
			const applied = db.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as { name: string }[];
			db.close();
			expect(applied.map((m) => m.name)).toEqual(Object.keys(migrations).sort());
		} finally {
			child.kill('SIGTERM');
			expect(await exited).toBe(0);
		}
	}, 90_000);
});

describe('npm start builds only when needed', () => {
	function checkout() {
		const root = mkdtempSync(join(tmpdir(), 'tablee-stale-'));
		temp.push(root);
		for (const d of ['src/lib', 'server', 'migrations', 'build']) mkdirSync(join(root, d), { recursive: true });
		writeFileSync(join(root, 'package.json'), '{}');
		writeFileSync(join(root, 'src/lib/a.ts'), 'export {}');
		return root;
	}
	const past = (s: number) => new Date(Date.now() - s * 1000);

	it('builds a checkout that was never built', () => {
		expect(buildIsStale(checkout())).toBe('absent');
	});

	it('serves an already-built checkout as it is, and rebuilds once a source is newer than the build', () => {
		const root = checkout();
		for (const f of ['src/lib/a.ts', 'src/lib', 'src', 'server', 'migrations', 'package.json']) utimesSync(join(root, f), past(60), past(60));
		writeFileSync(join(root, 'build/.tablee-build-stamp'), 'x');
		expect(buildIsStale(root)).toBeNull();
		writeFileSync(join(root, 'src/lib/a.ts'), 'export const changed = 1');
		utimesSync(join(root, 'build/.tablee-build-stamp'), past(10), past(10));
		expect(buildIsStale(root)).toBe('plus ancien que src/');
	});
});
