// Suggested groups ("regroupements") of workshop notes, for the facilitator to accept or ignore.
// Pure and deterministic: no I/O, same notes (in any order) → same suggestions.
//
// Method: each note becomes a TF-IDF vector over its terms (stems, acronyms and domain concepts,
// see french-text.ts; IDF computed on the given notes, terms present in most notes ignored), two
// notes are as similar as the cosine of their vectors, and notes are grouped by agglomerative
// clustering with average linkage, stopped at a similarity threshold. A merge is refused when the
// merged group would no longer have a term shared by at least half its notes, or would exceed
// `maxSize`. Precision matters more than recall: a note that fits nowhere is left alone.

import { analyse, CONCEPTS, foldAccents } from './french-text.ts';

export interface ClusterInput {
	id: string;
	text: string;
	column?: string;
}

export interface ClusterSuggestion {
	/** The notes of the group (at least `minSize`), sorted by id. */
	noteIds: string[];
	/** Short French label: the main shared terms ("Mobilité · transports"), else the central note shortened. */
	label: string;
	/** The key terms the notes share, most shared first, as readable French words. */
	terms: string[];
	/** Cohesion of the group: mean cosine similarity of its pairs of notes (0–1). */
	score: number;
}

export interface SuggestOptions {
	/** Average similarity (0–1) a group must keep to be formed. Higher: fewer, surer groups. */
	minSimilarity?: number;
	/** Smallest group suggested (at least 2). */
	minSize?: number;
	/** Largest group suggested. */
	maxSize?: number;
	/** Never group notes of different columns (atouts with problématiques). */
	sameColumnOnly?: boolean;
}

/** Knobs of the method, exported for the evaluation bench; the app uses the defaults. */
export interface ClusterTuning {
	/** Default for `SuggestOptions.minSimilarity`. */
	minSimilarity: number;
	/** How the similarity of two groups is computed from the similarities of their notes. */
	linkage: 'average' | 'complete' | 'single';
	/** Weight of a word's own stem next to its concept ("transports" next to #mobilite); 0: concept only. */
	wordWeight: number;
	/** Terms present in more than this fraction of the notes are ignored (boards of 8 notes or more). */
	maxDocFraction: number;
	/** A group must keep a term shared by at least this fraction of its notes. */
	coreFraction: number;
	/** Default for `SuggestOptions.maxSize`. */
	maxSize: number;
}

export const DEFAULT_TUNING: ClusterTuning = {
	minSimilarity: 0.3,
	linkage: 'average',
	wordWeight: 0.5,
	maxDocFraction: 0.4,
	coreFraction: 0.5,
	maxSize: 12
};

/** Suggested groups of notes, surest first. Notes that fit no group are in no suggestion. */
export function suggestClusters(notes: ClusterInput[], options: SuggestOptions = {}): ClusterSuggestion[] {
	return suggestClustersWith(notes, options, DEFAULT_TUNING);
}

// ---------------------------------------------------------------------------------------------

interface Feature {
	key: string;
	weight: number;
}

interface Prepared {
	/** Notes in canonical order (by id, then text, then column). */
	notes: ClusterInput[];
	/** Unit-length TF-IDF vector of each note, sorted by key. */
	vectors: Feature[][];
	/** For each note, the set of its term keys (after the document-frequency cut). */
	keys: Set<string>[];
	/** For each note, surface forms by key. */
	surfaces: Map<string, string[]>[];
	idf: Map<string, number>;
	/** Concept of each word stem that belongs to one. */
	conceptOf: Map<string, string>;
}

function compareNotes(a: ClusterInput, b: ClusterInput): number {
	if (a.id !== b.id) return a.id < b.id ? -1 : 1;
	if (a.text !== b.text) return a.text < b.text ? -1 : 1;
	const ca = a.column ?? '';
	const cb = b.column ?? '';
	return ca < cb ? -1 : ca > cb ? 1 : 0;
}

