import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';

/** A `ws` WebSocket class that sends the given cookie and Origin, as a browser would. */
export function authedWebSocket(cookie: string, origin: string) {
	return class AuthedWebSocket extends WebSocket {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols, { headers: { cookie, origin } });
		}
	};
}

export interface SyncedClient {
	doc: Y.Doc;
	provider: WebsocketProvider;
	/** Resolves once the provider reports its first sync. */
	synced: Promise<void>;
	destroy: () => void;
}

/** The stock y-websocket provider, in Node, on `docName` of the server at `baseUrl`. */
export function connectProvider(baseUrl: string, docName: string, cookie: string, options: { origin?: string } = {}): SyncedClient {
	const doc = new Y.Doc();
	const serverUrl = baseUrl.replace(/^http/, 'ws') + '/sync';
	const provider = new WebsocketProvider(serverUrl, docName, doc, {
		WebSocketPolyfill: authedWebSocket(cookie, options.origin ?? baseUrl) as unknown as typeof globalThis.WebSocket,
		disableBc: true,
		maxBackoffTime: 200
	});
	const synced = new Promise<void>((resolve) => {
		if (provider.synced) resolve();
		else provider.once('sync', (s: boolean) => s && resolve());
	});
	return {
		doc,
		provider,
		synced,
		destroy: () => {
			provider.destroy();
			doc.destroy();
		}
	};
}

/** Resolves when `predicate(doc)` holds, re-checked after every update of the doc. */
export function until(doc: Y.Doc, predicate: (doc: Y.Doc) => boolean): Promise<void> {
	return new Promise((resolve) => {
		if (predicate(doc)) return resolve();
		const check = () => {
			if (predicate(doc)) {
				doc.off('update', check);
				resolve();
			}
		};
		doc.on('update', check);
	});
}

/** Opens a raw socket and resolves with the HTTP status of a refused upgrade (or 101). */
export function upgradeStatus(baseUrl: string, docName: string, headers: Record<string, string>): Promise<number> {
	return new Promise((resolve) => {
		const ws = new WebSocket(baseUrl.replace(/^http/, 'ws') + '/sync/' + docName, { headers });
		ws.on('unexpected-response', (_req, res) => {
			resolve(res.statusCode ?? 0);
			res.resume();
			ws.terminate();
		});
		ws.on('open', () => {
			resolve(101);
			ws.close();
		});
		ws.on('error', () => undefined);
	});
}
