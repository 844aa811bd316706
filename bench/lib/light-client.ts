// A light listener: a raw `ws` socket that speaks just enough y-websocket to receive a board's
// updates, without a Y.Doc. It notes when each benchmark token first arrives.
import WebSocket from 'ws';
import { EMPTY_STEP1, awarenessMessage, now, parseMessage, scanTokens } from './protocol.ts';

export interface LightClientOptions {
	url: string;
	docName: string;
	cookie: string;
	/** Send our empty step 1 as soon as the socket opens (default), or after the server's first message. */
	step1: 'on-open' | 'after-first' | 'never';
	/** Keep every token seen, with its first arrival time (false for storm clients: they only count). */
	record?: boolean;
	/**
	 * Send every awareness message back, as the stock y-websocket provider of a browser does (it
	 * re-broadcasts each remote awareness change it applies). Sent as received: it also carries
	 * our own entry, which the server keeps and ignores (same clock).
	 */
	echoAwareness?: boolean;
}

export class LightClient {
	readonly ws: WebSocket;
	readonly tCreate = now();
	tOpen = 0;
	/** Arrival of the server's first message (its step 1, sent right after the doc is loaded). */
	tFirst = 0;
	tStep2 = 0;
	step2Bytes = 0;
	/** Distinct tokens in the first step 2. */
	step2Tokens = 0;
	readonly seen = new Map<string, number>();
	messages = 0;
	bytesIn = 0;
	updates = 0;
	awarenessMsgs = 0;
	awarenessEntries = 0;
	error: string | null = null;
	closeCode: number | null = null;
	readonly synced: Promise<void>;
	#resolveSynced!: () => void;
	#step2Payload: Uint8Array | null = null;
	#awarenessId = 0;
	#awarenessClock = 0;
	#cursor = { x: Math.round(Math.random() * 1600), y: Math.round(Math.random() * 900) };

	constructor(readonly options: LightClientOptions) {
		this.synced = new Promise((r) => (this.#resolveSynced = r));
		const wsUrl = options.url.replace(/^http/, 'ws') + '/sync/' + options.docName;
		this.ws = new WebSocket(wsUrl, { headers: { cookie: options.cookie, origin: options.url }, perMessageDeflate: false });
		this.ws.binaryType = 'nodebuffer';
		this.ws.on('open', () => {
			this.tOpen = now();
			if (options.step1 === 'on-open') this.ws.send(EMPTY_STEP1);
		});
		this.ws.on('message', (data: Buffer) => this.#onMessage(data));
		this.ws.on('unexpected-response', (_req, res) => {
			this.error = `HTTP ${res.statusCode}`;
			res.resume();
			this.ws.terminate();
		});
		this.ws.on('error', (e) => (this.error ??= e.message));
		this.ws.on('close', (code) => {
			this.closeCode = code;
			this.#resolveSynced();
		});
	}

	#onMessage(data: Buffer) {
		const t = now();
		this.messages++;
		this.bytesIn += data.length;
		if (this.tFirst === 0) {
			this.tFirst = t;
			if (this.options.step1 === 'after-first') this.ws.send(EMPTY_STEP1);
		}
		let m;
		try {
			m = parseMessage(data);
		} catch (e) {
			this.error ??= `bad message: ${(e as Error).message}`;
			return;
		}
		if (m.type === 'update' || m.type === 'step2') {
			if (m.type === 'update') this.updates++;
			const first = m.type === 'step2' && this.tStep2 === 0;
			if (first) {
				this.tStep2 = t;
				this.step2Bytes = m.payload.length;
			}
			if (this.options.record !== false) {
				scanTokens(m.payload, (tok) => {
					if (!this.seen.has(tok)) this.seen.set(tok, t);
				});
				if (first) this.step2Tokens = this.seen.size;
			} else if (first) {
				// Counted later (countStep2Tokens): scanning here would delay the other sockets of
				// this process and inflate their measured arrival.
				this.#step2Payload = m.payload;
			}
			if (first) this.#resolveSynced();
		} else if (m.type === 'awareness') {
			this.awarenessMsgs++;
			this.awarenessEntries += m.entries;
			if (this.options.echoAwareness && this.open) this.ws.send(data);
		}
	}

	/** Distinct tokens of the first step 2, for clients that do not record (after the timing is over). */
	countStep2Tokens(): number {
		if (this.#step2Payload) {
			const distinct = new Set<string>();
			scanTokens(this.#step2Payload, (tok) => distinct.add(tok));
			this.step2Tokens = distinct.size;
			this.#step2Payload = null;
		}
		return this.step2Tokens;
	}

	get open() {
		return this.ws.readyState === WebSocket.OPEN;
	}

	/** One cursor move: a raw awareness message with our own client id and the next clock. */
	sendCursor() {
		if (!this.open) return;
		if (this.#awarenessId === 0) this.#awarenessId = 1 + Math.floor(Math.random() * 0xfffffffe);
		this.#cursor.x = Math.max(0, Math.min(1600, this.#cursor.x + Math.round(Math.random() * 40 - 20)));
		this.#cursor.y = Math.max(0, Math.min(900, this.#cursor.y + Math.round(Math.random() * 40 - 20)));
		this.ws.send(awarenessMessage(this.#awarenessId, ++this.#awarenessClock, { cursor: { x: this.#cursor.x, y: this.#cursor.y } }));
	}

	close() {
		if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
	}
}
