import * as Y from 'yjs';

// The board document: one Y.Doc per round table. This module owns its root names and is the only
// code that reads or writes them; the browser, the server's command handlers and the tests all go
// through these functions.

const NOTES = 'notes';
const SETTINGS = 'settings';
const CLUSTERS = 'clusters';
const TALLIES = 'tallies';

export const NOTE_COLOURS = ['jaune', 'bleu', 'vert', 'rose', 'orange'] as const;
export type NoteColour = (typeof NOTE_COLOURS)[number];

export interface Note {
	id: string;
	text: string;
	/** Column id of the board's template (`atouts`, `problematiques`, `points_forts`...). */
	column: string;
	/** Order inside the column (lower first); fractional so a move touches one note. */
	position: number;
	colour: NoteColour;
	/** Absent on anonymous boards: never written into the document. */
	authorName?: string;
	organisation?: string;
	createdAt: number;
	/** Cluster (regroupement) the note belongs to, if any. */
	clusterId?: string;
	/** Rotation round and sub-group that wrote it (world café), when known. */
	round?: number;
	group?: string;
}

/** What the server mirrors from SQL for everyone to see (the server decides, the doc displays). */
export interface BoardSettings {
	phase: 'ecriture' | 'regroupement' | 'vote' | 'clos';
	privateWriting: boolean;
	anonymous: boolean;
	locked: boolean;
	participantsCanGroup: boolean;
	voteBudget: number;
	voteCap: number | null;
	votesHidden: boolean;
	/** Private notes waiting for the reveal (a count only: their text stays on the server). */
	privateCount: number;
	/** Dots cast on the table so far (a count only: the tallies stay hidden until shown). */
	dotsCast: number;
}

export const DEFAULT_SETTINGS: BoardSettings = {
	phase: 'ecriture',
	privateWriting: false,
	anonymous: false,
	locked: false,
	participantsCanGroup: false,
	voteBudget: 3,
	voteCap: null,
	votesHidden: true,
	privateCount: 0,
	dotsCast: 0
};

export interface Cluster {
	id: string;
	title: string;
	column: string;
	position: number;
	/** Cross-table links: "aussi soulevé à la table …" (board id:cluster id). */
	links?: string[];
	/** Set once a fiche-action was drafted from it: its code ("12/INS", or "fiche" before it has an axis) and id. */
	ficheRef?: string;
	ficheId?: number;
}

type NoteMap = Y.Map<unknown>;

function notesMap(doc: Y.Doc): Y.Map<NoteMap> {
	return doc.getMap<NoteMap>(NOTES);
}

/**
 * A value of the notes map as a note, or undefined: a writer's socket could put anything there
 * (a string, a number), and one such value must not break every reader of the board.
 */
function asNote(value: unknown): NoteMap | undefined {
	return value instanceof Y.Map ? (value as NoteMap) : undefined;
}

/**
 * What never changes once a note is written (id, author, organisation, creation, round, group) is
 * one value under `info`; what people change (text, column, position, colour, cluster) has a key of
 * its own, so that two changes of different fields both win. One value instead of six keys: a
 * 2,000-note board has 40 % fewer Yjs items to load. Notes written before keep those keys apart.
 */
type NoteInfo = Pick<Note, 'id' | 'createdAt'> & Partial<Pick<Note, 'authorName' | 'organisation' | 'round' | 'group'>>;
const INFO = 'info';
const INFO_KEYS = ['id', 'createdAt', 'authorName', 'organisation', 'round', 'group'] as const;
/**
 * Most notes keep the composer's colour: it is not stored (an absent colour reads as this one),
 * one item fewer per note to load. Setting it back removes the key.
 */
const DEFAULT_COLOUR: NoteColour = 'jaune';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** A note as every reader sees it, whatever a writer's socket put in its map (wrong types are ignored). */
function readNote(m: NoteMap, key: string): Note {
	const raw = m.get(INFO);
	const info: Record<string, unknown> =
		raw && typeof raw === 'object' && !Array.isArray(raw)
			? (raw as Record<string, unknown>)
			: { id: m.get('id'), createdAt: m.get('createdAt'), authorName: m.get('authorName'), organisation: m.get('organisation'), round: m.get('round'), group: m.get('group') };
	const colour = m.get('colour');
	return {
		id: str(info.id) ?? key,
		text: str(m.get('text')) ?? '',
		column: str(m.get('column')) ?? '',
		position: num(m.get('position')) ?? 0,
		colour: (NOTE_COLOURS as readonly unknown[]).includes(colour) ? (colour as NoteColour) : DEFAULT_COLOUR,
		authorName: str(info.authorName),
		organisation: str(info.organisation),
		createdAt: num(info.createdAt) ?? 0,
		clusterId: str(m.get('clusterId')) || undefined,
		round: num(info.round),
		group: str(info.group)
	};
}

