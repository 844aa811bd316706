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
	getSettings,
	mergeClusters,
	pruneEmptyClusters,
	writeSettings,
	type Note
} from './board.ts';

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
