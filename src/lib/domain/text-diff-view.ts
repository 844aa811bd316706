// Differences between two versions of a text, word by word, for the history view. Pure.

export interface DiffPart {
	kind: 'same' | 'added' | 'removed';
	text: string;
}

function tokens(s: string): string[] {
	return s.match(/\s+|[^\s]+/g) ?? [];
}

/** Word-level diff (longest common subsequence); very long texts fall back to whole replacement. */
export function diffText(before: string, after: string): DiffPart[] {
	if (before === after) return before ? [{ kind: 'same', text: before }] : [];
	const a = tokens(before);
	const b = tokens(after);
	if (a.length * b.length > 4_000_000) {
		return [
			...(before ? [{ kind: 'removed' as const, text: before }] : []),
			...(after ? [{ kind: 'added' as const, text: after }] : [])
		];
	}
	// lcs[i][j]: length of the LCS of a[i..] and b[j..]
	const lcs: Uint32Array[] = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
	for (let i = a.length - 1; i >= 0; i--) {
		for (let j = b.length - 1; j >= 0; j--) {
			lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
		}
	}
	const parts: DiffPart[] = [];
	const push = (kind: DiffPart['kind'], text: string) => {
		const last = parts[parts.length - 1];
		if (last && last.kind === kind) last.text += text;
		else parts.push({ kind, text });
	};
	let i = 0;
	let j = 0;
	while (i < a.length && j < b.length) {
		if (a[i] === b[j]) {
			push('same', a[i]);
			i++;
			j++;
		} else if (lcs[i + 1][j] >= lcs[i][j + 1]) push('removed', a[i++]);
		else push('added', b[j++]);
	}
	while (i < a.length) push('removed', a[i++]);
	while (j < b.length) push('added', b[j++]);
	return parts;
}
