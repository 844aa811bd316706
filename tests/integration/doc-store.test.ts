import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNote, getNotes, type Note } from '../../src/lib/docs/board.ts';
import { DocStore } from '../../src/lib/server/realtime/doc-store.ts';
import { MemoryDocPersistence, SqliteDocPersistence, applyStored, withSyncFace, type DocPersistence } from '../../src/lib/server/realtime/persistence.ts';
import { setupDb } from '../helpers/db.ts';
import { Migrator } from 'kysely';
import v8 from 'node:v8';
import vm from 'node:vm';
import { migrations } from '../../migrations/index.ts';

// One contract, two implementations: the SQLite log (production) and the in-memory reference.
const note = (id: string, text: string): Note => ({ id, text, column: 'atouts', position: 0, colour: 'jaune', createdAt: 1 });

function updateOf(fn: (doc: Y.Doc) => void, doc = new Y.Doc()): Uint8Array {
	let out: Uint8Array | null = null;
	const capture = (u: Uint8Array) => (out = u);
	doc.on('update', capture);
	fn(doc);
	doc.off('update', capture);
	return out!;
}

const implementations: [string, () => Promise<{ persistence: DocPersistence; close: () => Promise<void> }>][] = [
	[
		'SQLite',
		async () => {
			const ctx = await setupDb();
			return { persistence: new SqliteDocPersistence(ctx.sqlite), close: ctx.close };
		}
	],
	['memory', async () => ({ persistence: new MemoryDocPersistence(), close: async () => {} })]
];

