import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { deepUpdate, deletionUpdate } from '../../testing/yjs-attacks.ts';
import { addNote, getClusters, getNotes, writeSettings } from '../../docs/board.ts';
import { ensureFields, fieldText, readMeta, writeMeta } from '../../docs/fiche.ts';
import { DOC_POLICIES, MAX_JSON_DEPTH, MAX_TYPE_DEPTH, MAX_UPDATE_BYTES } from '../../docs/doc-policy.ts';
import { NOTE_MAX_LENGTH } from '../../domain/commands.ts';
import { checkUpdate } from './update-guard.ts';
import { isHealthy, loadOrRepair, withoutOffendingItems } from './repair.ts';
import { DocStore, StoreUnavailableError } from './doc-store.ts';
import { MemoryDocPersistence, applyStored, type DocPersistence, type StoredDoc } from './persistence.ts';

// The update guard, the repair of stored states and the doc store's containment of failures
// (README "Reliability"). Each bound is tested at the limit and just past it.

/** The update `fn` makes on a copy of `base` (what a writer's client would send). */
function updateFrom(base: Y.Doc, fn: (doc: Y.Doc) => void): Uint8Array {
	const client = new Y.Doc();
	Y.applyUpdate(client, Y.encodeStateAsUpdate(base));
	const before = Y.encodeStateVector(client);
	fn(client);
	return Y.encodeStateAsUpdate(client, before);
}

const board = DOC_POLICIES.board;
const fiche = DOC_POLICIES.fiche;

function nested(parent: Y.Map<unknown>, depth: number): void {
	let m = parent;
	for (let i = 0; i < depth; i++) {
		const child = new Y.Map<unknown>();
		m.set('x', child);
		m = child;
	}
}

