// Production entry: `npm start` builds SvelteKit, then runs this file. It migrates and seeds the
// database, serves SvelteKit's handler and WebSocket upgrades on one port, and shuts down cleanly.
import type { RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { configFromEnv, createApp, type App, type StartResult } from '../src/lib/server/app.ts';
import { installApp } from '../src/lib/server/app-instance.ts';
import { formatJoinCode } from '../src/lib/domain/join-code.ts';
import { warmUpDocCode } from '../src/lib/server/realtime/warm-up.ts';
import { checkStorageAtStart, describeStorageError, StorageStartError } from '../src/lib/server/db/storage-check.ts';
import { PLAIN_HTTP_HEADER, serveApp } from './serve.ts';
import { configuredPostgresUrl } from '../src/lib/server/db/database.ts';
import { logUncaughtErrors } from '../src/lib/server/ops/log.ts';
import { readyThrottles } from '../src/lib/server/auth/rate-limit.ts';

logUncaughtErrors();

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST || '0.0.0.0';

// A database that cannot be written (folder missing, read-only, disk full) is said in one line,
// not a stack trace, and the process exits non-zero (a service manager shows that line).
const config = configFromEnv();
const databasePath = config.databasePath;
let app: App;
let started: StartResult;
try {
	// PostgreSQL is ready below the server (schema, queries, PgDocLog, RedisBroadcast) but the realtime
	// layer and a few hot paths still read SQLite's synchronous handle: say so in one line rather
	// than start half-way. Removed when the composition root wires PgDocLog and RedisBroadcast.
	if (configuredPostgresUrl()) {
		throw new StorageStartError(
			'PostgreSQL (DATABASE_URL) : la copie (npm run migrate:to-pg) et le schéma sont prêts, mais le serveur temps réel lit encore SQLite. Démarrez sans DATABASE_URL pour l’instant (voir README, « Several instances »).'
		);
	}
	checkStorageAtStart(databasePath, !process.env.DATABASE_PATH);
	app = await createApp(config);
	// Installed before SvelteKit's handler is imported: its copy of the server modules finds it.
	installApp(app);
	started = await app.start();
} catch (e) {
	const line = e instanceof StorageStartError ? e.message : describeStorageError(e, databasePath);
	if (!line) throw e;
	console.error(`Tablée ne peut pas démarrer. ${line}`);
	process.exit(1);
}
const { demo, setupToken } = started;
// REDIS_URL: the join and sign-in throttles are shared by the instances; counted from the first attempt.
await readyThrottles();

// adapter-node assumes HTTPS unless told otherwise, which would make SvelteKit's CSRF check
// refuse every form posted over plain HTTP (a laptop on the venue's Wi-Fi). This process speaks
// plain HTTP, so unless ORIGIN or PROTOCOL_HEADER say there is TLS in front, we tell it so.
const assumePlainHttp = !process.env.ORIGIN && !process.env.PROTOCOL_HEADER;
if (assumePlainHttp) process.env.PROTOCOL_HEADER = PLAIN_HTTP_HEADER;
// adapter-node refuses request bodies over 512 KB by default, in English and before any route: a
// whole département's plan to import (186 fiches as CSV or JSON, ~450 KB without follow-up) needs
// more. Routes keep their own French limits (import 5 MB, logo 500 KB).
process.env.BODY_SIZE_LIMIT ??= '6M';

// Imported after the app is installed (see src/lib/server/app-instance.ts).
// @ts-ignore: produced by `vite build`.
const { handler } = await import('../build/handler.js');

// The first board loaded after a restart would otherwise run Yjs's decoding unoptimised.
warmUpDocCode();
const server = serveApp(app, handler as RequestListener, { assumePlainHttp });

server.listen(port, host, () => {
	const { port: actual } = server.address() as AddressInfo;
	const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
	const url = `http://${shownHost}:${actual}`;
	const lines = [`Tablée est prêt : ${url}`];
	if (host === '0.0.0.0' || host === '::') {
		// Phones in the room need the machine's address on the local network, not localhost.
		for (const list of Object.values(networkInterfaces())) {
			for (const a of list ?? []) {
				if (a.family === 'IPv4' && !a.internal) lines.push(`  Sur le réseau local : http://${a.address}:${actual}`);
			}
		}
	}
	if (setupToken) {
		// The link, never a password: whoever opens it first creates the administrator (24 h, once).
		const base = process.env.ORIGIN?.replace(/\/$/, '') || url;
		lines.push(`  Aucun administrateur : créez son compte avec ce lien (une seule fois, 24 h) : ${base}/compte/${setupToken}`);
	}
	if (demo) {
		lines.push(`  Compte de démonstration : ${demo.email}`);
		lines.push(
			demo.password
				? `  Mot de passe : ${demo.password}`
				: '  Mot de passe : affiché au premier démarrage (ou fixez DEMO_PASSWORD)'
		);
		lines.push(`  Code de l'atelier de démonstration : ${formatJoinCode(demo.joinCode)} (${url}/rejoindre/${demo.joinCode})`);
	}
	console.log(lines.join('\n'));
});

let stopping = false;
async function shutdown(signal: string) {
	if (stopping) return;
	stopping = true;
	console.log(`${signal} reçu : arrêt de Tablée…`);
	// Stop accepting, close live sockets, let requests in flight finish (at most 5 s), close the DB.
	// The close callback is registered now: with no connection open, 'close' fires right away.
	const closed = new Promise<void>((resolve) => server.close(() => resolve()));
	await app.stopRealtime();
	server.closeIdleConnections();
	const force = setTimeout(() => server.closeAllConnections(), 5000);
	force.unref();
	await closed;
	await app.stop();
	console.log('Tablée arrêté.');
	process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