/** All notes, ordered by column position then creation. */
export function getNotes(doc: Y.Doc): Note[] {
	const out: Note[] = [];
	notesMap(doc).forEach((value, key) => {
		const m = asNote(value);
		if (m) out.push(readNote(m, key));
	});
	return out.sort((a, b) => a.position - b.position || a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}

export function getNotesByColumn(doc: Y.Doc): Map<string, Note[]> {
	const byColumn = new Map<string, Note[]>();
	for (const note of getNotes(doc)) {
		const list = byColumn.get(note.column) ?? [];
		list.push(note);
		byColumn.set(note.column, list);
	}
	return byColumn;
}

export function countNotes(doc: Y.Doc): number {
	return notesMap(doc).size;
}

/** Adds a note (or leaves an existing note with the same id untouched: ids come from clients). */
export function addNote(doc: Y.Doc, note: Note, origin?: unknown): boolean {
	const notes = notesMap(doc);
	if (notes.has(note.id)) return false;
	doc.transact(() => {
		const m = new Y.Map<unknown>();
		const info: Record<string, unknown> = {};
		for (const k of INFO_KEYS) if (note[k] !== undefined) info[k] = note[k];
		m.set(INFO, info);
		for (const [k, value] of Object.entries(note)) {
			if (value === undefined || (INFO_KEYS as readonly string[]).includes(k)) continue;
			if (k === 'colour' && value === DEFAULT_COLOUR) continue;
			m.set(k, value);
		}
		notes.set(note.id, m);
	}, origin);
	return true;
}

/** The id of the note's map, or undefined. */
export function hasNote(doc: Y.Doc, noteId: string): boolean {
	return notesMap(doc).has(noteId);
}

export function getNote(doc: Y.Doc, noteId: string): Note | undefined {
	const m = asNote(notesMap(doc).get(noteId));
	return m ? readNote(m, noteId) : undefined;
}

/** Changes some fields of a note (text, column, colour, position); false when the note is gone. */
export function updateNote(
	doc: Y.Doc,
	noteId: string,
	changes: Partial<Pick<Note, 'text' | 'column' | 'colour' | 'position'>> & { clusterId?: string | null },
	origin?: unknown
): boolean {
	const m = asNote(notesMap(doc).get(noteId));
	if (!m) return false;
	doc.transact(() => {
		for (const [k, value] of Object.entries(changes)) {
			if (value === null || (k === 'colour' && value === DEFAULT_COLOUR)) {
				if (m.has(k)) m.delete(k);
			} else if (value !== undefined && m.get(k) !== value) m.set(k, value);
		}
	}, origin);
	return true;
}

export function deleteNote(doc: Y.Doc, noteId: string, origin?: unknown): boolean {
	const notes = notesMap(doc);
	if (!notes.has(noteId)) return false;
	doc.transact(() => notes.delete(noteId), origin);
	return true;
}

/**
 * The notes an update would remove, read before it is applied (their text is gone after): those
 * whose entry in the notes map is in the update's delete set. `ds` is `Y.decodeUpdate(u).ds`.
 */
export function notesDeletedBy(doc: Y.Doc, ds: ReturnType<typeof Y.decodeUpdate>['ds']): Note[] {
	if (ds.clients.size === 0) return [];
	const notes = notesMap(doc);
	const out: Note[] = [];
	// The map's own entries (one Item per note id): public API gives the values, not their ids.
	for (const [id, item] of (notes as unknown as { _map: Map<string, Y.Item> })._map) {
		if (item.deleted || !ds.clients.has(item.id.client) || !Y.isDeleted(ds, item.id)) continue;
		const m = asNote(notes.get(id));
		if (m) out.push(readNote(m, id));
	}
	return out;
}

/** Position after the last note of a column (new notes go at the end). O(1) amortised: see PositionIndex. */
export function nextPositionIn(doc: Y.Doc, column: string): number {
	return positionIndex(doc).max(column) + 1;
}

/**
 * Highest note position per column, kept alongside a doc so that adding or moving a note does not
 * scan every note (the server does it for each participant command: 2,000 notes × 200 commands/s).
 * Built once per doc by one scan, then kept exact from each transaction's changed keys (local or
 * remote, whoever wrote): a note added, deleted, moved or re-positioned updates its own entry; a
 * column whose highest note left is re-scanned (its own notes only) the next time it is asked.
 * Also correct in the middle of a transaction: the changes made so far are read first.
 */
class PositionIndex {
	/** note id → its column and position, as last seen. */
	#notes = new Map<string, { column: string; position: number }>();
	/** column → note id → position. */
	#columns = new Map<string, Map<string, number>>();
	/** column → highest position, or absent when it must be recomputed. */
	#max = new Map<string, number>();

	constructor(readonly doc: Y.Doc) {
		notesMap(doc).forEach((m, id) => this.#set(id, asNote(m)));
		doc.on('afterTransaction', (tr: Y.Transaction) => this.#apply(tr));
	}

	max(column: string): number {
		const tr = this.doc._transaction;
		if (tr) this.#apply(tr);
		let max = this.#max.get(column);
		if (max === undefined) {
			max = -1;
			for (const p of this.#columns.get(column)?.values() ?? []) if (p > max) max = p;
			this.#max.set(column, max);
		}
		return max;
	}

	#apply(tr: Y.Transaction) {
		if (tr.changed.size === 0) return;
		const notes = notesMap(this.doc);
		const notesType = notes as unknown as Y.AbstractType<Y.YEvent<any>>;
		for (const [type, keys] of tr.changed) {
			if (type === notesType) {
				for (const id of keys) if (id !== null) this.#set(id, asNote(notes.get(id)));
			} else if (type._item?.parent === notes && (keys.has('position') || keys.has('column'))) {
				const id = type._item.parentSub;
				if (id !== null) this.#set(id, asNote(notes.get(id)));
			}
		}
	}

	/** Re-reads one note (idempotent: the same change may be seen during and after its transaction). */
	#set(id: string, m: NoteMap | undefined) {
		const before = this.#notes.get(id);
		const column = m ? (m.get('column') as string) : undefined;
		const position = m ? ((m.get('position') as number) ?? 0) : undefined;
		if (before && before.column === column && before.position === position) return;
		if (before) {
			this.#columns.get(before.column)?.delete(id);
			if (this.#max.get(before.column) === before.position) this.#max.delete(before.column);
			this.#notes.delete(id);
		}
		if (m === undefined || column === undefined) return;
		const p = position!;
		this.#notes.set(id, { column, position: p });
		let col = this.#columns.get(column);
		if (!col) this.#columns.set(column, (col = new Map()));
		col.set(id, p);
		const max = this.#max.get(column);
		if (max !== undefined && p > max) this.#max.set(column, p);
		else if (max === undefined && col.size === 1) this.#max.set(column, p);
	}
}

const positionIndexes = new WeakMap<Y.Doc, PositionIndex>();

function positionIndex(doc: Y.Doc): PositionIndex {
	let index = positionIndexes.get(doc);
	if (!index) positionIndexes.set(doc, (index = new PositionIndex(doc)));
	return index;
}

// ---- settings (mirrored by the server) ----

export function getSettings(doc: Y.Doc): BoardSettings {
	const m = doc.getMap<unknown>(SETTINGS);
	const out = { ...DEFAULT_SETTINGS };
	for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof BoardSettings)[]) {
		if (m.has(key)) (out as Record<string, unknown>)[key] = m.get(key);
	}
	return out;
}

export function writeSettings(doc: Y.Doc, settings: Partial<BoardSettings>, origin?: unknown): void {
	const m = doc.getMap<unknown>(SETTINGS);
	doc.transact(() => {
		for (const [k, v] of Object.entries(settings)) if (v !== undefined && m.get(k) !== v) m.set(k, v);
	}, origin);
}

// ---- clusters (regroupements) ----

function clustersMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
	return doc.getMap<Y.Map<unknown>>(CLUSTERS);
}

