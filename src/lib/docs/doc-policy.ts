import type { DocType } from './doc-names.ts';
import { NOTE_MAX_LENGTH } from '../domain/commands.ts';

// What a writer's socket may change in each kind of document, and how big anything may get.
// The server decides everything else (a board's settings and tallies, a fiche's meta, provenance
// and comments, the whole workshop control doc) and writes it itself: an update from a socket that
// touches it is refused before it is applied (see src/lib/server/realtime/update-guard.ts).
// The numbers are in the README's "Reliability" section.

export interface DocPolicy {
	/** Root names a writer may change; every other root is the server's. */
	writableRoots: readonly string[];
	/** Estimated size of the whole doc (stored state plus what was appended since), in bytes. */
	maxDocBytes: number;
	/** Characters of one collaborative text (a fiche field, a planning cell). */
	maxTextLength: number;
	/** Characters of one string value under a map key, by key (a note's text), else `maxStringValue`. */
	maxStringByKey: Readonly<Record<string, number>>;
	maxStringValue: number;
}

/** One update from a socket (a message is at most 1 MiB; a 2,000-note board is ~480 KiB whole). */
export const MAX_UPDATE_BYTES = 512 * 1024;
/** Shared types inside shared types: a board uses 1 level (a note's map), a fiche 2 (a row's cell). */
export const MAX_TYPE_DEPTH = 8;
/** Plain JSON values (a note's info, a cluster's links): 2 levels at most today. */
export const MAX_JSON_DEPTH = 16;

export const DOC_POLICIES: Record<DocType, DocPolicy> = {
	board: {
		writableRoots: ['notes', 'clusters'],
		// A 2,000-note board is ~480 KiB: eight times that.
		maxDocBytes: 4 * 1024 * 1024,
		maxTextLength: 10_000,
		maxStringByKey: { text: NOTE_MAX_LENGTH, title: 200 },
		maxStringValue: 2_000
	},
	fiche: {
		writableRoots: ['fields', 'planning'],
		// The longest published fiche is ~12 KB of text; its doc with history stays far below.
		maxDocBytes: 2 * 1024 * 1024,
		maxTextLength: 20_000,
		maxStringByKey: {},
		maxStringValue: 2_000
	},
	workshop: {
		writableRoots: [],
		maxDocBytes: 1024 * 1024,
		maxTextLength: 0,
		maxStringByKey: {},
		maxStringValue: 0
	}
};
