import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DocLog, StoredDoc } from '../../src/lib/server/ports/doc-log.ts';
import { addNote, getNotes } from '../../src/lib/docs/board.ts';
import { applyStored } from '../../src/lib/server/realtime/persistence.ts';

// What every DocLog implementation must do (src/lib/server/ports/doc-log.ts), through its Promise
// API only. Run it with a factory (SQLite today, PostgreSQL next):
//   docLogContract('postgres', async () => ({ log, close, breakStorage }))

export interface DocLogFixture {
	log: DocLog;
	/** Makes the storage fail from now on (a dropped table, a closed connection...). */
	breakStorage(): Promise<void>;
	close(): Promise<void>;
}

const note = (id: string, text: string) => ({ id, text, column: 'atouts', position: 1, colour: 'jaune' as const, createdAt: 1 });

/** A writer's doc and the updates it makes, as a client would send them. */
function writer() {
	const doc = new Y.Doc();
	const updates: Uint8Array[] = [];
	doc.on('update', (u: Uint8Array) => updates.push(u));
	return {
		doc,
		updates,
		add(id: string, text = id) {
			addNote(doc, note(id, text));
			return updates[updates.length - 1];
		}
	};
}

function textsOf(stored: StoredDoc): string[] {
	const doc = new Y.Doc();
	applyStored(doc, stored);
	return getNotes(doc)
		.map((n) => n.text)
		.sort();
}

export function docLogContract(name: string, make: () => Promise<DocLogFixture>) {
	describe(`DocLog contract (${name})`, () => {
		let f: DocLogFixture;
		beforeEach(async () => {
			f = await make();
		});
		afterEach(async () => {
			await f.close();
		});

		it('[DL1] a doc never written loads empty', async () => {
			expect(await f.log.load('board:404')).toEqual({ snapshot: null, snapshotFormat: 1, updates: [], lastId: 0 });
		});

		it('[DL2] append then load: the same updates, in order, with increasing ids', async () => {
			const w = writer();
			const a = await f.log.append('board:1', [w.add('a')], { participantId: null, userId: null });
			const b = await f.log.append('board:1', [w.add('b'), w.add('c')]);
			expect(b).toBeGreaterThan(a);
			const loaded = await f.log.load('board:1');
			expect(loaded.updates.map((u) => [...u])).toEqual(w.updates.map((u) => [...u]));
			expect(loaded.lastId).toBe(b);
			expect(textsOf(loaded)).toEqual(['a', 'b', 'c']);
			// Another doc is another log.
			expect((await f.log.load('board:2')).updates).toEqual([]);
		});

		it('[DL3] a batch is atomic: a failing batch leaves nothing of itself; a later one is whole', async () => {
			const w = writer();
			await f.log.append('board:1', [w.add('a')]);
			// Not a Uint8Array: the storage refuses it, after (maybe) taking the first one.
			await expect(f.log.append('board:1', [w.add('b'), { pas: 'une mise à jour' } as unknown as Uint8Array])).rejects.toThrow(Error);
			expect(textsOf(await f.log.load('board:1'))).toEqual(['a']);
			await f.log.append('board:1', [w.updates[1], w.add('c')]);
			expect(textsOf(await f.log.load('board:1'))).toEqual(['a', 'b', 'c']);
		});

		it('[DL4] compaction keeps every update: before, during and after it', async () => {
			const w = writer();
			let last = 0;
			for (let i = 0; i < 20; i++) last = await f.log.append('board:1', [w.add(`n${i}`)]);
			const state = Y.encodeStateAsUpdateV2(w.doc);
			// One more update arrives while the compaction is on its way: it is after `upToId`, kept.
			const compacting = f.log.compact('board:1', state, last, 2);
			const during = f.log.append('board:1', [w.add('pendant')]);
			await Promise.all([compacting, during]);
			const late = await f.log.append('board:1', [w.add('après')]);
			const loaded = await f.log.load('board:1');
			expect(loaded.snapshot).not.toBeNull();
			expect(loaded.snapshotFormat).toBe(2);
			expect(loaded.updates.length).toBeLessThanOrEqual(2);
			expect(loaded.lastId).toBe(late);
			expect(textsOf(loaded)).toEqual([...Array.from({ length: 20 }, (_, i) => `n${i}`), 'après', 'pendant'].sort());
		});

		it('[DL5] concurrent appends to one doc are all kept, each batch in its own order', async () => {
			const writers = Array.from({ length: 5 }, () => writer());
			const batches = writers.map((w, k) => [w.add(`w${k}a`), w.add(`w${k}b`), w.add(`w${k}c`)]);
			const ids = await Promise.all(batches.map((b) => f.log.append('board:1', b)));
			expect(new Set(ids).size).toBe(5);
			const loaded = await f.log.load('board:1');
			expect(loaded.updates).toHaveLength(15);
			expect(loaded.lastId).toBe(Math.max(...ids));
			// Each writer's three updates appear in its order (its later ones depend on the earlier).
			const order = loaded.updates.map((u) => batches.findIndex((b) => b.some((x) => Buffer.compare(Buffer.from(x), Buffer.from(u)) === 0)));
			for (let k = 0; k < 5; k++) {
				const positions = loaded.updates.flatMap((u, i) => (batches[k].some((x) => Buffer.compare(Buffer.from(x), Buffer.from(u)) === 0) ? [i] : []));
				expect(positions).toHaveLength(3);
				expect(positions.map((p) => batches[k].findIndex((x) => Buffer.compare(Buffer.from(x), Buffer.from(loaded.updates[p])) === 0))).toEqual([0, 1, 2]);
			}
			expect(order.every((k) => k >= 0)).toBe(true);
			expect(textsOf(loaded)).toHaveLength(15);
		});

		it('[DL6] storage failing: append, load and compact reject with an Error (never a partial result)', async () => {
			const w = writer();
			await f.log.append('board:1', [w.add('a')]);
			await f.breakStorage();
			const append = f.log.append('board:1', [w.add('b')]);
			expect(append).toBeInstanceOf(Promise);
			await expect(append).rejects.toThrow(Error);
			await expect(f.log.load('board:1')).rejects.toThrow(Error);
			await expect(f.log.compact('board:1', Y.encodeStateAsUpdate(w.doc), 1)).rejects.toThrow(Error);
		});
	});
}
