import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import type { RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { configFromEnv, createApp, type App, type AppConfig } from '../../src/lib/server/app.ts';
import { installApp, uninstallApp } from '../../src/lib/server/app-instance.ts';
import { PLAIN_HTTP_HEADER, serveApp } from '../../server/serve.ts';

const ROOT = resolve(import.meta.dirname, '../..');

export interface InProcessServer {
	url: string;
	/** The SQLite file of this app (the integration steps in tests/integration/support.ts read it). */
	databasePath: string;
	/** The app behind the server: its database, doc store, sync server... */
	app: App;
	stop: () => Promise<void>;
}

let handlerPromise: Promise<RequestListener> | null = null;

/**
 * A fresh app (its own temporary database) served on a loopback port inside the test process:
 * the same request path as production (server/serve.ts over SvelteKit's built handler), without
 * spawning a process. One installed at a time per process (the app is the process's instance:
 * SvelteKit's handler serves it); with `install: false` a second app serves only its sockets and
 * fast command path (a second "process" on the same database, through `overrides`). Needs
 * `npm run build` first, like the spawned server (tests/helpers/server.ts).
 */
export async function startInProcessServer(overrides: Partial<AppConfig> = {}, options: { install?: boolean } = {}): Promise<InProcessServer> {
	if (!existsSync(join(ROOT, 'build/handler.js'))) throw new Error('build/handler.js manquant : lancez `npm run build`.');
	const dir = mkdtempSync(join(tmpdir(), 'tablee-inproc-'));
	const databasePath = join(dir, 'tablee.sqlite');
	const app = await createApp({
		...configFromEnv({ NODE_ENV: 'production', SEED_DEMO: '0' }),
		databasePath,
		...overrides
	});
	const install = options.install ?? true;
	if (install) installApp(app);
	await app.start();
	// adapter-node reads these when its handler is first imported (plain HTTP on loopback).
	process.env.PROTOCOL_HEADER ??= PLAIN_HTTP_HEADER;
	process.env.BODY_SIZE_LIMIT ??= '6M';
	// Loaded by Node as it is (vite.config.ts externalises build/). Its copy of the server modules
	// finds the app through app-instance.ts, as in production.
	handlerPromise ??= import(/* @vite-ignore */ pathToFileURL(join(ROOT, 'build/handler.js')).href).then((m: { handler: RequestListener }) => m.handler);
	const server = serveApp(app, await handlerPromise, { assumePlainHttp: true });
	await new Promise<void>((res) => server.listen(0, '127.0.0.1', () => res()));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		databasePath,
		app,
		stop: async () => {
			const closed = new Promise<void>((res) => server.close(() => res()));
			await app.stopRealtime();
			server.closeAllConnections();
			await closed;
			await app.stop();
			if (install) uninstallApp(app);
			rmSync(dir, { recursive: true, force: true });
		}
	};
}
