import { randomUUID } from 'node:crypto';
import type { Broadcast, BroadcastKind, BroadcastListener, BroadcastMessage } from '../ports/broadcast.ts';

// The Broadcast port inside one process: holders made by one hub pass each other messages by a
// function call (in a microtask, as a network transport would deliver them: never inside the
// publisher's own call). One process has one holder (its sync server), so in production nothing is
// delivered; the hub exists so the contract suite, and tests of two app instances, can run it.

export class InProcessBroadcastHub {
	readonly #holders = new Set<InProcessBroadcast>();

	/** A new holder on this hub (one per app instance). */
	holder(holderId: string = randomUUID()): Broadcast {
		const h = new InProcessBroadcast(holderId, this.#holders);
		this.#holders.add(h);
		return h;
	}
}

class InProcessBroadcast implements Broadcast {
	readonly #byDoc = new Map<string, Set<BroadcastListener>>();
	#closed = false;
	/** Deliveries go out in publish order: one chain per holder. */
	#queue: Promise<void> = Promise.resolve();

	constructor(
		readonly holderId: string,
		private readonly peers: Set<InProcessBroadcast>
	) {}

	async subscribe(docId: string, listener: BroadcastListener): Promise<() => Promise<void>> {
		if (this.#closed) throw new Error('broadcast closed');
		// A wrapper per subscription: the same function subscribed twice is two subscriptions.
		const entry: BroadcastListener = (m) => listener(m);
		let set = this.#byDoc.get(docId);
		if (!set) this.#byDoc.set(docId, (set = new Set()));
		set.add(entry);
		return async () => {
			const s = this.#byDoc.get(docId);
			s?.delete(entry);
			if (s?.size === 0) this.#byDoc.delete(docId);
		};
	}

	async publish(docId: string, kind: BroadcastKind, payload: Uint8Array): Promise<void> {
		if (this.#closed) throw new Error('broadcast closed');
		const message: BroadcastMessage = { docId, kind, payload: payload.slice(), from: this.holderId };
		const targets = [...this.peers].filter((p) => p !== this);
		this.#queue = this.#queue.then(() => {
			for (const peer of targets) peer.#deliver(message);
		});
		await this.#queue;
	}

	#deliver(message: BroadcastMessage) {
		if (this.#closed || message.from === this.holderId) return;
		const set = this.#byDoc.get(message.docId);
		if (!set) return;
		for (const l of [...set]) {
			try {
				l(message);
			} catch {
				// One listener's failure is its own: the others still get the message.
			}
		}
	}

	async close(): Promise<void> {
		this.#closed = true;
		this.#byDoc.clear();
		this.peers.delete(this);
	}
}