function prepare(input: ClusterInput[], tuning: ClusterTuning): Prepared {
	const notes = [...input].sort(compareNotes);
	const n = notes.length;
	const counts: Map<string, number>[] = [];
	const surfaces: Map<string, string[]>[] = [];
	const df = new Map<string, number>();
	const conceptOf = new Map<string, string>();
	for (const note of notes) {
		const tf = new Map<string, number>();
		const surf = new Map<string, string[]>();
		for (const term of analyse(note.text ?? '', { keepWords: tuning.wordWeight > 0 })) {
			const w = term.kind === 'stem' && term.concept ? tuning.wordWeight : 1;
			if (term.concept) conceptOf.set(term.key, term.concept);
			tf.set(term.key, (tf.get(term.key) ?? 0) + w);
			const list = surf.get(term.key) ?? [];
			list.push(term.surface);
			surf.set(term.key, list);
		}
		for (const key of tf.keys()) df.set(key, (df.get(key) ?? 0) + 1);
		counts.push(tf);
		surfaces.push(surf);
	}
	const idf = new Map<string, number>();
	const cap = n >= 8 ? tuning.maxDocFraction * n : Infinity;
	for (const [key, d] of df) if (d <= cap) idf.set(key, Math.log((n + 1) / (d + 1)) + 1);
	const vectors: Feature[][] = [];
	const keys: Set<string>[] = [];
	for (const tf of counts) {
		const v: Feature[] = [];
		for (const [key, t] of tf) {
			const w = idf.get(key);
			if (w === undefined) continue;
			// Sub-linear term frequency; a word repeated in a note counts little more than once.
			const f = t >= 1 ? 1 + Math.log(t) : t;
			v.push({ key, weight: f * w });
		}
		v.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
		const norm = Math.sqrt(v.reduce((s, f) => s + f.weight * f.weight, 0));
		for (const f of v) f.weight /= norm || 1;
		vectors.push(v);
		keys.push(new Set(v.map((f) => f.key)));
	}
	return { notes, vectors, keys, surfaces, idf, conceptOf };
}

/** Sparse similarity rows: row[i] maps j (≠ i) to cos(i, j) > 0. */
function similarities(p: Prepared, sameColumnOnly: boolean): Map<number, number>[] {
	const n = p.notes.length;
	const postings = new Map<string, Array<[number, number]>>();
	p.vectors.forEach((v, i) => {
		for (const f of v) {
			const list = postings.get(f.key) ?? [];
			list.push([i, f.weight]);
			postings.set(f.key, list);
		}
	});
	const rows: Map<number, number>[] = Array.from({ length: n }, () => new Map());
	const acc = new Float64Array(n);
	const touched: number[] = [];
	for (let i = 0; i < n; i++) {
		for (const f of p.vectors[i]) {
			for (const [j, w] of postings.get(f.key)!) {
				if (j <= i) continue;
				if (acc[j] === 0) touched.push(j);
				acc[j] += f.weight * w;
			}
		}
		touched.sort((a, b) => a - b);
		for (const j of touched) {
			const s = acc[j];
			acc[j] = 0;
			if (sameColumnOnly && (p.notes[i].column ?? '') !== (p.notes[j].column ?? '')) continue;
			if (s > 1e-9) {
				const v = Math.min(1, s);
				rows[i].set(j, v);
				rows[j].set(i, v);
			}
		}
		touched.length = 0;
	}
	return rows;
}

interface Link {
	sum: number;
	min: number;
	max: number;
	/** Pairs of notes with a non-zero similarity. */
	count: number;
}

interface Group {
	id: number;
	members: number[];
	links: Map<number, Link>;
	/** Sum of the similarities of the pairs inside the group. */
	internal: number;
	version: number;
}

function linkValue(link: Link, a: Group, b: Group, linkage: ClusterTuning['linkage']): number {
	const pairs = a.members.length * b.members.length;
	if (linkage === 'single') return link.max;
	if (linkage === 'complete') return link.count < pairs ? 0 : link.min;
	return link.sum / pairs;
}

