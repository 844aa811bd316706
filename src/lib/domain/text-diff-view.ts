// Differences between two versions of a text, word by word, for the history view. Pure.
// The diff itself is jsdiff's (`diff` on npm, BSD-3-Clause): Myers' O(ND) algorithm, exact and fast
// when the versions are close (a few edits in a 5,000-word field: milliseconds), where the
// hand-written LCS table it replaces grew with the product of the lengths and gave up past ~1,000 words.
import { diffWordsWithSpace } from 'diff';

export interface DiffPart {
	kind: 'same' | 'added' | 'removed';
	text: string;
}

/**
 * Past this, two versions are so different that showing the old text struck through and the new one
 * is as useful as a word diff, and the diff would hold the server's thread for too long.
 */
const DIFF_TIMEOUT_MS = 200;

function wholeReplacement(before: string, after: string): DiffPart[] {
	return [...(before ? [{ kind: 'removed' as const, text: before }] : []), ...(after ? [{ kind: 'added' as const, text: after }] : [])];
}

/** Word-level diff; whitespace counts as a word, so the parts put together give back each text. */
export function diffText(before: string, after: string): DiffPart[] {
	if (before === after) return before ? [{ kind: 'same', text: before }] : [];
	const changes = diffWordsWithSpace(before, after, { timeout: DIFF_TIMEOUT_MS });
	if (!changes) return wholeReplacement(before, after);
	const parts: DiffPart[] = [];
	for (const c of changes) {
		const kind: DiffPart['kind'] = c.added ? 'added' : c.removed ? 'removed' : 'same';
		const last = parts[parts.length - 1];
		if (last && last.kind === kind) last.text += c.value;
		else if (c.value) parts.push({ kind, text: c.value });
	}
	return parts;
}
