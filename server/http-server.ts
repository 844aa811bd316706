import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * What answers WebSocket upgrades on /sync/*. The realtime issue fills it in; until then the
 * server refuses upgrades politely.
 */
export interface UpgradeHandler {
	handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
	/** Closes every live socket (graceful shutdown). */
	close(): Promise<void>;
}

export const SYNC_PATH_PREFIX = '/sync/';

export function refuseUpgrade(socket: Duplex, status: number, message: string): void {
	const body = Buffer.from(message, 'utf8');
	socket.end(
		`HTTP/1.1 ${status} ${message}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`
	);
}

export const notYetRealtime: UpgradeHandler = {
	handleUpgrade(_req, socket) {
		refuseUpgrade(socket, 503, 'Service Unavailable');
	},
	async close() {}
};

/** One HTTP server: SvelteKit's handler for requests, `upgrades` for WebSockets on /sync/. */
/**
 * How long an idle keep-alive connection stays open. Node's default (5 s) closes a phone's connection
 * between two notes, so each note paid a new TCP (and, behind a proxy, TLS) handshake on the venue's
 * Wi-Fi, and a request sent just as the server closed the connection failed (seen in bench:sync as
 * "socket hang up"). Browsers keep idle connections for minutes; a minute is cheap for 200 phones.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export function createAppServer(handler: RequestListener, upgrades: UpgradeHandler = notYetRealtime): Server {
	const server = createServer(handler);
	server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
	// Must exceed the keep-alive timeout: a request arriving on a reused connection gets its full time.
	server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1000;
	server.on('upgrade', (req, socket, head) => {
		if (req.url?.startsWith(SYNC_PATH_PREFIX)) upgrades.handleUpgrade(req, socket, head);
		else socket.destroy();
	});
	return server;
}