/** A binary max-heap of candidate merges; ties go to the pair of smallest ids (determinism). */
class MergeHeap {
	private items: Array<{ value: number; a: number; b: number; va: number; vb: number }> = [];
	private before(x: MergeHeap['items'][number], y: MergeHeap['items'][number]): boolean {
		if (x.value !== y.value) return x.value > y.value;
		if (x.a !== y.a) return x.a < y.a;
		return x.b < y.b;
	}
	get size(): number {
		return this.items.length;
	}
	push(item: MergeHeap['items'][number]): void {
		const h = this.items;
		h.push(item);
		let i = h.length - 1;
		while (i > 0) {
			const parent = (i - 1) >> 1;
			if (!this.before(h[i], h[parent])) break;
			[h[i], h[parent]] = [h[parent], h[i]];
			i = parent;
		}
	}
	pop(): MergeHeap['items'][number] | undefined {
		const h = this.items;
		if (h.length === 0) return undefined;
		const top = h[0];
		const last = h.pop()!;
		if (h.length > 0) {
			h[0] = last;
			let i = 0;
			for (;;) {
				const l = 2 * i + 1;
				const r = l + 1;
				let best = i;
				if (l < h.length && this.before(h[l], h[best])) best = l;
				if (r < h.length && this.before(h[r], h[best])) best = r;
				if (best === i) break;
				[h[i], h[best]] = [h[best], h[i]];
				i = best;
			}
		}
		return top;
	}
}

/** True if some term is in at least `fraction` of the members (and in two of them at least). */
function hasCore(members: number[], keys: Set<string>[], fraction: number): boolean {
	const need = Math.max(2, Math.ceil(fraction * members.length - 1e-9));
	const count = new Map<string, number>();
	for (const m of members) {
		for (const k of keys[m]) {
			const c = (count.get(k) ?? 0) + 1;
			if (c >= need) return true;
			count.set(k, c);
		}
	}
	return false;
}

function agglomerate(p: Prepared, rows: Map<number, number>[], threshold: number, maxSize: number, tuning: ClusterTuning): Group[] {
	const groups = new Map<number, Group>();
	rows.forEach((row, i) => {
		const links = new Map<number, Link>();
		for (const [j, s] of row) links.set(j, { sum: s, min: s, max: s, count: 1 });
		groups.set(i, { id: i, members: [i], links, internal: 0, version: 0 });
	});
	const heap = new MergeHeap();
	const offer = (a: Group, b: Group, link: Link) => {
		const value = linkValue(link, a, b, tuning.linkage);
		if (value < threshold) return;
		const [x, y] = a.id < b.id ? [a, b] : [b, a];
		heap.push({ value, a: x.id, b: y.id, va: x.version, vb: y.version });
	};
	for (const g of groups.values()) for (const [j, link] of g.links) if (g.id < j) offer(g, groups.get(j)!, link);

	while (heap.size > 0) {
		const top = heap.pop()!;
		const a = groups.get(top.a);
		const b = groups.get(top.b);
		if (!a || !b || a.version !== top.va || b.version !== top.vb) continue;
		const members = [...a.members, ...b.members].sort((x, y) => x - y);
		if (members.length > maxSize) continue;
		if (!hasCore(members, p.keys, tuning.coreFraction)) continue;
		// Merge b into a (a has the smaller id, so the id of a group is its first note).
		const between = a.links.get(b.id)!;
		const links = new Map<number, Link>();
		for (const source of [a, b]) {
			for (const [c, l] of source.links) {
				if (c === a.id || c === b.id) continue;
				const prev = links.get(c);
				links.set(
					c,
					prev
						? { sum: prev.sum + l.sum, min: Math.min(prev.min, l.min), max: Math.max(prev.max, l.max), count: prev.count + l.count }
						: { ...l }
				);
			}
		}
		groups.delete(b.id);
		a.members = members;
		a.internal += b.internal + between.sum;
		a.links = links;
		a.version++;
		for (const [c, l] of [...links].sort((x, y) => x[0] - y[0])) {
			const other = groups.get(c)!;
			other.links.delete(b.id);
			other.links.set(a.id, l);
			offer(a, other, l);
		}
	}
	return [...groups.values()];
}

function capitalise(s: string): string {
	return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The most frequent surface form (ties: shortest, then alphabetical). */
function mostFrequent(forms: string[]): string {
	const count = new Map<string, number>();
	for (const f of forms) count.set(f, (count.get(f) ?? 0) + 1);
	return [...count].sort((x, y) => y[1] - x[1] || x[0].length - y[0].length || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))[0][0];
}

