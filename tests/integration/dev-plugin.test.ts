import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Plugin, ViteDevServer } from 'vite';
import { tableeDevServer } from '../../server/dev-plugin.ts';

// Vitest runs Vite as a server too (mode "test"). The dev plugin used to open, migrate and seed the
// database there: a test run created ./data/tablee.sqlite with a demo password printed to no one,
// and the next `npm start` said the password had been shown "au premier démarrage".

const dirs: string[] = [];
const saved = process.env.DATABASE_PATH;
afterEach(() => {
	process.env.DATABASE_PATH = saved;
	for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function configure(plugin: Plugin, mode: string) {
	const listeners: string[] = [];
	const server = { config: { mode }, httpServer: { on: (event: string) => listeners.push(event) } } as unknown as ViteDevServer;
	(plugin.configureServer as (s: ViteDevServer) => void)(server);
	return listeners;
}

describe('the dev server plugin', () => {
	it('[DEVP1] leaves the database alone when Vite serves the tests', () => {
		const dir = mkdtempSync(join(tmpdir(), 'tablee-devplugin-'));
		dirs.push(dir);
		process.env.DATABASE_PATH = join(dir, 'tablee.sqlite');
		expect(configure(tableeDevServer(), 'test')).toEqual([]);
		expect(existsSync(process.env.DATABASE_PATH)).toBe(false);
	});
});
