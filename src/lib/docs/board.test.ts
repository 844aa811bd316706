import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addNote,
	assignToCluster,
	createCluster,
	deleteNote,
	dissolveCluster,
	getClusters,
	getNotes,
	getNote,
	getSettings,
	mergeClusters,
	nextPositionIn,
	notesDeletedBy,
	pruneEmptyClusters,
	updateNote,
	writeSettings,
	type Note
} from './board.ts';
import { seededRandom } from '../testing/seeded-random.ts';

const note = (id: string, column = 'problematiques'): Note => ({ id, text: `note ${id}`, column, position: 0, colour: 'jaune', createdAt: 1 });

function board() {
	const doc = new Y.Doc();
	for (const id of ['a', 'b', 'c', 'd']) addNote(doc, note(id));
	addNote(doc, note('x', 'atouts'));
	return doc;
}
const members = (doc: Y.Doc, clusterId: string) => getNotes(doc).filter((n) => n.clusterId === clusterId).map((n) => n.id).sort();

describe('clusters in the board doc', () => {
	it('[CL1] a cluster takes its notes into its column', () => {
		const doc = board();
		createCluster(doc, { id: 'k1', title: 'Mobilité', column: 'problematiques', position: 1 }, ['a', 'b', 'x']);
		expect(members(doc, 'k1')).toEqual(['a', 'b', 'x']);
		expect(getNotes(doc).find((n) => n.id === 'x')!.column).toBe('problematiques');
	});

	it('[CL2] merging moves every note and removes the emptied cluster', () => {
		const doc = board();
		createCluster(doc, { id: 'k1', title: 'Mobilité', column: 'problematiques', position: 1 }, ['a', 'b']);
		createCluster(doc, { id: 'k2', title: 'Transports', column: 'problematiques', position: 2 }, ['c']);
		mergeClusters(doc, 'k1', 'k2');
		expect(members(doc, 'k1')).toEqual(['a', 'b', 'c']);
		expect(getClusters(doc).map((c) => c.id)).toEqual(['k1']);
	});

	it('[CL3] taking notes out (split) leaves them loose; the last one out removes the cluster', () => {
		const doc = board();
		createCluster(doc, { id: 'k1', title: 'Mobilité', column: 'problematiques', position: 1 }, ['a', 'b']);
		assignToCluster(doc, ['a'], null);
		expect(members(doc, 'k1')).toEqual(['b']);
		expect(getNotes(doc).find((n) => n.id === 'a')!.clusterId).toBeUndefined();
		assignToCluster(doc, ['b'], null);
		expect(getClusters(doc)).toEqual([]);
	});

	it('[CL4] dissolving keeps the notes; deleting the notes prunes the cluster', () => {
		const doc = board();
		createCluster(doc, { id: 'k1', title: 'Mobilité', column: 'problematiques', position: 1 }, ['a', 'b']);
		dissolveCluster(doc, 'k1');
		expect(getNotes(doc)).toHaveLength(5);
		expect(getClusters(doc)).toEqual([]);
		createCluster(doc, { id: 'k2', title: 'Crèche', column: 'problematiques', position: 2 }, ['c']);
		deleteNote(doc, 'c');
		pruneEmptyClusters(doc);
		expect(getClusters(doc)).toEqual([]);
	});

	it('[CL5] a note cannot join a cluster that does not exist', () => {
		const doc = board();
		assignToCluster(doc, ['a'], 'nope');
		expect(getNotes(doc).find((n) => n.id === 'a')!.clusterId).toBeUndefined();
	});

	it('[CL6] settings read back with defaults for what was never written', () => {
		const doc = new Y.Doc();
		expect(getSettings(doc).phase).toBe('ecriture');
		writeSettings(doc, { phase: 'vote', voteBudget: 5 });
		expect(getSettings(doc)).toMatchObject({ phase: 'vote', voteBudget: 5, votesHidden: true });
	});
});

