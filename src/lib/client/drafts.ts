import type { NoteColour } from '$lib/docs/board';

// What a participant is typing, kept on the phone (localStorage) for that participant: a move to
// another table ("tout le monde ici", rotation), a phase change, a time-box that ends, a refused
// note or a reload never throws it away; the next table offers it back.

export interface Draft {
	/** Editing an existing note (null: a new one). */
	noteId: string | null;
	text: string;
	/** Empty when the column is not known on this table: the person chooses again. */
	column: string;
	colour: NoteColour;
	/** Where it was typed. */
	boardId: number;
	savedAt: number;
}

/** One key per participant: a participant session is scoped to one workshop. */
export function draftKey(workshopId: number, participantId: number): string {
	return `tablee:brouillon:${workshopId}:${participantId}`;
}

export function loadDraft(key: string): Draft | null {
	try {
		const raw = localStorage.getItem(key);
		if (!raw) return null;
		const d = JSON.parse(raw) as Draft;
		return typeof d?.text === 'string' && d.text.trim() ? d : null;
	} catch {
		return null;
	}
}

export function saveDraft(key: string, draft: Draft): void {
	try {
		if (draft.text.trim()) localStorage.setItem(key, JSON.stringify(draft));
		else localStorage.removeItem(key);
	} catch {
		// Storage full or disabled (private browsing): the composer still holds the text.
	}
}

export function clearDraft(key: string): void {
	try {
		localStorage.removeItem(key);
	} catch {
		// See saveDraft.
	}
}

const MOVE_KEY = 'tablee:deplacement';

/** Why this phone was sent to another table, said once on arrival. */
export function rememberMove(message: string): void {
	try {
		sessionStorage.setItem(MOVE_KEY, message);
	} catch {
		// Nothing to say on arrival then.
	}
}

export function takeMove(): string | null {
	try {
		const m = sessionStorage.getItem(MOVE_KEY);
		sessionStorage.removeItem(MOVE_KEY);
		return m;
	} catch {
		return null;
	}
}