function shorten(text: string, max = 50): string {
	const clean = text.replace(/\s+/g, ' ').trim();
	if (clean.length <= max) return clean;
	const cut = clean.slice(0, max + 1);
	const space = cut.lastIndexOf(' ');
	return `${(space > max / 2 ? cut.slice(0, space) : clean.slice(0, max)).replace(/[\s,;:.\-–]+$/, '')}…`;
}

function describe(p: Prepared, rows: Map<number, number>[], g: Group): ClusterSuggestion {
	const members = g.members;
	const k = members.length;
	// Terms shared by at least two notes, most shared first, then rarest on the board.
	const inNotes = new Map<string, number>();
	for (const m of members) for (const key of p.keys[m]) inNotes.set(key, (inNotes.get(key) ?? 0) + 1);
	const shared = [...inNotes]
		.filter(([, c]) => c >= 2)
		.sort((x, y) => y[1] - x[1] || p.idf.get(y[0])! - p.idf.get(x[0])! || (x[0] < y[0] ? -1 : 1));
	const formsOf = (key: string) => members.flatMap((m) => p.surfaces[m].get(key) ?? []);
	const sharedKeys = new Set(shared.map(([key]) => key));
	const terms: string[] = [];
	const labelParts: string[] = [];
	const seen = new Set<string>();
	for (const [key, count] of shared) {
		const concept = CONCEPTS.get(key);
		// A word of a concept already listed says the same thing again.
		const parent = p.conceptOf.get(key);
		if (!concept && parent && sharedKeys.has(parent)) continue;
		const display = concept ? concept.label.charAt(0).toLowerCase() + concept.label.slice(1) : mostFrequent(formsOf(key));
		const folded = foldAccents(display);
		if (seen.has(folded)) continue;
		seen.add(folded);
		terms.push(display);
		if (labelParts.length < 3 && (labelParts.length === 0 || count * 2 >= k)) labelParts.push(display);
		if (terms.length >= 5) break;
	}
	// One concept alone: add the word the notes actually use ("Mobilité · transports").
	if (labelParts.length === 1 && CONCEPTS.has(shared[0][0])) {
		const variant = mostFrequent(formsOf(shared[0][0]).map((f) => f.split(' ')[0]));
		const a = foldAccents(variant);
		const b = foldAccents(labelParts[0]);
		if (!b.includes(a) && !a.includes(b) && a.length > 2) labelParts.push(variant);
	}
	let internal = 0;
	let central = members[0];
	let best = -1;
	for (const m of members) {
		let s = 0;
		for (const o of members) if (o !== m) s += rows[m].get(o) ?? 0;
		internal += s;
		if (s > best + 1e-12) {
			best = s;
			central = m;
		}
	}
	const pairs = (k * (k - 1)) / 2;
	const score = Math.round((internal / 2 / pairs) * 1000) / 1000;
	const label = labelParts.length ? capitalise(labelParts.join(' · ')) : capitalise(shorten(p.notes[central].text));
	return { noteIds: members.map((m) => p.notes[m].id).sort(), label, terms, score };
}

/** `suggestClusters` with explicit tuning (used by the evaluation bench). */
export function suggestClustersWith(notes: ClusterInput[], options: SuggestOptions, tuning: ClusterTuning): ClusterSuggestion[] {
	const minSize = Math.max(2, Math.floor(options.minSize ?? 2));
	const maxSize = Math.max(minSize, Math.floor(options.maxSize ?? tuning.maxSize));
	const threshold = options.minSimilarity ?? tuning.minSimilarity;
	if (notes.length < minSize) return [];
	const p = prepare(notes, tuning);
	const rows = similarities(p, options.sameColumnOnly ?? false);
	const groups = agglomerate(p, rows, threshold, maxSize, tuning).filter((g) => g.members.length >= minSize);
	return groups
		.map((g) => describe(p, rows, g))
		.sort((a, b) => b.score - a.score || b.noteIds.length - a.noteIds.length || (a.noteIds[0] < b.noteIds[0] ? -1 : 1));
}
