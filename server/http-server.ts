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
export function createAppServer(handler: RequestListener, upgrades: UpgradeHandler = notYetRealtime): Server {
	const server = createServer(handler);
	server.on('upgrade', (req, socket, head) => {
		if (req.url?.startsWith(SYNC_PATH_PREFIX)) upgrades.handleUpgrade(req, socket, head);
		else socket.destroy();
	});
	return server;
}
