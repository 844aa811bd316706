// Production entry: `npm start` builds SvelteKit, then runs this file. It migrates and seeds the
// database, serves SvelteKit's handler and WebSocket upgrades on one port, and shuts down cleanly.
import type { RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { bootstrap } from '../src/lib/server/bootstrap.ts';
import { closeDatabase } from '../src/lib/server/db/database.ts';
import { formatJoinCode } from '../src/lib/domain/join-code.ts';
import { createAppServer } from './http-server.ts';
import { tryFastCommand } from '../src/lib/server/boards/command-endpoint.ts';
import { getSyncServer, stopRealtime } from '../src/lib/server/realtime/index.ts';
import { warmUpDocCode } from '../src/lib/server/realtime/warm-up.ts';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST || '0.0.0.0';

const { demo } = await bootstrap();

// adapter-node assumes HTTPS unless told otherwise, which would make SvelteKit's CSRF check
// refuse every form posted over plain HTTP (a laptop on the venue's Wi-Fi). This process speaks
// plain HTTP, so unless ORIGIN or PROTOCOL_HEADER say there is TLS in front, we tell it so.
const PLAIN_HTTP_HEADER = 'x-tablee-protocol';
const assumePlainHttp = !process.env.ORIGIN && !process.env.PROTOCOL_HEADER;
if (assumePlainHttp) process.env.PROTOCOL_HEADER = PLAIN_HTTP_HEADER;
// adapter-node refuses request bodies over 512 KB by default, in English and before any route: a
// whole département's plan to import (186 fiches as CSV or JSON, ~450 KB without follow-up) needs
// more. Routes keep their own French limits (import 5 MB, logo 500 KB).
process.env.BODY_SIZE_LIMIT ??= '6M';

// Imported after bootstrap so that SvelteKit's copy of the server modules finds the database
// already open (see src/lib/server/db/database.ts).
// @ts-ignore: produced by `vite build`.
const { handler } = await import('../build/handler.js');

const upgrades = getSyncServer();
// The first board loaded after a restart would otherwise run Yjs's decoding unoptimised.
warmUpDocCode();
const svelteKit = handler as RequestListener;
const server = createAppServer((req, res) => {
	// Participants' commands, the most frequent request, are answered here in the common case.
	if (tryFastCommand(req, res)) return;
	// Overwrites whatever a client sent: this header is ours alone.
	if (assumePlainHttp) req.headers[PLAIN_HTTP_HEADER] = 'http';
	svelteKit(req, res);
}, upgrades);

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
	await stopRealtime();
	server.closeIdleConnections();
	const force = setTimeout(() => server.closeAllConnections(), 5000);
	force.unref();
	await closed;
	await closeDatabase();
	console.log('Tablée arrêté.');
	process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
