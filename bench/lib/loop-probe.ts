// How responsive the server's event loop is: a socket on another board (so it receives none of
// the measured broadcasts) sends a WebSocket ping every 50 ms; `ws` answers pings from the
// server's event loop, so the pong's round trip is the loop's lag plus loopback time.
import WebSocket from 'ws';
import { now, sleepUntil } from './protocol.ts';

export class LoopProbe {
	readonly ws: WebSocket;
	readonly samples: { t: number; rtt: number }[] = [];
	#sent = new Map<number, number>();
	#stopped = false;
	readonly opened: Promise<boolean>;

	constructor(url: string, docName: string, cookie: string) {
		this.ws = new WebSocket(url.replace(/^http/, 'ws') + '/sync/' + docName, { headers: { cookie, origin: url }, perMessageDeflate: false });
		this.opened = new Promise((resolve) => {
			this.ws.once('open', () => resolve(true));
			this.ws.once('error', () => resolve(false));
			this.ws.once('unexpected-response', (_req, res) => {
				res.resume();
				resolve(false);
			});
		});
		this.ws.on('pong', (data: Buffer) => {
			const seq = data.length >= 4 ? data.readUInt32BE(0) : -1;
			const sent = this.#sent.get(seq);
			if (sent === undefined) return;
			this.#sent.delete(seq);
			this.samples.push({ t: sent, rtt: now() - sent });
		});
		this.ws.on('message', () => undefined);
	}

	/** Pings every `periodMs` until `until` (bounded by the count that fits). */
	async run(from: number, until: number, periodMs = 50) {
		const count = Math.ceil((until - from) / periodMs);
		for (let k = 0; k < count && !this.#stopped; k++) {
			await sleepUntil(from + k * periodMs);
			if (this.ws.readyState !== WebSocket.OPEN) return;
			const payload = Buffer.alloc(4);
			payload.writeUInt32BE(k);
			this.#sent.set(k, now());
			this.ws.ping(payload);
		}
	}

	/** Pings never answered by `at` count as lasting until then. */
	finish(at: number) {
		for (const [, sent] of this.#sent) this.samples.push({ t: sent, rtt: at - sent });
		this.#sent.clear();
	}

	close() {
		this.#stopped = true;
		this.ws.terminate();
	}
}
