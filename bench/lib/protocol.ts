// Just enough of the y-websocket wire protocol for light benchmark clients, plus the note tokens
// the benchmark writes and later looks for in raw update bytes.
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';

export const MSG_SYNC = 0;
export const MSG_AWARENESS = 1;
export const STEP1 = 0;
export const STEP2 = 1;
export const UPDATE = 2;

/**
 * Every note (and move) the benchmark writes carries a token: `zQk` + kind + 8 digits, all ASCII.
 * It is the note id (the key of the note in the `notes` map and its `id` field) or, for a move,
 * part of the new text. Yjs writes strings as plain UTF-8, so a token is found in an update's
 * bytes without decoding it.
 */
export const TOKEN_PREFIX = 'zQk';
export const TOKEN_LEN = 12;
export type TokenKind = 'p' | 'f' | 'm' | 's';
const PREFIX_BYTES = Buffer.from(TOKEN_PREFIX, 'latin1');

export function makeToken(kind: TokenKind, n: number): string {
	if (!Number.isInteger(n) || n < 0 || n > 99_999_999) throw new Error(`token number out of range: ${n}`);
	return TOKEN_PREFIX + kind + String(n).padStart(8, '0');
}

export function tokenKind(token: string): TokenKind {
	return token[TOKEN_PREFIX.length] as TokenKind;
}

function isDigit(b: number) {
	return b >= 48 && b <= 57;
}

/** Calls `found` for each token in `bytes` (a token may appear more than once: callers dedupe). */
export function scanTokens(bytes: Uint8Array, found: (token: string) => void): number {
	const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	let hits = 0;
	let i = buf.indexOf(PREFIX_BYTES, 0);
	// Bounded: each step moves forward by at least one byte.
	while (i !== -1 && i + TOKEN_LEN <= buf.length) {
		let ok = true;
		for (let j = i + TOKEN_PREFIX.length + 1; j < i + TOKEN_LEN; j++) {
			if (!isDigit(buf[j])) {
				ok = false;
				break;
			}
		}
		if (ok) {
			found(buf.toString('latin1', i, i + TOKEN_LEN));
			hits++;
			i = buf.indexOf(PREFIX_BYTES, i + TOKEN_LEN);
		} else {
			i = buf.indexOf(PREFIX_BYTES, i + 1);
		}
	}
	return hits;
}

/** Sync step 1 with an empty state vector: "send me the whole doc". */
export const EMPTY_STEP1 = (() => {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, MSG_SYNC);
	encoding.writeVarUint(e, STEP1);
	encoding.writeVarUint8Array(e, new Uint8Array([0]));
	return encoding.toUint8Array(e);
})();

/** A raw awareness message carrying one client's state. */
export function awarenessMessage(clientId: number, clock: number, state: unknown): Uint8Array {
	const inner = encoding.createEncoder();
	encoding.writeVarUint(inner, 1);
	encoding.writeVarUint(inner, clientId);
	encoding.writeVarUint(inner, clock);
	encoding.writeVarString(inner, JSON.stringify(state));
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, MSG_AWARENESS);
	encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
	return encoding.toUint8Array(e);
}

export type Parsed =
	| { type: 'step1' }
	| { type: 'step2' | 'update'; payload: Uint8Array }
	| { type: 'awareness'; entries: number }
	| { type: 'other'; code: number };

export function parseMessage(bytes: Uint8Array): Parsed {
	const d = decoding.createDecoder(bytes);
	const type = decoding.readVarUint(d);
	if (type === MSG_SYNC) {
		const sub = decoding.readVarUint(d);
		if (sub === STEP1) return { type: 'step1' };
		const payload = decoding.readVarUint8Array(d);
		return { type: sub === STEP2 ? 'step2' : 'update', payload };
	}
	if (type === MSG_AWARENESS) {
		const inner = decoding.createDecoder(decoding.readVarUint8Array(d));
		return { type: 'awareness', entries: decoding.readVarUint(inner) };
	}
	return { type: 'other', code: type };
}

/** The system-wide monotonic clock in ms (CLOCK_MONOTONIC): comparable across processes. */
export function now(): number {
	return Number(process.hrtime.bigint()) / 1e6;
}

export function sleep(ms: number): Promise<void> {
	return new Promise((r) => setTimeout(r, Math.max(0, ms)));
}

export function sleepUntil(t: number): Promise<void> {
	return sleep(t - now());
}
