import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Broadcast, BroadcastKind, BroadcastListener, BroadcastMessage } from '../ports/broadcast.ts';
import { redisKeyPrefix } from './throttles.ts';

// The Broadcast port (src/lib/server/ports/broadcast.ts) over Redis pub/sub: one channel per doc
// (`<prefix>doc:<docId>`), one publishing and one subscribed connection per instance. A message is
// [kind (1 byte)][length of the sender's id (1 byte)][sender's id][payload]; an instance drops its
// own messages (its rooms already have them: no echo, no loop). Redis delivers the messages of one
// publishing connection on one channel in order.
//
// What travels here is already durable (appended to the DocLog before it was published) or is
// presence (never stored): a message lost while Redis restarts is recovered by the next sync of
// the clients (the stock y-websocket client syncs on reconnect) and by the doc's next load.

const KIND_CODE: Record<BroadcastKind, number> = { update: 1, awareness: 2 };
const CODE_KIND: Record<number, BroadcastKind> = { 1: 'update', 2: 'awareness' };

export function encodeBroadcast(from: string, kind: BroadcastKind, payload: Uint8Array): Buffer {
	const id = Buffer.from(from, 'utf8');
	if (id.length > 255) throw new Error('holderId trop long');
	const out = Buffer.allocUnsafe(2 + id.length + payload.length);
	out[0] = KIND_CODE[kind];
	out[1] = id.length;
	id.copy(out, 2);
	out.set(payload, 2 + id.length);
	return out;
}

export function decodeBroadcast(docId: string, data: Buffer): BroadcastMessage | null {
	if (data.length < 2) return null;
	const kind = CODE_KIND[data[0]];
	const idLength = data[1];
	if (!kind || data.length < 2 + idLength) return null;
	return {
		docId,
		kind,
		from: data.subarray(2, 2 + idLength).toString('utf8'),
		// A copy: the listener may keep it after Redis's buffer is reused.
		payload: new Uint8Array(data.subarray(2 + idLength))
	};
}

export class RedisBroadcast implements Broadcast {
	readonly holderId: string;
	readonly #pub: Redis;
	readonly #sub: Redis;
	readonly #prefix: string;
	readonly #listeners = new Map<string, Set<BroadcastListener>>();
	/** Subscriptions in progress or done, per channel: a second listener waits for the first SUBSCRIBE. */
	readonly #subscribed = new Map<string, Promise<unknown>>();
	#closed = false;

	constructor(url: string, options: { holderId?: string; prefix?: string } = {}) {
		this.holderId = options.holderId ?? `${process.pid}-${randomBytes(6).toString('hex')}`;
		this.#prefix = `${options.prefix ?? redisKeyPrefix()}doc:`;
		this.#pub = new Redis(url, { maxRetriesPerRequest: 2 });
		this.#sub = new Redis(url, { maxRetriesPerRequest: 2 });
		for (const r of [this.#pub, this.#sub]) r.on('error', (e) => logError(e));
		this.#sub.on('messageBuffer', (channel: Buffer, data: Buffer) => this.#deliver(channel.toString('utf8'), data));
	}

	#deliver(channel: string, data: Buffer) {
		if (this.#closed || !channel.startsWith(this.#prefix)) return;
		const docId = channel.slice(this.#prefix.length);
		const listeners = this.#listeners.get(docId);
		if (!listeners?.size) return;
		const message = decodeBroadcast(docId, data);
		if (!message || message.from === this.holderId) return;
		for (const l of [...listeners]) {
			try {
				l(message);
			} catch (e) {
				logError(e as Error);
			}
		}
	}

	async subscribe(docId: string, listener: BroadcastListener): Promise<() => Promise<void>> {
		if (this.#closed) throw new Error('Diffusion fermée.');
		const channel = this.#prefix + docId;
		let set = this.#listeners.get(docId);
		if (!set) this.#listeners.set(docId, (set = new Set()));
		set.add(listener);
		let subscribing = this.#subscribed.get(channel);
		if (!subscribing) {
			subscribing = this.#sub.subscribe(channel);
			this.#subscribed.set(channel, subscribing);
		}
		try {
			await subscribing;
		} catch (e) {
			set.delete(listener);
			this.#subscribed.delete(channel);
			throw e;
		}
		let done = false;
		return async () => {
			if (done) return;
			done = true;
			const current = this.#listeners.get(docId);
			current?.delete(listener);
			if (current && current.size === 0 && !this.#closed) {
				this.#listeners.delete(docId);
				this.#subscribed.delete(channel);
				await this.#sub.unsubscribe(channel);
			}
		};
	}

	async publish(docId: string, kind: BroadcastKind, payload: Uint8Array): Promise<void> {
		if (this.#closed) throw new Error('Diffusion fermée.');
		await this.#pub.publish(this.#prefix + docId, encodeBroadcast(this.holderId, kind, payload));
	}

	async close(): Promise<void> {
		if (this.#closed) return;
		this.#closed = true;
		this.#listeners.clear();
		this.#subscribed.clear();
		await Promise.allSettled([this.#pub.quit(), this.#sub.quit()]);
	}
}

let lastLog = 0;
function logError(e: Error) {
	const t = Date.now();
	if (t - lastLog < 10_000) return;
	lastLog = t;
	console.error(`[broadcast] Redis : ${e.message}`);
}
