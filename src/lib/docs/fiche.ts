import * as Y from 'yjs';
import {
	FICHE_FIELD_KEYS,
	PLANNING_COLUMN_KEYS,
	PLANNING_PHASE_VALUES,
	FICHE_STATUS_VALUES,
	type FicheFieldKey,
	type FicheStatus,
	type PlanningColumnKey,
	type PlanningPhase
} from '../domain/fiche.ts';
import { setText } from './text-diff.ts';

// The fiche document: one Y.Doc per fiche-action. One Y.Text per field (two people can type in
// the same field or in two fields without losing a character), the planning table as rows with
// a Y.Text per column, comments, and what the server mirrors for everyone to see (number, axis,
// status, provenance). This module owns the root names; the browser, the server and the tests
// all go through it.
//
// The Y.Text of a field or a row is created once, by whoever creates the fiche or the row, in
// the same transaction: two clients never race to create the same text.

const FIELDS = 'fields';
const PLANNING = 'planning';
const COMMENTS = 'comments';
const META = 'meta';
const PROVENANCE = 'provenance';

export interface PlanningRow {
	id: string;
	phase: PlanningPhase | '';
	position: number;
	cells: Record<PlanningColumnKey, string>;
}

export interface FicheComment {
	id: string;
	field: string;
	/** Set on a reply: the thread's first comment. */
	parentId?: string;
	authorName: string;
	text: string;
	createdAt: number;
	resolved: boolean;
}

/** Mirrored by the server from SQL (which decides): shown to every co-writer live. */
export interface FicheMeta {
	number: number | null;
	axis: string | null;
	status: FicheStatus;
	votes: number | null;
	rank: number | null;
	/** The axis was suggested by Tablée (from the table and the cluster) and nobody confirmed it yet. */
	axisSuggested: boolean;
}

export interface ProvenanceNote {
	noteId: string;
	text: string;
}

export interface FicheProvenance {
	boardId: number;
	boardName: string;
	clusterId: string;
	clusterLabel: string;
	workshopId: number;
	workshopTitle: string;
	notes: ProvenanceNote[];
}

export interface FicheContent {
	fields: Record<FicheFieldKey, string>;
	planning: PlanningRow[];
}

/** The parts of a fiche shown apart from its fields. */
export type FichePart = 'planning' | 'comments' | 'meta' | 'provenance';
const PARTS: Record<FichePart, string> = { planning: PLANNING, comments: COMMENTS, meta: META, provenance: PROVENANCE };

/** Calls `fn` after every change inside one part (a row's cell text included); returns the unsubscribe. */
export function observePart(doc: Y.Doc, part: FichePart, fn: () => void): () => void {
	const map = doc.getMap(PARTS[part]);
	map.observeDeep(fn);
	return () => map.unobserveDeep(fn);
}

function fieldsMap(doc: Y.Doc) {
	return doc.getMap<Y.Text>(FIELDS);
}
function planningMap(doc: Y.Doc) {
	return doc.getMap<Y.Map<unknown>>(PLANNING);
}
function commentsMap(doc: Y.Doc) {
	return doc.getMap<Y.Map<unknown>>(COMMENTS);
}

/** The Y.Text of a field (created with the fiche). */
export function fieldText(doc: Y.Doc, key: FicheFieldKey): Y.Text | undefined {
	const t = fieldsMap(doc).get(key) as unknown;
	return t instanceof Y.Text ? t : undefined;
}

/** Creates every field's Y.Text that is missing (the fiche's creation, or a field added later). */
export function ensureFields(doc: Y.Doc, initial: Partial<Record<FicheFieldKey, string>> = {}): void {
	doc.transact(() => {
		const fields = fieldsMap(doc);
		for (const key of FICHE_FIELD_KEYS) {
			if (!fields.has(key)) fields.set(key, new Y.Text(initial[key] ?? ''));
		}
	});
}

export function readFields(doc: Y.Doc): Record<FicheFieldKey, string> {
	const fields = fieldsMap(doc);
	const out = {} as Record<FicheFieldKey, string>;
	for (const key of FICHE_FIELD_KEYS) {
		const v = fields.get(key) as unknown;
		out[key] = v instanceof Y.Text || typeof v === 'string' ? v.toString() : '';
	}
	return out;
}

export function setField(doc: Y.Doc, key: FicheFieldKey, value: string): void {
	doc.transact(() => {
		const text = fieldText(doc, key);
		if (text) setText(text, value);
		else fieldsMap(doc).set(key, new Y.Text(value));
	});
}