/**
 * Every cluster, read defensively like the notes: a writer's socket could put anything in this map
 * (a string instead of a cluster, a title that is a number, links that are not a list), and one
 * such value must not break the board, its picture or its exports.
 */
export function getClusters(doc: Y.Doc): Cluster[] {
	const out: Cluster[] = [];
	clustersMap(doc).forEach((m, key) => {
		if (!(m instanceof Y.Map)) return;
		const links = m.get('links');
		out.push({
			id: str(m.get('id')) ?? key,
			title: str(m.get('title')) ?? '',
			column: str(m.get('column')) ?? '',
			position: num(m.get('position')) ?? 0,
			links: Array.isArray(links) ? links.filter((l): l is string => typeof l === 'string') : [],
			ficheRef: str(m.get('ficheRef')),
			ficheId: num(m.get('ficheId'))
		});
	});
	return out.sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));
}

/** Creates a cluster holding `noteIds` (they leave any previous cluster). */
export function createCluster(doc: Y.Doc, cluster: Omit<Cluster, 'links'>, noteIds: readonly string[], origin?: unknown): void {
	doc.transact(() => {
		const m = new Y.Map<unknown>();
		for (const [k, v] of Object.entries(cluster)) if (v !== undefined) m.set(k, v);
		clustersMap(doc).set(cluster.id, m);
		for (const id of noteIds) updateNote(doc, id, { clusterId: cluster.id, column: cluster.column });
	}, origin);
	pruneEmptyClusters(doc, origin);
}