for (const [label, make] of implementations) {
	describe(`doc persistence contract (${label})`, () => {
		let persistence: DocPersistence;
		let close: () => Promise<void>;
		beforeEach(async () => {
			({ persistence, close } = await make());
		});
		afterEach(async () => close());

		it('[DS1] loads an unknown doc as empty', () => {
			expect(persistence.load('board:1')).toEqual({ snapshot: null, snapshotFormat: 1, updates: [], lastId: 0 });
		});

		it('[DS2] gives back appended updates in order, with growing ids', () => {
			const writer = new Y.Doc();
			const ids = [0, 1, 2].map((i) => persistence.append('board:1', updateOf((d) => addNote(d, note(`n${i}`, `note ${i}`)), writer)));
			expect(ids[1]).toBeGreaterThan(ids[0]);
			const loaded = persistence.load('board:1');
			expect(loaded.updates).toHaveLength(3);
			expect(loaded.lastId).toBe(ids[2]);
			const doc = new Y.Doc();
			for (const u of loaded.updates) Y.applyUpdate(doc, u);
			expect(getNotes(doc).map((n) => n.text).sort()).toEqual(['note 0', 'note 1', 'note 2']);
		});

		it('[DS3] compaction keeps updates appended after the folded id', () => {
			const writer = new Y.Doc();
			persistence.append('board:1', updateOf((d) => addNote(d, note('a', 'avant')), writer));
			const folded = persistence.append('board:1', updateOf((d) => addNote(d, note('b', 'avant aussi')), writer));
			persistence.append('board:1', updateOf((d) => addNote(d, note('c', 'après')), writer));
			persistence.compact('board:1', Y.encodeStateAsUpdate(writer), folded);
			const loaded = persistence.load('board:1');
			expect(loaded.snapshot).not.toBeNull();
			expect(loaded.updates).toHaveLength(1);
			const doc = new Y.Doc();
			Y.applyUpdate(doc, loaded.snapshot!);
			for (const u of loaded.updates) Y.applyUpdate(doc, u);
			expect(getNotes(doc)).toHaveLength(3);
		});

		it('[DS3b] a snapshot in either Yjs encoding loads back the same doc, with the updates after it', () => {
			for (const format of [1, 2] as const) {
				const name = `board:${10 + format}`;
				const writer = new Y.Doc();
				const folded = persistence.append(name, updateOf((d) => addNote(d, { ...note('a', 'dans l’instantané'), colour: 'vert' }), writer));
				persistence.append(name, updateOf((d) => addNote(d, note('b', 'après'))));
				persistence.compact(name, format === 2 ? Y.encodeStateAsUpdateV2(writer) : Y.encodeStateAsUpdate(writer), folded, format);
				const loaded = persistence.load(name);
				expect(loaded.snapshotFormat).toBe(format);
				const doc = new Y.Doc();
				applyStored(doc, loaded);
				expect(getNotes(doc).map((n) => [n.text, n.colour])).toEqual([
					['dans l’instantané', 'vert'],
					['après', 'jaune']
				]);
			}
		});

		it('[DS4] keeps docs apart', () => {
			persistence.append('board:1', updateOf((d) => addNote(d, note('x', 'table 1'))));
			expect(persistence.load('board:2').updates).toEqual([]);
		});

		it('[DS5] the doc store logs every change before its listeners see it', () => {
			const store = new DocStore(persistence, { unloadAfterMs: 60_000 });
			const seenInLog: number[] = [];
			store.acquire('board:1', () => seenInLog.push(persistence.load('board:1').updates.length));
			store.transact('board:1', (d) => addNote(d, note('a', 'un')));
			store.transact('board:1', (d) => addNote(d, note('b', 'deux')));
			expect(seenInLog).toEqual([1, 2]);
			store.closeAll();
		});

		it('[DS6] the doc store compacts past its threshold and reloads the same content', () => {
			const store = new DocStore(persistence, { compactAfter: 10, unloadAfterMs: 60_000 });
			for (let i = 0; i < 25; i++) store.transact('board:1', (d) => addNote(d, note(`n${i}`, `note ${i}`)));
			expect(persistence.load('board:1').updates.length).toBeLessThan(10);
			store.closeAll();
			// Compaction writes the second encoding.
			expect(persistence.load('board:1').snapshotFormat).toBe(2);
			const again = new DocStore(persistence);
			expect(again.read('board:1', getNotes)).toHaveLength(25);
			again.closeAll();
		});

		it('[DS7] an unused doc unloads after the grace period, its state intact', async () => {
			let unloaded!: (name: string) => void;
			const gone = new Promise<string>((resolve) => (unloaded = resolve));
			const store = new DocStore(persistence, { unloadAfterMs: 20, onUnload: (name) => unloaded(name) });
			const doc = store.acquire('board:1');
			addNote(doc, note('a', 'reste'));
			store.release('board:1');
			expect(store.isLoaded('board:1')).toBe(true);
			expect(await gone).toBe('board:1');
			expect(store.loadedCount).toBe(0);
			expect(persistence.load('board:1').updates).toEqual([]); // folded into the snapshot
			expect(store.read('board:1', getNotes).map((n) => n.text)).toEqual(['reste']);
			store.closeAll();
		});
	});
}

describe('snapshot encoding migration', () => {
	it('[DS8] migrating down turns second-encoding snapshots back into the first, which older code reads', async () => {
		const ctx = await setupDb();
		try {
			const store = new DocStore(new SqliteDocPersistence(ctx.sqlite), { compactAfter: 3 });
			for (let i = 0; i < 4; i++) store.transact('board:1', (d) => addNote(d, note(`n${i}`, `note ${i}`)));
			store.closeAll();
			expect((ctx.sqlite.prepare("select format from doc_snapshots where doc_name = 'board:1'").get() as { format: number }).format).toBe(2);
			const migrator = new Migrator({ db: ctx.db, provider: { getMigrations: async () => migrations } });
			const { error } = await migrator.migrateTo('2026-11-22T23-00-00_restitution-links');
			expect(error).toBeUndefined();
			const row = ctx.sqlite.prepare("select * from doc_snapshots where doc_name = 'board:1'").get() as Record<string, unknown>;
			expect(row).not.toHaveProperty('format');
			const doc = new Y.Doc();
			Y.applyUpdate(doc, new Uint8Array(row.data as Buffer));
			const log = ctx.sqlite.prepare("select data from doc_updates where doc_name = 'board:1' order by id").all() as { data: Buffer }[];
			for (const u of log) Y.applyUpdate(doc, new Uint8Array(u.data));
			expect(getNotes(doc).map((n) => n.text)).toEqual(['note 0', 'note 1', 'note 2', 'note 3']);
		} finally {
			await ctx.close();
		}
	});
});

