import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
export const COMPILED = join(ROOT, 'build/tablee');
const FILES = ['server', 'migrate', 'backup', 'restore', 'export-worker'].map((n) => join(COMPILED, `${n}.js`));

/**
 * The compiled production files (build/tablee/, scripts/build-server.mjs), compiled now (~1 s) if a
 * checkout was built with `vite build` alone. SvelteKit's handler must be built already.
 */
export function ensureCompiled(): void {
	if (FILES.every((f) => existsSync(f))) return;
	execFileSync(process.execPath, [join(ROOT, 'scripts/build-server.mjs')], { cwd: ROOT, stdio: 'ignore' });
}