describe('next position in a column (kept in an index, not scanned)', () => {
	/** The old definition: a scan of every note. */
	const scanned = (doc: Y.Doc, column: string) => Math.max(-1, ...getNotes(doc).filter((n) => n.column === column).map((n) => n.position)) + 1;
	const COLS = ['atouts', 'problematiques', 'points_forts'];

	it('[POS1] matches a full scan through adds, moves, re-positions and deletes, local and remote', () => {
		const rand = seededRandom(20261122);
		const doc = new Y.Doc();
		const remote = new Y.Doc();
		remote.on('update', (u: Uint8Array) => Y.applyUpdate(doc, u, 'remote'));
		let n = 0;
		for (let step = 0; step < 600; step++) {
			// Half the changes are made here, half arrive as remote updates (a facilitator's socket).
			const target = rand() < 0.5 ? doc : remote;
			if (target === remote) Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(remote)));
			const ids = getNotes(target).map((x) => x.id);
			const r = rand();
			const column = COLS[Math.floor(rand() * COLS.length)];
			if (r < 0.45 || ids.length === 0) {
				addNote(target, { ...note(`n${n++}`, column), position: nextPositionIn(target, column) });
			} else {
				const id = ids[Math.floor(rand() * ids.length)];
				if (r < 0.65) updateNote(target, id, { column, position: nextPositionIn(target, column) });
				else if (r < 0.8) updateNote(target, id, { position: Math.floor(rand() * 50) });
				else if (r < 0.9) updateNote(target, id, { text: `edit ${step}` });
				else deleteNote(target, id);
			}
			for (const c of COLS) expect(nextPositionIn(doc, c), `step ${step}, column ${c}`).toBe(scanned(doc, c));
		}
	});

	it('[POS2] sees the changes made earlier in the same transaction', () => {
		const doc = new Y.Doc();
		addNote(doc, { ...note('a'), position: 4 });
		expect(nextPositionIn(doc, 'problematiques')).toBe(5);
		doc.transact(() => {
			addNote(doc, { ...note('b'), position: nextPositionIn(doc, 'problematiques') });
			expect(nextPositionIn(doc, 'problematiques')).toBe(6);
			updateNote(doc, 'b', { column: 'atouts', position: nextPositionIn(doc, 'atouts') });
			expect(nextPositionIn(doc, 'problematiques')).toBe(5);
			expect(nextPositionIn(doc, 'atouts')).toBe(1);
			deleteNote(doc, 'a');
			expect(nextPositionIn(doc, 'problematiques')).toBe(0);
		});
		expect(nextPositionIn(doc, 'problematiques')).toBe(0);
		expect(nextPositionIn(doc, 'atouts')).toBe(1);
	});

	it('[POS3] a doc loaded from an update starts from its notes', () => {
		const a = new Y.Doc();
		for (let i = 0; i < 10; i++) addNote(a, { ...note(`n${i}`, COLS[i % 3]), position: i * 2 });
		const b = new Y.Doc();
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		for (const c of COLS) expect(nextPositionIn(b, c)).toBe(scanned(a, c));
	});
});

