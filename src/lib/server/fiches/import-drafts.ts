import { randomBytes } from 'node:crypto';
import type { DuplicateMatch, ImportedFiche } from '../../domain/fiche-import.ts';
import { now } from '../clock.ts';
import { currentApp } from '../app-instance.ts';

// An import is previewed before anything is written: the file read at preview time is kept here,
// in memory, under a random token the confirmation sends back (a browser cannot send the same
// file again without the person choosing it again). Drafts expire; a restart forgets them, and the
// confirmation then asks for the file again.

export const DRAFT_TTL_MS = 30 * 60_000;
const MAX_DRAFTS = 100;

export interface ImportDraft {
	projectId: number;
	userId: number;
	fileName: string;
	fiches: ImportedFiche[];
	matches: DuplicateMatch[];
	expiresAt: number;
}

/** The running app's drafts (one map per app instance, built by createApp). */
function drafts(): Map<string, ImportDraft> {
	return currentApp().importDrafts;
}

function sweep(map: Map<string, ImportDraft>, t: number): void {
	for (const [token, d] of map) if (d.expiresAt <= t) map.delete(token);
	// Oldest first (insertion order): a flood of previews cannot grow memory without bound.
	while (map.size >= MAX_DRAFTS) map.delete(map.keys().next().value!);
}

export function saveImportDraft(draft: Omit<ImportDraft, 'expiresAt'>): string {
	const map = drafts();
	const t = now();
	sweep(map, t);
	const token = randomBytes(18).toString('base64url');
	map.set(token, { ...draft, expiresAt: t + DRAFT_TTL_MS });
	return token;
}

/** The draft previewed by this person in this project, if it has not expired. */
export function findImportDraft(token: string, projectId: number, userId: number): ImportDraft | null {
	const d = drafts().get(token);
	if (!d || d.projectId !== projectId || d.userId !== userId) return null;
	return d.expiresAt > now() ? d : null;
}

/** Forgets a draft once imported, so that a second confirmation cannot import it twice. */
export function dropImportDraft(token: string): void {
	drafts().delete(token);
}