describe('update guard', () => {
	it('[GRD1] accepts what the board and the fiche write, refuses server-owned roots', () => {
		const doc = new Y.Doc();
		expect(checkUpdate(doc, updateFrom(doc, (d) => addNote(d, { id: 'n1', text: 'Transport', column: 'atouts', position: 1, colour: 'jaune', createdAt: 1 })), board, 0).ok).toBe(true);
		const settings = checkUpdate(doc, updateFrom(doc, (d) => writeSettings(d, { phase: 'clos' })), board, 0);
		expect(settings).toMatchObject({ ok: false, code: 'root' });
		const tallies = checkUpdate(doc, updateFrom(doc, (d) => d.getMap('tallies').set('c1', 99)), board, 0);
		expect(tallies).toMatchObject({ ok: false, code: 'root' });
		const unknown = checkUpdate(doc, updateFrom(doc, (d) => d.getMap('anything').set('k', 'v')), board, 0);
		expect(unknown).toMatchObject({ ok: false, code: 'root' });

		const f = new Y.Doc();
		ensureFields(f);
		writeMeta(f, { status: 'validee' });
		expect(checkUpdate(f, updateFrom(f, (d) => fieldText(d, 'objectifs')!.insert(0, 'Mobilité')), fiche, 0).ok).toBe(true);
		expect(checkUpdate(f, updateFrom(f, (d) => writeMeta(d, { status: 'abandonnee' })), fiche, 0)).toMatchObject({ ok: false, code: 'root' });
		expect(checkUpdate(f, updateFrom(f, (d) => d.getMap('provenance').set('boardId', 9)), fiche, 0)).toMatchObject({ ok: false, code: 'root' });
		expect(checkUpdate(f, updateFrom(f, (d) => d.getMap('comments').set('c', 'x')), fiche, 0)).toMatchObject({ ok: false, code: 'root' });
	});

	it('[GRD2] refuses deleting inside a server-owned root (the delete set is checked too)', () => {
		const doc = new Y.Doc();
		writeSettings(doc, { phase: 'vote' });
		const del = updateFrom(doc, (d) => d.getMap('settings').delete('phase'));
		expect(checkUpdate(doc, del, board, 0)).toMatchObject({ ok: false, code: 'root' });
	});

	it(`[GRD3] shared types nested ${MAX_TYPE_DEPTH} deep pass, one more is refused`, () => {
		const doc = new Y.Doc();
		// A note's map is at depth 1 under the root; nest the rest inside it.
		const at = (levels: number) => updateFrom(doc, (d) => nested(d.getMap('notes') as Y.Map<unknown>, levels));
		expect(checkUpdate(doc, at(MAX_TYPE_DEPTH), board, 0).ok).toBe(true);
		expect(checkUpdate(doc, at(MAX_TYPE_DEPTH + 1), board, 0)).toMatchObject({ ok: false, code: 'depth' });
		// Thousands deep (what broke a doc for good): refused, without the guard itself overflowing.
		expect(checkUpdate(doc, deepUpdate(20_000), board, 0)).toMatchObject({ ok: false, code: 'depth' });
		// Nested in two steps: the second update's parent is in the doc.
		const live = new Y.Doc();
		Y.applyUpdate(live, at(MAX_TYPE_DEPTH));
		const deeper = updateFrom(live, (d) => {
			let m = d.getMap('notes') as Y.Map<unknown>;
			while (m.get('x') instanceof Y.Map) m = m.get('x') as Y.Map<unknown>;
			m.set('x', new Y.Map());
		});
		expect(checkUpdate(live, deeper, board, 0)).toMatchObject({ ok: false, code: 'depth' });
	});

	it(`[GRD4] JSON values nested ${MAX_JSON_DEPTH} deep pass, one more is refused`, () => {
		const doc = new Y.Doc();
		const value = (depth: number) => {
			let v: unknown = 'fond';
			for (let i = 0; i < depth; i++) v = [v];
			return v;
		};
		const note = (depth: number) => updateFrom(doc, (d) => (d.getMap('notes') as Y.Map<unknown>).set('n', value(depth)));
		expect(checkUpdate(doc, note(MAX_JSON_DEPTH), board, 0).ok).toBe(true);
		expect(checkUpdate(doc, note(MAX_JSON_DEPTH + 1), board, 0)).toMatchObject({ ok: false, code: 'depth' });
	});

	it(`[GRD5] a note's text of ${NOTE_MAX_LENGTH} characters passes, one more is refused; a fiche field's too`, () => {
		const doc = new Y.Doc();
		const withText = (n: number) => updateFrom(doc, (d) => addNote(d, { id: 'n', text: 'a'.repeat(n), column: 'atouts', position: 1, colour: 'jaune', createdAt: 1 }));
		expect(checkUpdate(doc, withText(NOTE_MAX_LENGTH), board, 0).ok).toBe(true);
		expect(checkUpdate(doc, withText(NOTE_MAX_LENGTH + 1), board, 0)).toMatchObject({ ok: false, code: 'text' });

		const f = new Y.Doc();
		ensureFields(f);
		fieldText(f, 'objectifs')!.insert(0, 'x'.repeat(fiche.maxTextLength - 10));
		const add = (n: number) => updateFrom(f, (d) => fieldText(d, 'objectifs')!.insert(0, 'y'.repeat(n)));
		expect(checkUpdate(f, add(10), fiche, 0).ok).toBe(true);
		expect(checkUpdate(f, add(11), fiche, 0)).toMatchObject({ ok: false, code: 'text' });
	});

	it('[GRD9] strings with controls, zero-width characters or bidi overrides are refused; an innocent paste passes', () => {
		const doc = new Y.Doc();
		const note = (text: string) => updateFrom(doc, (d) => addNote(d, { id: 'n', text, column: 'atouts', position: 1, colour: 'jaune', createdAt: 1 }));
		expect(checkUpdate(doc, note('Transport\u202Eniamed'), board, 0)).toMatchObject({ ok: false, code: 'text' });
		expect(checkUpdate(doc, note('Zéro\u200Blargeur'), board, 0)).toMatchObject({ ok: false, code: 'text' });
		expect(checkUpdate(doc, note('NUL\u0000'), board, 0)).toMatchObject({ ok: false, code: 'text' });
		expect(checkUpdate(doc, note('Une marque\u200E gauche-droite, un trait d\u00ADunion conditionnel'), board, 0).ok).toBe(true);
		const f = new Y.Doc();
		ensureFields(f);
		expect(checkUpdate(f, updateFrom(f, (d) => fieldText(d, 'objectifs')!.insert(0, 'a\u2066b')), fiche, 0)).toMatchObject({ ok: false, code: 'text' });
		expect(checkUpdate(f, updateFrom(f, (d) => fieldText(d, 'objectifs')!.insert(0, 'ligne 1\nligne 2\tcolonne')), fiche, 0).ok).toBe(true);
	});

	it('[GRD6] one update up to the limit passes, past it is refused; so is a doc past its size', () => {
		const doc = new Y.Doc();
		const u = updateFrom(doc, (d) => addNote(d, { id: 'n', text: 'Logement', column: 'atouts', position: 1, colour: 'jaune', createdAt: 1 }));
		expect(checkUpdate(doc, u, board, board.maxDocBytes - u.length).ok).toBe(true);
		expect(checkUpdate(doc, u, board, board.maxDocBytes - u.length + 1)).toMatchObject({ ok: false, code: 'size' });
		const big = new Uint8Array(MAX_UPDATE_BYTES + 1);
		expect(checkUpdate(doc, big, board, 0)).toMatchObject({ ok: false, code: 'size' });
	});

	it('[GRD7] an update that depends on changes the server does not have is sent back for a resync', () => {
		const a = new Y.Doc();
		addNote(a, { id: 'n', text: 'Santé', column: 'atouts', position: 1, colour: 'jaune', createdAt: 1 });
		const server = new Y.Doc();
		// The client edits the note the server never received.
		const edit = updateFrom(a, (d) => ((d.getMap('notes') as Y.Map<Y.Map<unknown>>).get('n') as Y.Map<unknown>).set('text', 'Santé mentale'));
		expect(checkUpdate(server, edit, board, 0)).toMatchObject({ ok: false, code: 'pending' });
	});

	it('[GRD8] a 2,000-note board fits the board policy', () => {
		const doc = new Y.Doc();
		for (let i = 0; i < 2000; i++) addNote(doc, { id: `n${i}`, text: `Contribution numéro ${i} sur la mobilité des jeunes en milieu rural`, column: i % 2 ? 'atouts' : 'problematiques', position: i, colour: 'jaune', createdAt: i, authorName: 'Participante', organisation: 'CCAS' });
		expect(Y.encodeStateAsUpdate(doc).length * 4).toBeLessThan(board.maxDocBytes);
	});
});

