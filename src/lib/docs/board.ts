import * as Y from 'yjs';

// The board document: one Y.Doc per round table. This module owns its root names and is the only
// code that reads or writes them; the browser, the server's command handlers and the tests all go
// through these functions.

const NOTES = 'notes';

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
}

type NoteMap = Y.Map<unknown>;

function notesMap(doc: Y.Doc): Y.Map<NoteMap> {
	return doc.getMap<NoteMap>(NOTES);
}

function readNote(m: NoteMap): Note {
	return {
		id: m.get('id') as string,
		text: (m.get('text') as string) ?? '',
		column: m.get('column') as string,
		position: (m.get('position') as number) ?? 0,
		colour: ((m.get('colour') as NoteColour) ?? 'jaune'),
		authorName: m.get('authorName') as string | undefined,
		organisation: m.get('organisation') as string | undefined,
		createdAt: (m.get('createdAt') as number) ?? 0
	};
}

/** All notes, ordered by column position then creation. */
export function getNotes(doc: Y.Doc): Note[] {
	const out: Note[] = [];
	notesMap(doc).forEach((m) => out.push(readNote(m)));
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
		for (const [k, value] of Object.entries(note)) if (value !== undefined) m.set(k, value);
		notes.set(note.id, m);
	}, origin);
	return true;
}

/** The id of the note's map, or undefined. */
export function hasNote(doc: Y.Doc, noteId: string): boolean {
	return notesMap(doc).has(noteId);
}

export function getNote(doc: Y.Doc, noteId: string): Note | undefined {
	const m = notesMap(doc).get(noteId);
	return m ? readNote(m) : undefined;
}

/** Changes some fields of a note (text, column, colour, position); false when the note is gone. */
export function updateNote(doc: Y.Doc, noteId: string, changes: Partial<Pick<Note, 'text' | 'column' | 'colour' | 'position'>>, origin?: unknown): boolean {
	const m = notesMap(doc).get(noteId);
	if (!m) return false;
	doc.transact(() => {
		for (const [k, value] of Object.entries(changes)) if (value !== undefined && m.get(k) !== value) m.set(k, value);
	}, origin);
	return true;
}

export function deleteNote(doc: Y.Doc, noteId: string, origin?: unknown): boolean {
	const notes = notesMap(doc);
	if (!notes.has(noteId)) return false;
	doc.transact(() => notes.delete(noteId), origin);
	return true;
}

/** Position after the last note of a column (new notes go at the end). */
export function nextPositionIn(doc: Y.Doc, column: string): number {
	let max = -1;
	notesMap(doc).forEach((m) => {
		if (m.get('column') === column) max = Math.max(max, (m.get('position') as number) ?? 0);
	});
	return max + 1;
}