describe('doc store loading and unloading', () => {
	it('[DS9] many users asking for an unloaded doc at once share one load', async () => {
		const inner = new MemoryDocPersistence();
		const writer = new Y.Doc();
		inner.append('board:1', updateOf((d) => addNote(d, note('a', 'déjà là')), writer));
		let loads = 0;
		const counting: DocPersistence = withSyncFace({
			load: (name) => (loads++, inner.load(name)),
			append: (name, u) => inner.append(name, u),
			compact: (name, s, id, f) => inner.compact(name, s, id, f)
		});
		const store = new DocStore(counting, { unloadAfterMs: 60_000 });
		const docs = await Promise.all(Array.from({ length: 20 }, async (_, i) => (i % 2 ? store.acquire('board:1') : store.read('board:1', (d) => d))));
		expect(loads).toBe(1);
		expect(new Set(docs).size).toBe(1);
		expect(getNotes(docs[0]).map((n) => n.text)).toEqual(['déjà là']);
		store.closeAll();
	});

	it('[DS10] an unloaded doc is freed: nothing keeps it, and the heap returns to where it was', async () => {
		v8.setFlagsFromString('--expose-gc');
		const gc = vm.runInNewContext('gc') as () => void;
		const persistence = new MemoryDocPersistence();
		const source = new Y.Doc();
		source.transact(() => {
			for (let i = 0; i < 2000; i++) addNote(source, { ...note(`n${i}`, `Une contribution assez longue, numéro ${i}`), position: i });
		});
		persistence.compact('board:1', Y.encodeStateAsUpdateV2(source), 0, 2);
		source.destroy();
		let unloaded!: () => void;
		const gone = new Promise<void>((r) => (unloaded = r));
		const store = new DocStore(persistence, { unloadAfterMs: 10, onUnload: () => unloaded() });
		gc();
		const baseline = process.memoryUsage().heapUsed;
		// In a function of its own: a suspended async function keeps its locals alive.
		const use = () => {
			const doc = store.acquire('board:1');
			store.fullState('board:1'); // the joiners' cached encoding goes too
			return { ref: new WeakRef(doc), notes: getNotes(doc).length };
		};
		const { ref, notes } = use();
		expect(notes).toBe(2000);
		const loaded = process.memoryUsage().heapUsed;
		store.release('board:1');
		await gone;
		// The unload's own timer turn may still hold it briefly (Node's timer list): collect after each
		// later turn, a bounded number of times, until it is gone.
		for (let turn = 0; turn < 50 && ref.deref() !== undefined; turn++) {
			await new Promise((r) => setTimeout(r, 10));
			gc();
		}
		expect(ref.deref(), 'the Y.Doc is still reachable after unloading').toBeUndefined();
		const after = process.memoryUsage().heapUsed;
		const MB = 1024 * 1024;
		expect(loaded - baseline, 'the loaded doc took memory (the measure sees it)').toBeGreaterThan(2 * MB);
		// Back to where it was, within a tenth of what the doc took (the test runner allocates too).
		expect(after - baseline, `heap after unload vs before load: ${((after - baseline) / MB).toFixed(1)} MB of ${((loaded - baseline) / MB).toFixed(1)} MB`).toBeLessThan(
			(loaded - baseline) / 10
		);
		store.closeAll();
	});
});
