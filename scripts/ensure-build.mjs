#!/usr/bin/env node
// `npm start` builds only when needed: when build/.tablee-build-stamp (written at the end of
// `npm run build`) is missing or older than any source file. A checkout that is already built
// starts at once instead of paying the ~40 s build on every start.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
/** What the build reads: a change to any of these makes the build stale. */
const SOURCES = ['src', 'server', 'migrations', 'static', 'package.json', 'package-lock.json', 'svelte.config.js', 'vite.config.ts', 'tsconfig.json'];

/** The newest modification time under `path` (files and folders: a deleted file changes its folder). */
function newest(path) {
	if (!existsSync(path)) return 0;
	const s = statSync(path);
	if (!s.isDirectory()) return s.mtimeMs;
	let t = s.mtimeMs;
	for (const name of readdirSync(path)) t = Math.max(t, newest(join(path, name)));
	return t;
}

/** Why the build in `root` must be redone ('absent', 'plus ancien que src/'…), or null when it is fresh. */
export function buildIsStale(root = ROOT) {
	const stampFile = join(root, 'build/.tablee-build-stamp');
	if (!existsSync(stampFile)) return 'absent';
	const stamp = statSync(stampFile).mtimeMs;
	const changed = SOURCES.find((p) => newest(join(root, p)) > stamp);
	return changed ? `plus ancien que ${changed}/` : null;
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const stale = buildIsStale();
	if (stale) {
		console.log(`Construction de Tablée (build ${stale})…`);
		const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
		if (r.status !== 0) process.exit(r.status ?? 1);
	}
}