/** What an older Tablée could store: a shared type nested thousands deep, then its deletion. */
function poisonedLog(): Uint8Array[] {
	const w = new Y.Doc();
	addNote(w, { id: 'keep', text: 'Une contribution à garder', column: 'atouts', position: 1, colour: 'jaune', createdAt: 1 });
	const client = 777;
	// The deletion of the top of it, as the writer's update carried it.
	return [Y.encodeStateAsUpdate(w), deepUpdate(20_000, client), deletionUpdate(client, 0)];
}

describe('stored states written before the guard', () => {
	it('[RPR1] a log holding a deep structure and its deletion overflows a plain load, and loads repaired', () => {
		const log = poisonedLog();
		const stored: StoredDoc = { snapshot: null, snapshotFormat: 1, updates: log, lastId: log.length };
		const plain = new Y.Doc();
		expect(() => applyStored(plain, stored)).toThrow(RangeError);
		const { doc, repaired, dropped } = loadOrRepair(stored, applyStored);
		expect(repaired).toBe(true);
		expect(dropped.join(' ')).toMatch(/imbriqué/);
		expect(isHealthy(doc)).toBe(true);
		expect(getNotes(doc).map((n) => n.text)).toEqual(['Une contribution à garder']);
		// And it keeps working: a change after the repair emits an update.
		let emitted = 0;
		doc.on('update', () => emitted++);
		addNote(doc, { id: 'after', text: 'Après réparation', column: 'atouts', position: 2, colour: 'jaune', createdAt: 2 });
		expect(emitted).toBe(1);
	});

	it('[RPR2] the same as a snapshot (the state a compaction of the broken doc wrote)', () => {
		const merged = Y.mergeUpdates(poisonedLog());
		const stored: StoredDoc = { snapshot: Y.convertUpdateFormatV1ToV2(merged), snapshotFormat: 2, updates: [], lastId: 3 };
		const { doc, repaired } = loadOrRepair(stored, applyStored);
		expect(repaired).toBe(true);
		expect(getNotes(doc).map((n) => n.id)).toEqual(['keep']);
	});

	it('[RPR3] a healthy state is loaded as it is (no rewrite)', () => {
		const d = new Y.Doc();
		addNote(d, { id: 'a', text: 'Mobilité', column: 'atouts', position: 1, colour: 'jaune', createdAt: 1 });
		const u = Y.encodeStateAsUpdate(d);
		expect(withoutOffendingItems(u)).toEqual({ update: u, removed: 0 });
		expect(loadOrRepair({ snapshot: u, snapshotFormat: 1, updates: [], lastId: 1 }, applyStored).repaired).toBe(false);
	});
});

/** The memory store with appends that fail on demand. */
class Failing extends MemoryDocPersistence implements DocPersistence {
	fail = 0;
	override append(docName: string, update: Uint8Array): number {
		if (this.fail > 0) {
			this.fail--;
			throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
		}
		return super.append(docName, update);
	}
}