// ---------------------------------------------------------------------------------------------
// Planning

/** A row as every reader sees it, whatever a writer's socket put in its map (wrong types are ignored). */
function readRow(m: Y.Map<unknown>, key: string): PlanningRow {
	const cells = {} as Record<PlanningColumnKey, string>;
	for (const k of PLANNING_COLUMN_KEYS) {
		const v = m.get(k);
		cells[k] = v instanceof Y.Text || typeof v === 'string' ? v.toString() : '';
	}
	const phase = m.get('phase');
	const id = m.get('id');
	const position = m.get('position');
	return {
		id: typeof id === 'string' ? id : key,
		phase: typeof phase === 'string' && (PLANNING_PHASE_VALUES as string[]).includes(phase) ? (phase as PlanningPhase) : '',
		position: typeof position === 'number' && Number.isFinite(position) ? position : 0,
		cells
	};
}

export function readPlanning(doc: Y.Doc): PlanningRow[] {
	const rows: PlanningRow[] = [];
	planningMap(doc).forEach((m, key) => {
		if (m instanceof Y.Map) rows.push(readRow(m, key));
	});
	return rows.sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : 1));
}

export function planningCell(doc: Y.Doc, rowId: string, key: PlanningColumnKey): Y.Text | undefined {
	const row = planningMap(doc).get(rowId) as unknown;
	const cell = row instanceof Y.Map ? row.get(key) : undefined;
	return cell instanceof Y.Text ? cell : undefined;
}

/** Adds a row after `afterId` (or at the end). */
export function addPlanningRow(
	doc: Y.Doc,
	row: { id: string; phase?: PlanningPhase | ''; cells?: Partial<Record<PlanningColumnKey, string>> },
	afterId?: string | null
): void {
	const rows = readPlanning(doc);
	let position: number;
	const i = afterId ? rows.findIndex((r) => r.id === afterId) : -1;
	if (i === -1) position = rows.length ? rows[rows.length - 1].position + 1 : 1;
	else position = i + 1 < rows.length ? (rows[i].position + rows[i + 1].position) / 2 : rows[i].position + 1;
	doc.transact(() => {
		const m = new Y.Map<unknown>();
		m.set('id', row.id);
		m.set('phase', row.phase ?? '');
		m.set('position', position);
		for (const key of PLANNING_COLUMN_KEYS) m.set(key, new Y.Text(row.cells?.[key] ?? ''));
		planningMap(doc).set(row.id, m);
	});
}

export function deletePlanningRow(doc: Y.Doc, rowId: string): boolean {
	if (!planningMap(doc).has(rowId)) return false;
	planningMap(doc).delete(rowId);
	return true;
}

/** Moves a row one place up (-1) or down (+1): only its position changes, its texts stay. */
export function movePlanningRow(doc: Y.Doc, rowId: string, delta: -1 | 1): boolean {
	const rows = readPlanning(doc);
	const i = rows.findIndex((r) => r.id === rowId);
	const j = i + delta;
	if (i === -1 || j < 0 || j >= rows.length) return false;
	// Between the neighbour and the one after it, so concurrent moves never collide on one value.
	const k = j + delta;
	const target =
		k < 0 ? rows[j].position - 1 : k >= rows.length ? rows[j].position + 1 : (rows[j].position + rows[k].position) / 2;
	planningMap(doc).get(rowId)!.set('position', target);
	return true;
}

export function setPlanningPhase(doc: Y.Doc, rowId: string, phase: PlanningPhase | ''): void {
	planningMap(doc).get(rowId)?.set('phase', phase);
}

export function setPlanningCell(doc: Y.Doc, rowId: string, key: PlanningColumnKey, value: string): void {
	const text = planningCell(doc, rowId, key);
	if (text) doc.transact(() => setText(text, value));
}

// ---------------------------------------------------------------------------------------------
// Comments (threads on a field; resolve closes the thread)

export function readComments(doc: Y.Doc): FicheComment[] {
	const s = (v: unknown) => (typeof v === 'string' ? v : '');
	return [...commentsMap(doc).entries()]
		.filter(([, m]) => m instanceof Y.Map)
		.map(([key, m]) => ({
			id: s(m.get('id')) || key,
			field: s(m.get('field')),
			parentId: s(m.get('parentId')) || undefined,
			authorName: s(m.get('authorName')),
			text: s(m.get('text')),
			createdAt: typeof m.get('createdAt') === 'number' ? (m.get('createdAt') as number) : 0,
			resolved: m.get('resolved') === true
		}))
		.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
}

