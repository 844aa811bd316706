// The documents' log on PostgreSQL (src/lib/server/postgres/doc-log.ts), as two instances of a
// deployment use it: two connection pools on one database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { migrateToLatest, type Db } from '../../src/lib/server/db/database.ts';
import { openPostgres } from '../../src/lib/server/db/postgres.ts';
import { PgDocLog } from '../../src/lib/server/postgres/doc-log.ts';
import type { StoredDoc } from '../../src/lib/server/ports/doc-log.ts';
import { createPgDatabase } from '../helpers/engines.ts';

let a: Db;
let b: Db;
let logA: PgDocLog;
let logB: PgDocLog;
let drop: () => Promise<void>;

beforeAll(async () => {
	const d = await createPgDatabase();
	drop = d.drop;
	a = openPostgres(d.url).db;
	b = openPostgres(d.url).db;
	await migrateToLatest(a);
	logA = new PgDocLog(a);
	logB = new PgDocLog(b);
});

afterAll(async () => {
	await a?.destroy();
	await b?.destroy();
	await drop?.();
});

/** An update adding `text` to the array "notes" of a doc with client id `client`, on top of `base`. */
function noteUpdate(base: Y.Doc, text: string): Uint8Array {
	const before = Y.encodeStateVector(base);
	base.getArray<string>('notes').push([text]);
	return Y.encodeStateAsUpdate(base, before);
}

function rebuild(stored: StoredDoc): string[] {
	const doc = new Y.Doc();
	if (stored.snapshot) (stored.snapshotFormat === 2 ? Y.applyUpdateV2 : Y.applyUpdate)(doc, stored.snapshot);
	for (const u of stored.updates) Y.applyUpdate(doc, u);
	return doc.getArray<string>('notes').toArray();
}

describe('PgDocLog', () => {
	it('a doc never written loads empty', async () => {
		expect(await logA.load('board:none')).toEqual({ snapshot: null, snapshotFormat: 1, updates: [], lastId: 0 });
	});

	it('a batch is appended in one piece and loads in order, with its author kept', async () => {
		const doc = new Y.Doc();
		const batch = ['un', 'deux', 'trois'].map((t) => noteUpdate(doc, t));
		const id = await logA.append('board:1', batch, { participantId: 42 });
		const stored = await logB.load('board:1');
		expect(stored.updates).toHaveLength(3);
		expect(stored.lastId).toBe(id);
		expect(rebuild(stored)).toEqual(['un', 'deux', 'trois']);
		const authors = await a.selectFrom('doc_updates').select('participant_id').where('doc_name', '=', 'board:1').execute();
		expect(authors.map((r) => r.participant_id)).toEqual([42, 42, 42]);
	});

	it('concurrent batches of two instances on one doc are all kept, each in one piece, and a reader never sees a gap filled later', async () => {
		const writers = [new Y.Doc(), new Y.Doc()];
		const resolved: number[] = [];
		const appends: Promise<void>[] = [];
		for (let i = 0; i < 40; i++) {
			const w = i % 2;
			const batch = [0, 1, 2].map((k) => noteUpdate(writers[w], `${w}-${i}-${k}`));
			appends.push((w ? logB : logA).append('board:2', batch).then((id) => void resolved.push(id)));
		}
		// Meanwhile a third reader loads again and again: what it sees must always be a prefix of the
		// final log (a later load never finds an update slotted before one it already saw).
		const seen: Uint8Array[][] = [];
		let writing = true;
		const reader = (async () => {
			while (writing) seen.push((await logB.load('board:2')).updates);
		})();
		await Promise.all(appends);
		writing = false;
		await reader;
		const stored = await logA.load('board:2');
		const key = (u: Uint8Array) => Buffer.from(u).toString('base64');
		const finalKeys = stored.updates.map(key);
		expect(seen.length).toBeGreaterThan(1);
		for (const s of seen) expect(s.map(key)).toEqual(finalKeys.slice(0, s.length));
		expect(stored.updates).toHaveLength(120);
		const notes = rebuild(stored);
		expect(notes).toHaveLength(120);
		// The log holds each batch's three updates next to each other, in their order.
		const texts = stored.updates.map((u) => (Y.decodeUpdate(u).structs[0] as unknown as { content: { arr: string[] } }).content.arr[0]);
		for (let i = 0; i < texts.length; i += 3) {
			const [w, n] = texts[i]!.split('-');
			expect(texts.slice(i, i + 3)).toEqual([0, 1, 2].map((k) => `${w}-${n}-${k}`));
		}
		// Per doc, ids are drawn and committed in one order: a reader never sees a gap filled later.
		expect(new Set(resolved).size).toBe(40);
		expect(Math.max(...resolved)).toBe(stored.lastId);
	});

	it('compaction by one instance keeps what the other appended meanwhile, and the trail of who wrote', async () => {
		const docA = new Y.Doc();
		const early = [noteUpdate(docA, 'a1'), noteUpdate(docA, 'a2')];
		await logA.append('board:3', early, { userId: 7 });
		// Instance B appends a note that A's live doc has not received yet.
		const docB = new Y.Doc();
		Y.applyUpdate(docB, Y.encodeStateAsUpdate(docA));
		const fromB = await logB.append('board:3', [noteUpdate(docB, 'b1')], { participantId: 9 });
		// A compacts its live doc (without b1) up to the last id it saw on the log.
		await logA.compact('board:3', Y.encodeStateAsUpdateV2(docA), fromB, 2);
		const after = await logB.load('board:3');
		expect(after.updates).toEqual([]);
		expect(after.snapshotFormat).toBe(2);
		expect(after.lastId).toBe(fromB);
		expect(rebuild(after).sort()).toEqual(['a1', 'a2', 'b1']);
		const trail = await a.selectFrom('doc_update_trail').select(['user_id', 'participant_id']).where('doc_name', '=', 'board:3').orderBy('id').execute();
		expect(trail).toEqual([
			{ user_id: 7, participant_id: null },
			{ user_id: 7, participant_id: null },
			{ user_id: null, participant_id: 9 }
		]);
		// Appends after the compaction load on top of the snapshot.
		await logA.append('board:3', [noteUpdate(docA, 'a3')]);
		expect(rebuild(await logB.load('board:3')).sort()).toEqual(['a1', 'a2', 'a3', 'b1']);
	});

	it('two instances compacting one doc at once leave one snapshot with everything', async () => {
		const d1 = new Y.Doc();
		const d2 = new Y.Doc();
		await logA.append('board:4', [noteUpdate(d1, 'x1'), noteUpdate(d1, 'x2')]);
		const last = await logB.append('board:4', [noteUpdate(d2, 'y1')]);
		await Promise.all([logA.compact('board:4', Y.encodeStateAsUpdate(d1), last, 1), logB.compact('board:4', Y.encodeStateAsUpdate(d2), last, 1)]);
		const stored = await logA.load('board:4');
		expect(stored.updates).toEqual([]);
		expect(rebuild(stored).sort()).toEqual(['x1', 'x2', 'y1']);
	});

	it('a failed append stores nothing of its batch and rejects', async () => {
		const doc = new Y.Doc();
		const pool = openPostgres('postgres://127.0.0.1:1/none');
		const broken = new PgDocLog(pool.db);
		await expect(broken.append('board:5', [noteUpdate(doc, 'z')])).rejects.toThrow();
		await pool.db.destroy();
		expect(await logA.load('board:5')).toEqual({ snapshot: null, snapshotFormat: 1, updates: [], lastId: 0 });
	});
});