describe('doc store containment', () => {
	it('[CNT1] a failed append: the change is refused, reaches no listener, the doc is reloaded and keeps storing', () => {
		const persistence = new Failing();
		let t = 0;
		const store = new DocStore(persistence, { now: () => t, failureCooldownMs: 100 });
		const seen: Uint8Array[] = [];
		let resetTo: Y.Doc | null | undefined;
		const doc = store.acquire('board:1', (u) => seen.push(u), (d) => (resetTo = d));
		store.transact('board:1', (d) => addNote(d, { id: 'a', text: 'Avant', column: 'atouts', position: 1, colour: 'jaune', createdAt: 1 }));
		persistence.fail = 1;
		expect(() => store.transact('board:1', (d) => addNote(d, { id: 'b', text: 'Perdue ?', column: 'atouts', position: 2, colour: 'jaune', createdAt: 2 }))).toThrow(StoreUnavailableError);
		expect(seen).toHaveLength(1);
		expect(resetTo).toBeInstanceOf(Y.Doc);
		expect(resetTo).not.toBe(doc);
		expect(getNotes(resetTo!).map((n) => n.id)).toEqual(['a']);
		// During the cooldown writes are refused without touching the doc; after it they work.
		expect(() => store.transact('board:1', () => undefined)).toThrow(StoreUnavailableError);
		expect(store.health()).toMatchObject({ appendFailures: 1, docsReloaded: 1, degraded: true });
		t = 200;
		store.transact('board:1', (d) => addNote(d, { id: 'b', text: 'Renvoyée', column: 'atouts', position: 2, colour: 'jaune', createdAt: 2 }));
		expect(seen).toHaveLength(2);
		expect(getNotes(new DocStore(persistence).read('board:1', (d) => d)).map((n) => n.id).sort()).toEqual(['a', 'b']);
	});

	it('[CNT2] an exception inside Yjs (a deep deletion) never leaves a deaf doc', () => {
		const persistence = new MemoryDocPersistence();
		const store = new DocStore(persistence, { failureCooldownMs: 0 });
		store.acquire('board:1');
		// Built by the server itself (no guard on the server's own writes): the worst case.
		store.transact('board:1', (d) => Y.applyUpdate(d, deepUpdate(20_000)));
		expect(() => store.transact('board:1', (d) => (d.getMap('notes') as Y.Map<unknown>).delete('x'))).toThrow(StoreUnavailableError);
		expect(store.health().docsReloaded).toBe(1);
		// The reloaded doc stores and broadcasts again.
		const heard: Uint8Array[] = [];
		store.acquire('board:1', (u) => heard.push(u));
		store.transact('board:1', (d) => addNote(d, { id: 'z', text: 'Toujours vivant', column: 'atouts', position: 1, colour: 'jaune', createdAt: 1 }));
		expect(heard).toHaveLength(1);
		expect(getNotes(new DocStore(persistence).read('board:1', (d) => d)).map((n) => n.id)).toContain('z');
	});

	it('[CNT3] a refusal thrown by the change itself is passed on, and the doc stays live', () => {
		const store = new DocStore(new MemoryDocPersistence());
		const heard: Uint8Array[] = [];
		store.acquire('board:1', (u) => heard.push(u));
		expect(() =>
			store.transact('board:1', () => {
				throw new Error('refusé');
			})
		).toThrow('refusé');
		store.transact('board:1', (d) => addNote(d, { id: 'y', text: 'Ensuite', column: 'atouts', position: 1, colour: 'jaune', createdAt: 1 }));
		expect(heard).toHaveLength(1);
	});
});

describe('readers tolerate malformed values', () => {
	it('[TOL1] notes, clusters and meta written with wrong types read as defaults', () => {
		const doc = new Y.Doc();
		(doc.getMap('notes') as Y.Map<unknown>).set('bad', 'pas une note');
		const n = new Y.Map<unknown>();
		(doc.getMap('notes') as Y.Map<unknown>).set('n', n);
		n.set('info', 42);
		n.set('text', { a: 1 });
		n.set('colour', 'fuchsia');
		const clusters = doc.getMap('clusters') as Y.Map<unknown>;
		clusters.set('c0', 'pas un regroupement');
		const c = new Y.Map<unknown>();
		clusters.set('c1', c);
		c.set('title', 12);
		c.set('links', 'x');
		expect(getNotes(doc)).toEqual([expect.objectContaining({ id: 'n', text: '', colour: 'jaune', column: '' })]);
		expect(getClusters(doc)).toEqual([expect.objectContaining({ id: 'c1', title: '', links: [] })]);
		const f = new Y.Doc();
		f.getMap('meta').set('status', 'n’importe quoi');
		f.getMap('meta').set('number', 'douze');
		expect(readMeta(f)).toMatchObject({ status: 'brouillon', number: null });
	});
});