export function addComment(doc: Y.Doc, c: Omit<FicheComment, 'resolved'>): void {
	const m = new Y.Map<unknown>();
	m.set('id', c.id);
	m.set('field', c.field);
	if (c.parentId) m.set('parentId', c.parentId);
	m.set('authorName', c.authorName);
	m.set('text', c.text);
	m.set('createdAt', c.createdAt);
	m.set('resolved', false);
	commentsMap(doc).set(c.id, m);
}

export function setCommentResolved(doc: Y.Doc, id: string, resolved: boolean): boolean {
	const m = commentsMap(doc).get(id) as unknown;
	if (!(m instanceof Y.Map)) return false;
	m.set('resolved', resolved);
	return true;
}

// ---------------------------------------------------------------------------------------------
// Server-written parts

export function readMeta(doc: Y.Doc): FicheMeta {
	const m = doc.getMap<unknown>(META);
	const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
	const status = m.get('status');
	return {
		number: n(m.get('number')),
		axis: typeof m.get('axis') === 'string' ? (m.get('axis') as string) : null,
		status: typeof status === 'string' && (FICHE_STATUS_VALUES as readonly string[]).includes(status) ? (status as FicheStatus) : 'brouillon',
		votes: n(m.get('votes')),
		rank: n(m.get('rank')),
		axisSuggested: m.get('axisSuggested') === true && typeof m.get('axis') === 'string'
	};
}

export function writeMeta(doc: Y.Doc, meta: Partial<FicheMeta>): void {
	const m = doc.getMap<unknown>(META);
	doc.transact(() => {
		for (const [k, v] of Object.entries(meta)) if (m.get(k) !== v) m.set(k, v);
	});
}

export function readProvenance(doc: Y.Doc): FicheProvenance | null {
	const m = doc.getMap<unknown>(PROVENANCE);
	if (!m.has('boardId')) return null;
	return {
		boardId: m.get('boardId') as number,
		boardName: m.get('boardName') as string,
		clusterId: m.get('clusterId') as string,
		clusterLabel: m.get('clusterLabel') as string,
		workshopId: m.get('workshopId') as number,
		workshopTitle: m.get('workshopTitle') as string,
		notes: Array.isArray(m.get('notes'))
			? (m.get('notes') as unknown[]).filter((n): n is ProvenanceNote => !!n && typeof n === 'object' && typeof (n as ProvenanceNote).noteId === 'string')
			: []
	};
}

export function writeProvenance(doc: Y.Doc, p: FicheProvenance): void {
	const m = doc.getMap<unknown>(PROVENANCE);
	doc.transact(() => {
		for (const [k, v] of Object.entries(p)) m.set(k, v);
	});
}

/** The whole writable content (fields + planning): what versions keep and restore. */
export function readContent(doc: Y.Doc): FicheContent {
	return { fields: readFields(doc), planning: readPlanning(doc) };
}

export function contentFromUpdate(state: Uint8Array): FicheContent {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, state);
	const content = readContent(doc);
	doc.destroy();
	return content;
}

/**
 * Makes the live doc read `content` again, as new changes (smallest edits per text): nothing of
 * the history is rewritten, comments stay, and a later version can still be restored.
 */
export function restoreContent(doc: Y.Doc, content: FicheContent): void {
	doc.transact(() => {
		for (const key of FICHE_FIELD_KEYS) setField(doc, key, content.fields[key] ?? '');
		const wanted = new Map(content.planning.map((r) => [r.id, r]));
		for (const row of readPlanning(doc)) if (!wanted.has(row.id)) deletePlanningRow(doc, row.id);
		for (const row of content.planning) {
			const m = planningMap(doc).get(row.id);
			if (!m) {
				addPlanningRow(doc, { id: row.id, phase: row.phase, cells: row.cells });
				planningMap(doc).get(row.id)!.set('position', row.position);
				continue;
			}
			if (m.get('phase') !== row.phase) m.set('phase', row.phase);
			if (m.get('position') !== row.position) m.set('position', row.position);
			for (const key of PLANNING_COLUMN_KEYS) setPlanningCell(doc, row.id, key, row.cells[key] ?? '');
		}
	});
}

/** Plain text of everything written, for search. */
export function searchText(content: FicheContent): string {
	const parts: string[] = Object.values(content.fields);
	for (const row of content.planning) parts.push(...Object.values(row.cells));
	return parts.filter((p) => p.trim() !== '').join('\n');
}
