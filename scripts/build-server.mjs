#!/usr/bin/env node
// Second half of `npm run build` (after `vite build`): compiles the production entry
// (server/index.ts) and what it imports outside SvelteKit's bundle (src/lib/server, migrations),
// the migration and backup commands and the export worker, to plain JavaScript in build/tablee/,
// so that production runs `node` on compiled files and never loads TypeScript at run time.
// npm packages stay external (they are in node_modules). Migrations are listed statically
// (migrations/index.ts), so they are compiled into the bundles with everything else.
// With --stamp (as `npm run build` and the test command call it, right after `vite build`), it then
// writes build/.tablee-build-stamp, which scripts/ensure-build.mjs compares with the sources; without
// it (a test that finds the compiled files missing), the stamp is left alone: SvelteKit's part of the
// build may be older than the sources. Files are written to a temporary folder and renamed into
// place one by one, so a process starting meanwhile never reads a half-written file.
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'build/tablee');
const STAMP = join(ROOT, 'build/.tablee-build-stamp');
const TEMP = join(ROOT, `build/.tablee-${process.pid}`);

const started = Date.now();
await build({
	absWorkingDir: ROOT,
	entryPoints: {
		server: 'server/index.ts',
		migrate: 'server/migrate.ts',
		backup: 'server/backup.ts',
		restore: 'server/restore.ts',
		'export-worker': 'src/lib/server/exports/export-worker.ts'
	},
	outdir: TEMP,
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20.19',
	packages: 'external',
	sourcemap: 'linked',
	logLevel: 'warning',
	plugins: [
		{
			// server/index.ts imports SvelteKit's handler from ../build/handler.js; the compiled file
			// sits in build/tablee/, one folder further down.
			name: 'sveltekit-handler',
			setup(b) {
				b.onResolve({ filter: /\/build\/handler\.js$/ }, () => ({ path: '../handler.js', external: true }));
			}
		}
	]
});
mkdirSync(OUT, { recursive: true });
for (const f of readdirSync(TEMP)) renameSync(join(TEMP, f), join(OUT, f));
rmSync(TEMP, { recursive: true, force: true });
if (process.argv.includes('--stamp')) writeFileSync(STAMP, `${new Date().toISOString()}\n`);
console.log(`Serveur compilé dans build/tablee/ en ${Date.now() - started} ms.`);