describe('note format', () => {
	it('reads notes written before `info` (one key per field) as well as new ones', () => {
		const doc = new Y.Doc();
		const old = new Y.Map<unknown>();
		for (const [k, v] of Object.entries({ id: 'ancienne', text: 'Avant', column: 'atouts', position: 1, colour: 'vert', authorName: 'Nadia', organisation: 'CAF', createdAt: 5, round: 2, group: 'Groupe 1' })) old.set(k, v);
		doc.getMap('notes').set('ancienne', old);
		addNote(doc, { id: 'nouvelle', text: 'Après', column: 'atouts', position: 2, colour: 'jaune', authorName: 'Luc', organisation: 'CCAS', createdAt: 6 });
		expect(getNotes(doc).map((n) => [n.id, n.authorName, n.organisation, n.createdAt, n.round, n.group])).toEqual([
			['ancienne', 'Nadia', 'CAF', 5, 2, 'Groupe 1'],
			['nouvelle', 'Luc', 'CCAS', 6, undefined, undefined]
		]);
		// What never changes is one value, and the default colour is not stored: fewer Yjs items per note.
		expect([...doc.getMap<Y.Map<unknown>>('notes').get('nouvelle')!.keys()].sort()).toEqual(['column', 'info', 'position', 'text']);
	});

	it('reads a note without colour as yellow, stores other colours, and removes the key when set back', () => {
		const doc = new Y.Doc();
		addNote(doc, { id: 'v', text: 'Verte', column: 'atouts', position: 1, colour: 'vert', createdAt: 1 });
		addNote(doc, { id: 'j', text: 'Jaune', column: 'atouts', position: 2, colour: 'jaune', createdAt: 2 });
		const keys = (id: string) => [...doc.getMap<Y.Map<unknown>>('notes').get(id)!.keys()];
		expect(getNote(doc, 'v')!.colour).toBe('vert');
		expect(getNote(doc, 'j')!.colour).toBe('jaune');
		expect(keys('v')).toContain('colour');
		updateNote(doc, 'v', { colour: 'jaune' });
		expect(getNote(doc, 'v')!.colour).toBe('jaune');
		expect(keys('v')).not.toContain('colour');
		updateNote(doc, 'j', { colour: 'rose' });
		expect(getNote(doc, 'j')!.colour).toBe('rose');
		// Another browser sees the same colours.
		const other = new Y.Doc();
		Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
		expect(getNotes(other).map((n) => [n.id, n.colour])).toEqual([
			['v', 'jaune'],
			['j', 'rose']
		]);
	});

	it('keeps two concurrent changes of different fields of one note', () => {
		const a = new Y.Doc();
		addNote(a, { id: 'n', text: 'Transport', column: 'problematiques', position: 1, colour: 'jaune', createdAt: 1 });
		const b = new Y.Doc();
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		updateNote(a, 'n', { text: 'Transports en commun' });
		updateNote(b, 'n', { column: 'atouts', colour: 'vert' });
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		for (const d of [a, b]) expect(getNote(d, 'n')).toMatchObject({ text: 'Transports en commun', column: 'atouts', colour: 'vert' });
	});
});

describe('notesDeletedBy', () => {
	it('finds the notes an update removes (before it is applied), and none for a move or an edit', () => {
		const server = new Y.Doc();
		addNote(server, { id: 'a', text: 'Crèche', column: 'atouts', position: 1, colour: 'jaune', authorName: 'Nadia', createdAt: 1 });
		addNote(server, { id: 'b', text: 'Transport', column: 'atouts', position: 2, colour: 'jaune', createdAt: 2 });
		const client = new Y.Doc();
		Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
		const updateOf = (fn: () => void) => {
			let u!: Uint8Array;
			const grab = (x: Uint8Array) => (u = x);
			client.on('update', grab);
			fn();
			client.off('update', grab);
			return u;
		};
		const move = updateOf(() => updateNote(client, 'a', { column: 'problematiques', text: 'Crèches', position: 3 }));
		expect(notesDeletedBy(server, Y.decodeUpdate(move).ds)).toEqual([]);
		Y.applyUpdate(server, move);
		const removal = updateOf(() => deleteNote(client, 'a'));
		expect(notesDeletedBy(server, Y.decodeUpdate(removal).ds).map((n) => [n.id, n.text, n.authorName])).toEqual([['a', 'Crèches', 'Nadia']]);
		Y.applyUpdate(server, removal);
		// Once applied, nothing is left to remove.
		expect(notesDeletedBy(server, Y.decodeUpdate(removal).ds)).toEqual([]);
	});
});

describe('values under notes that are not notes', () => {
	it('are ignored by every reader (a writer’s socket could put anything there)', () => {
		const doc = new Y.Doc();
		addNote(doc, { id: 'vraie', text: 'Une vraie note', column: 'atouts', position: 4, colour: 'jaune', createdAt: 1 });
		doc.getMap('notes').set('bizarre', 'pas une note');
		doc.getMap('notes').set('nombre', 42);
		expect(getNotes(doc).map((n) => n.id)).toEqual(['vraie']);
		expect(getNote(doc, 'bizarre')).toBeUndefined();
		expect(updateNote(doc, 'bizarre', { text: 'x' })).toBe(false);
		expect(nextPositionIn(doc, 'atouts')).toBe(5);
		const other = new Y.Doc();
		Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
		let removal!: Uint8Array;
		other.on('update', (u: Uint8Array) => (removal = u));
		other.getMap('notes').delete('bizarre');
		expect(notesDeletedBy(doc, Y.decodeUpdate(removal).ds)).toEqual([]);
	});
});