export function updateCluster(doc: Y.Doc, id: string, changes: Partial<Pick<Cluster, 'title' | 'position' | 'links' | 'ficheRef' | 'ficheId'>>, origin?: unknown): boolean {
	const m = clustersMap(doc).get(id);
	if (!m) return false;
	doc.transact(() => {
		for (const [k, v] of Object.entries(changes)) if (v !== undefined) m.set(k, v);
	}, origin);
	return true;
}

/** Puts notes into an existing cluster (or out of any cluster with null). */
export function assignToCluster(doc: Y.Doc, noteIds: readonly string[], clusterId: string | null, origin?: unknown): void {
	const cluster = clusterId ? clustersMap(doc).get(clusterId) : undefined;
	if (clusterId && !cluster) return;
	doc.transact(() => {
		for (const id of noteIds) {
			updateNote(doc, id, cluster ? { clusterId, column: cluster.get('column') as string } : { clusterId: null });
		}
	}, origin);
	pruneEmptyClusters(doc, origin);
}

/** Moves every note of `fromId` into `intoId` and removes `fromId`. */
export function mergeClusters(doc: Y.Doc, intoId: string, fromId: string, origin?: unknown): void {
	if (intoId === fromId) return;
	const ids = getNotes(doc).filter((n) => n.clusterId === fromId).map((n) => n.id);
	assignToCluster(doc, ids, intoId, origin);
}

/** Dissolves a cluster: its notes stay, loose. */
export function dissolveCluster(doc: Y.Doc, id: string, origin?: unknown): void {
	doc.transact(() => {
		for (const n of getNotes(doc)) if (n.clusterId === id) updateNote(doc, n.id, { clusterId: null });
		clustersMap(doc).delete(id);
	}, origin);
}

/** A cluster left without notes disappears (after a move, a merge, a delete). */
export function pruneEmptyClusters(doc: Y.Doc, origin?: unknown): void {
	const used = new Set(getNotes(doc).map((n) => n.clusterId).filter(Boolean));
	const empty = getClusters(doc).filter((c) => !used.has(c.id) && !c.ficheRef);
	if (empty.length) doc.transact(() => empty.forEach((c) => clustersMap(doc).delete(c.id)), origin);
}

// ---- vote tallies (mirrored by the server when the facilitator shows them) ----

export function getTallies(doc: Y.Doc): Map<string, number> {
	const out = new Map<string, number>();
	doc.getMap<number>(TALLIES).forEach((n, id) => out.set(id, n));
	return out;
}

export function writeTallies(doc: Y.Doc, tallies: ReadonlyMap<string, number> | null, origin?: unknown): void {
	const m = doc.getMap<number>(TALLIES);
	doc.transact(() => {
		for (const key of [...m.keys()]) if (!tallies || !tallies.has(key)) m.delete(key);
		if (tallies) for (const [k, v] of tallies) if (m.get(k) !== v) m.set(k, v);
	}, origin);
}
