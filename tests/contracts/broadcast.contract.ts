import { afterEach, describe, expect, it } from 'vitest';
import type { Broadcast, BroadcastMessage } from '../../src/lib/server/ports/broadcast.ts';

// What every Broadcast implementation must do (src/lib/server/ports/broadcast.ts). Run it with a
// factory that makes holders on one shared transport (in-process hub today, Redis next):
//   broadcastContract('redis', async () => ({ holder: () => ..., close: async () => ... }))

export interface BroadcastFixture {
	/** A new holder on the shared transport (a process). */
	holder(): Broadcast | Promise<Broadcast>;
	/** Releases the transport (after every holder was closed). */
	close(): Promise<void>;
}

/** Resolves with the messages `listener` collects once `n` arrived (or rejects after a while). */
function collect(n: number, timeoutMs = 2000) {
	const got: BroadcastMessage[] = [];
	let done!: () => void;
	const enough = new Promise<BroadcastMessage[]>((resolve, reject) => {
		const t = setTimeout(() => reject(new Error(`${got.length} message(s) of ${n} received`)), timeoutMs);
		done = () => {
			if (got.length >= n) {
				clearTimeout(t);
				resolve(got);
			}
		};
	});
	return { got, enough, listener: (m: BroadcastMessage) => (got.push(m), done()) };
}

/** Lets a transport deliver what it would (a few turns of the event loop). */
const settle = () => new Promise((r) => setTimeout(r, 50));

const bytes = (...b: number[]) => new Uint8Array(b);

export function broadcastContract(name: string, make: () => Promise<BroadcastFixture>) {
	describe(`Broadcast contract (${name})`, () => {
		let fixture: BroadcastFixture;
		const holders: Broadcast[] = [];
		async function holder() {
			fixture ??= await make();
			const h = await fixture.holder();
			holders.push(h);
			return h;
		}
		afterEach(async () => {
			for (const h of holders.splice(0)) await h.close().catch(() => undefined);
			await fixture?.close();
			fixture = undefined as never;
		});

		it('[BC1] a message reaches every other holder of the doc, once, kind and bytes unchanged', async () => {
			const [a, b, c] = [await holder(), await holder(), await holder()];
			const atB = collect(2);
			const atC = collect(2);
			await b.subscribe('board:1', atB.listener);
			await c.subscribe('board:1', atC.listener);
			await a.publish('board:1', 'update', bytes(1, 2, 3));
			await a.publish('board:1', 'awareness', bytes(9));
			for (const got of [await atB.enough, await atC.enough]) {
				expect(got.map((m) => [m.docId, m.kind, [...m.payload], m.from])).toEqual([
					['board:1', 'update', [1, 2, 3], a.holderId],
					['board:1', 'awareness', [9], a.holderId]
				]);
			}
			await settle();
			expect(atB.got).toHaveLength(2);
		});

		it('[BC2] no echo: a holder never receives its own messages; other docs get nothing', async () => {
			const [a, b] = [await holder(), await holder()];
			const own = collect(1);
			const otherDoc = collect(1);
			await a.subscribe('board:1', own.listener);
			await b.subscribe('board:2', otherDoc.listener);
			await a.publish('board:1', 'update', bytes(1));
			await settle();
			expect(own.got).toEqual([]);
			expect(otherDoc.got).toEqual([]);
		});

		it('[BC3] one holder’s messages for one doc arrive in the order they were published', async () => {
			const [a, b] = [await holder(), await holder()];
			const atB = collect(50);
			await b.subscribe('fiche:7', atB.listener);
			await Promise.all(Array.from({ length: 50 }, (_, i) => a.publish('fiche:7', 'update', bytes(i))));
			expect((await atB.enough).map((m) => m.payload[0])).toEqual(Array.from({ length: 50 }, (_, i) => i));
		});

		it('[BC4] after unsubscribing, that listener gets nothing; the holder’s other listeners keep theirs', async () => {
			const [a, b] = [await holder(), await holder()];
			const gone = collect(1);
			const kept = collect(2);
			const stop = await b.subscribe('board:1', gone.listener);
			await b.subscribe('board:1', kept.listener);
			await a.publish('board:1', 'update', bytes(1));
			await gone.enough;
			await stop();
			await a.publish('board:1', 'update', bytes(2));
			expect((await kept.enough).map((m) => m.payload[0])).toEqual([1, 2]);
			await settle();
			expect(gone.got.map((m) => m.payload[0])).toEqual([1]);
		});

		it('[BC5] presence (awareness) travels like updates, to holders of that doc only', async () => {
			const [a, b, c] = [await holder(), await holder(), await holder()];
			const atB = collect(1);
			const atC = collect(1);
			await b.subscribe('workshop:3', atB.listener);
			await c.subscribe('board:3', atC.listener);
			await a.publish('workshop:3', 'awareness', bytes(7, 7));
			expect((await atB.enough).map((m) => [m.kind, [...m.payload]])).toEqual([['awareness', [7, 7]]]);
			await settle();
			expect(atC.got).toEqual([]);
		});

		it('[BC6] a listener that throws does not stop delivery to the others; after close, publishing fails', async () => {
			const [a, b] = [await holder(), await holder()];
			const ok = collect(1);
			await b.subscribe('board:1', () => {
				throw new Error('écouteur en panne');
			});
			await b.subscribe('board:1', ok.listener);
			await a.publish('board:1', 'update', bytes(5));
			expect((await ok.enough)[0].payload[0]).toBe(5);
			await a.close();
			await expect(a.publish('board:1', 'update', bytes(6))).rejects.toThrow(Error);
		});
	});
}
