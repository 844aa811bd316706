// A join-storm client on a raw TCP socket: the WebSocket upgrade request, one masked frame with an
// empty sync step 1, then only frame headers are read until the server's step 2 is complete. It
// exists because the generator shares the machine with the server: 200 `ws` clients (an HTTP
// request object, a random key and a SHA-1 check each, then every 575 KiB step 2 copied again into
// one buffer) kept the generator's CPU busy for most of the storm while the server sat idle, so the
// storm measured the generator. This one copies nothing while timing: the step 2's chunks are kept
// as they arrived and decoded after the storm (`countStep2Tokens`), like the `ws` light client.
// It speaks enough of RFC 6455 for this: the server's frames are unmasked and not fragmented (ws
// sends each message as one frame); a ping is answered; Sec-WebSocket-Accept is not checked (our
// own server, and the status line must be 101).
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { EMPTY_STEP1, MSG_SYNC, STEP2, now, parseMessage, scanTokens } from './protocol.ts';

export interface StormClientOptions {
	url: string;
	docName: string;
	cookie: string;
}

function maskedFrame(opcode: number, payload: Uint8Array): Buffer {
	if (payload.length > 125) throw new Error('storm client: only short frames are sent');
	const mask = randomBytes(4);
	const out = Buffer.alloc(6 + payload.length);
	out[0] = 0x80 | opcode;
	out[1] = 0x80 | payload.length;
	mask.copy(out, 2);
	for (let i = 0; i < payload.length; i++) out[6 + i] = payload[i] ^ mask[i & 3];
	return out;
}

export class StormClient {
	readonly socket: net.Socket;
	readonly tCreate = now();
	tOpen = 0;
	/** Arrival of the first byte of the server's first frame (its step 1). */
	tFirst = 0;
	tStep2 = 0;
	step2Bytes = 0;
	step2Tokens = 0;
	error: string | null = null;
	readonly synced: Promise<void>;
	#resolveSynced!: () => void;
	#head: Buffer[] = [];
	#headLen = 0;
	#upgraded = false;
	/** Bytes of the current frame header read so far (it may be split across chunks). */
	#hdr = Buffer.alloc(14);
	#hdrLen = 0;
	/** Payload bytes left in the current frame (-1: reading a header). */
	#left = -1;
	#opcode = 0;
	/** The current frame is the step 2: its chunks are kept. */
	#keep = false;
	/** First two payload bytes of the current frame (message type, sync sub-type). */
	#lead: number[] = [];
	#frameChunks: Buffer[] = [];
	#step2: Buffer[] | null = null;

	constructor(readonly options: StormClientOptions) {
		this.synced = new Promise((r) => (this.#resolveSynced = r));
		const u = new URL(options.url);
		this.socket = net.connect({ host: u.hostname, port: Number(u.port) });
		this.socket.setNoDelay(true);
		this.socket.on('connect', () => {
			this.socket.write(
				`GET /sync/${options.docName} HTTP/1.1\r\nHost: ${u.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
					`Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n` +
					`Origin: ${options.url}\r\nCookie: ${options.cookie}\r\n\r\n`
			);
		});
		this.socket.on('data', (chunk: Buffer) => this.#onData(chunk));
		this.socket.on('error', (e) => this.#fail(e.message));
		this.socket.on('close', () => this.#fail('closed before the step 2'));
	}

	#fail(message: string) {
		if (this.tStep2 === 0) this.error ??= message;
		this.#resolveSynced();
	}

	#onData(chunk: Buffer) {
		if (!this.#upgraded) {
			this.#head.push(chunk);
			this.#headLen += chunk.length;
			const head = this.#head.length === 1 ? chunk : Buffer.concat(this.#head, this.#headLen);
			const end = head.indexOf('\r\n\r\n');
			if (end < 0) {
				if (this.#headLen > 16_384) this.#fail('no end to the upgrade answer');
				return;
			}
			const status = head.subarray(0, head.indexOf('\r\n')).toString('latin1');
			if (!/^HTTP\/1\.1 101 /.test(status)) {
				this.#fail(status);
				this.socket.destroy();
				return;
			}
			this.#upgraded = true;
			this.#head = [];
			this.tOpen = now();
			this.socket.write(maskedFrame(0x2, EMPTY_STEP1));
			const rest = head.subarray(end + 4);
			if (rest.length) this.#frames(rest);
			return;
		}
		this.#frames(chunk);
	}

	#frames(chunk: Buffer) {
		let i = 0;
		while (i < chunk.length) {
			if (this.#left < 0) {
				if (this.tFirst === 0) this.tFirst = now();
				// Header: 2 bytes, + 2 or 8 of length (server frames carry no mask).
				this.#hdr[this.#hdrLen++] = chunk[i++];
				if (this.#hdrLen < 2) continue;
				const len7 = this.#hdr[1] & 0x7f;
				const need = 2 + (len7 === 126 ? 2 : len7 === 127 ? 8 : 0);
				if (this.#hdrLen < need) continue;
				this.#opcode = this.#hdr[0] & 0x0f;
				this.#left = len7 === 126 ? this.#hdr.readUInt16BE(2) : len7 === 127 ? Number(this.#hdr.readBigUInt64BE(2)) : len7;
				this.#hdrLen = 0;
				this.#lead = [];
				this.#frameChunks = [];
				this.#keep = false;
				if (this.#left === 0) this.#endFrame();
				continue;
			}
			const take = Math.min(this.#left, chunk.length - i);
			const part = chunk.subarray(i, i + take);
			const deciding = this.#lead.length < 2;
			for (let k = 0; k < part.length && this.#lead.length < 2; k++) this.#lead.push(part[k]);
			if (deciding || this.#keep || this.#opcode === 0x9) this.#frameChunks.push(part);
			if (deciding && this.#lead.length === 2) {
				this.#keep = this.#opcode === 0x2 && this.#lead[0] === MSG_SYNC && this.#lead[1] === STEP2 && this.#step2 === null;
				if (!this.#keep && this.#opcode !== 0x9) this.#frameChunks = [];
			}
			this.#left -= take;
			i += take;
			if (this.#left === 0) this.#endFrame();
		}
	}

	#endFrame() {
		this.#left = -1;
		if (this.#opcode === 0x9) this.socket.write(maskedFrame(0xa, Buffer.concat(this.#frameChunks)));
		else if (this.#opcode === 0x8) this.#fail('closed by the server');
		else if (this.#keep) {
			this.tStep2 = now();
			this.#step2 = this.#frameChunks;
			this.#resolveSynced();
		}
		this.#frameChunks = [];
		this.#keep = false;
	}

	/** Size and distinct tokens of the step 2, decoded after the timing is over. */
	countStep2Tokens(): number {
		if (this.#step2) {
			const m = parseMessage(Buffer.concat(this.#step2));
			this.#step2 = null;
			if (m.type === 'step2') {
				this.step2Bytes = m.payload.length;
				const distinct = new Set<string>();
				scanTokens(m.payload, (tok) => distinct.add(tok));
				this.step2Tokens = distinct.size;
			}
		}
		return this.step2Tokens;
	}

	close() {
		this.socket.destroy();
	}
}
