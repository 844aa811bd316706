// Suggested groups ("regroupements") of workshop notes, for the facilitator to accept or ignore.
// Pure and deterministic: no I/O, same notes (in any order) → same suggestions.
//
// Method: each note becomes a TF-IDF vector over its terms (stems, acronyms and domain concepts,
// see french-text.ts; IDF computed on the given notes, terms present in most notes ignored), two
// notes are as similar as the cosine of their vectors, and notes are grouped by agglomerative
// clustering with average linkage, stopped at a similarity threshold. A merge is refused when the
// merged group would no longer have a term shared by at least half its notes, or would exceed
// `maxSize`. Precision matters more than recall: a note that fits nowhere is left alone.

import { labelAnalysed } from './cluster-labels.ts';
import { analyse, DEFAULT_VOCABULARY, foldAccents, type Term, type Vocabulary } from './french-text.ts';

export interface ClusterInput {
	id: string;
	text: string;
	column?: string;
}

export interface ClusterSuggestion {
	/** The notes of the group (at least `minSize`), sorted by id. */
	noteIds: string[];
	/** Short French label from the group's concept and shared wording ("Isolement des personnes âgées"), see cluster-labels.ts. */
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
	/** The thesaurus extended with the project's own words (default: the thesaurus alone). */
	vocabulary?: Vocabulary;
	/**
	 * Optional semantic help (server side, when a project enabled it): an embedding per note id. Two
	 * notes that both have one are as similar as the mean of the local similarity and the cosine of
	 * their embeddings, and a group no longer needs a shared word (the model saw the meaning).
	 */
	embeddings?: ReadonlyMap<string, readonly number[]>;
}

/** Knobs of the method, exported for the evaluation bench; the app uses the defaults. */
export interface ClusterTuning {
	/** Default for `SuggestOptions.minSimilarity`. */
	minSimilarity: number;
	/** How the similarity of two groups is computed from the similarities of their notes. */
	linkage: 'average' | 'complete' | 'single';
	/** Weight of a word's own stem next to its concept ("transports" next to #mobilite); 0: concept only. */
	wordWeight: number;
	/** Weight of a concept ("#mobilite") relative to a plain word. */
	conceptWeight: number;
	/** Weight of a concept's broader field ("@autonomie": EHPAD and aidants) relative to a plain word. */
	fieldWeight: number;
	/** Which fields a note gets: every field it names, or only the one it names most (none on a tie). */
	fieldMode: 'all' | 'dominant';
	/** How much a public (personnes âgées, jeunes, handicap) counts towards a note's field, next to a topic's 1. */
	publicWeight: number;
	/** What the first concept a note names adds towards its field. */
	firstBonus: number;
	/** Terms present in more than this fraction of the notes are ignored (boards of 10 notes or more). */
	maxDocFraction: number;
	/** A group must keep a term shared by at least this fraction of its notes (0: no such rule). */
	coreFraction: number;
	/** Default for `SuggestOptions.maxSize`. */
	maxSize: number;
	/**
	 * Concept-level similarity: two notes are at least this factor times the cosine of their
	 * concepts alone (words and fields left out), so that two long sentences about one
	 * concept in different words are not diluted by their other words (0: words and concepts in one
	 * vector only).
	 */
	conceptSimilarity: number;
}

export const DEFAULT_TUNING: ClusterTuning = {
	minSimilarity: 0.2,
	linkage: 'average',
	wordWeight: 0.5,
	conceptWeight: 1.5,
	fieldWeight: 3,
	fieldMode: 'dominant',
	publicWeight: 0.4,
	firstBonus: 0.5,
	maxDocFraction: 0.5,
	coreFraction: 0.5,
	maxSize: 12,
	// Between the threshold and twice it (1.5 × 0.2): two notes that share their whole concept
	// profile pass, two that share half of it (one concept of two) do not.
	conceptSimilarity: 0.3
};

/** Suggested groups of notes, surest first. Notes that fit no group are in no suggestion. */
export function suggestClusters(notes: ClusterInput[], options: SuggestOptions = {}): ClusterSuggestion[] {
	return suggestClustersWith(notes, options, DEFAULT_TUNING);
}

// ---------------------------------------------------------------------------------------------

interface Feature {
	key: string;
	/** Index of the key among the board's kept keys in sorted order. */
	id: number;
	weight: number;
	/** Weight in the note's vector of concepts alone (unit-length over its concepts and fields; 0 for a word). */
	conceptWeight: number;
}

interface Prepared {
	/** Notes in canonical order (by id, then text, then column). */
	notes: ClusterInput[];
	/** Unit-length TF-IDF vector of each note, sorted by feature id. */
	vectors: Feature[][];
	/** For each note, the set of its term keys (after the document-frequency cut). */
	keys: Set<string>[];
	/** `keys` with the parents of the note's facets ("#mobilite" for "#transports"), for the core-term rule. */
	coreKeys: Set<string>[];
	/** For each note, surface forms by key. */
	surfaces: Map<string, string[]>[];
	idf: Map<string, number>;
	/** Concept of each word stem that belongs to one. */
	conceptOf: Map<string, string>;
	/** Number of distinct kept keys (feature ids are 0 … features - 1). */
	features: number;
	vocabulary: Vocabulary;
	/** Each note's terms (words kept), for its label. */
	terms: Term[][];
	/** `ClusterTuning.conceptSimilarity`. */
	conceptFactor: number;
}

function compareNotes(a: ClusterInput, b: ClusterInput): number {
	if (a.id !== b.id) return a.id < b.id ? -1 : 1;
	if (a.text !== b.text) return a.text < b.text ? -1 : 1;
	const ca = a.column ?? '';
	const cb = b.column ?? '';
	return ca < cb ? -1 : ca > cb ? 1 : 0;
}

function prepare(input: ClusterInput[], tuning: ClusterTuning, vocabulary: Vocabulary): Prepared {
	const notes = [...input].sort(compareNotes);
	const n = notes.length;
	const counts: Map<string, number>[] = [];
	const surfaces: Map<string, string[]>[] = [];
	const df = new Map<string, number>();
	const conceptOf = new Map<string, string>();
	const kindWeight = new Map<string, number>();
	const noteTerms: Term[][] = [];
	const implied: Set<string>[] = [];
	for (const note of notes) {
		const tf = new Map<string, number>();
		const surf = new Map<string, string[]>();
		const analysed = analyse(note.text ?? '', { keepWords: true, vocabulary });
		implied.push(new Set());
		noteTerms.push(analysed);
		// A facet's parent is not a feature: two facets of one topic (buses, driving licences) are
		// told apart; the parent only lets a group of both hold together (see hasCore) and names it.
		for (const t of analysed) if (t.implied) implied[implied.length - 1].add(t.key);
		// Without word weight, a concept's own words are not features (the concept is).
		const terms = analysed.filter((t) => !t.implied && (tuning.wordWeight > 0 || !(t.kind === 'stem' && t.concept)));
		if (tuning.fieldWeight > 0) {
			// The broader field of each concept, once per note however many of its concepts it names.
			// A note's topic is what it names most, first, and as a topic rather than a public:
			// "logements adaptés aux personnes âgées et handicapées" is about housing.
			const named = new Map<string, number>();
			let first = true;
			for (const t of terms) {
				const concept = t.kind === 'concept' ? vocabulary.concepts.get(t.key) : undefined;
				if (!concept) continue;
				const weight = (concept.public ? tuning.publicWeight : 1) + (first ? tuning.firstBonus : 0);
				first = false;
				named.set(concept.field, (named.get(concept.field) ?? 0) + weight);
			}
			const ranked = [...named].sort((x, y) => y[1] - x[1]);
			const fields = tuning.fieldMode === 'all' ? ranked : ranked.length === 1 || (ranked.length > 1 && ranked[0][1] > ranked[1][1]) ? [ranked[0]] : [];
			for (const [field] of fields) terms.push({ key: field, surface: '', kind: 'concept' });
		}
		for (const term of terms) {
			if (term.key.startsWith('@')) kindWeight.set(term.key, tuning.fieldWeight);
			else if (term.kind === 'concept') kindWeight.set(term.key, tuning.conceptWeight);
			else if (term.kind === 'stem' && term.concept) kindWeight.set(term.key, tuning.wordWeight);
			if (term.concept) conceptOf.set(term.key, term.concept);
			tf.set(term.key, (tf.get(term.key) ?? 0) + 1);
			const list = surf.get(term.key) ?? [];
			list.push(term.surface);
			surf.set(term.key, list);
		}
		for (const key of tf.keys()) df.set(key, (df.get(key) ?? 0) + 1);
		counts.push(tf);
		surfaces.push(surf);
	}
	const idf = new Map<string, number>();
	const cap = n >= 10 ? tuning.maxDocFraction * n : Infinity;
	for (const [key, d] of df) if (d <= cap) idf.set(key, Math.log((n + 1) / (d + 1)) + 1);
	const ids = new Map([...idf.keys()].sort().map((key, i) => [key, i]));
	const vectors: Feature[][] = [];
	const keys: Set<string>[] = [];
	for (const tf of counts) {
		const v: Feature[] = [];
		for (const [key, t] of tf) {
			const w = idf.get(key);
			if (w === undefined) continue;
			// Sub-linear term frequency: a word repeated in a note counts little more than once.
			v.push({ key, id: ids.get(key)!, weight: (1 + Math.log(t)) * w * (kindWeight.get(key) ?? 1), conceptWeight: 0 });
		}
		v.sort((a, b) => a.id - b.id);
		const norm = Math.sqrt(v.reduce((s, f) => s + f.weight * f.weight, 0));
		// Concepts only: a broad field ("@autonomie") never makes two notes alike by itself.
		const isConcept = (f: Feature) => f.key.startsWith('#');
		// In the concept vector a public ("jeunes") counts as it does towards a field: who the note
		// speaks of weighs less than what it says ("permis" and "voitures" are alike with or without "jeunes").
		const publicFactor = (f: Feature) => (vocabulary.concepts.get(f.key)?.public ? tuning.publicWeight : 1);
		const conceptNorm = Math.sqrt(v.reduce((s, f) => s + (isConcept(f) ? (f.weight * publicFactor(f)) ** 2 : 0), 0));
		for (const f of v) {
			if (isConcept(f) && conceptNorm > 0) f.conceptWeight = (f.weight * publicFactor(f)) / conceptNorm;
			f.weight /= norm || 1;
		}
		vectors.push(v);
		keys.push(new Set(v.map((f) => f.key)));
	}
	// What a group may share to hold together: its kept terms and the parents of its facets.
	// A parent most notes name (#jeunes on a youth table) is cut like any term.
	const impliedDf = new Map<string, number>();
	for (const set of implied) for (const key of set) impliedDf.set(key, (impliedDf.get(key) ?? 0) + 1);
	const coreKeys = keys.map((k, i) => {
		const parents = [...implied[i]].filter((key) => Math.max(df.get(key) ?? 0, impliedDf.get(key) ?? 0) <= cap);
		return parents.length > 0 ? new Set([...k, ...parents]) : k;
	});
	return { notes, vectors, keys, coreKeys, surfaces, idf, conceptOf, features: ids.size, vocabulary, terms: noteTerms, conceptFactor: tuning.conceptSimilarity };
}

/** Similarity of two notes: their cosine, or the concept-level one when higher (vectors are unit-length and sorted by feature id). */
function similarity(a: Feature[], b: Feature[], conceptFactor: number): number {
	let s = 0;
	let c = 0;
	for (let i = 0, j = 0; i < a.length && j < b.length; ) {
		if (a[i].id === b[j].id) {
			s += a[i].weight * b[j].weight;
			c += a[i++].conceptWeight * b[j++].conceptWeight;
		} else if (a[i].id < b[j].id) i++;
		else j++;
	}
	return Math.min(1, Math.max(s, conceptFactor * c));
}

/** Pairs of notes with a non-zero similarity, as flat lists (i < j; in no particular order). */
interface Edges {
	i: number[];
	j: number[];
	s: number[];
}

function similarities(p: Prepared, sameColumnOnly: boolean, conceptFactor: number): Edges {
	const n = p.notes.length;
	const postNote: number[][] = Array.from({ length: p.features }, () => []);
	const postWeight: number[][] = Array.from({ length: p.features }, () => []);
	const postConcept: number[][] = Array.from({ length: p.features }, () => []);
	p.vectors.forEach((v, i) => {
		for (const f of v) {
			postNote[f.id].push(i);
			postWeight[f.id].push(f.weight);
			postConcept[f.id].push(f.conceptWeight);
		}
	});
	const edges: Edges = { i: [], j: [], s: [] };
	const acc = new Float64Array(n);
	const accConcept = new Float64Array(n);
	const touched: number[] = [];
	const seen = new Uint8Array(n);
	for (let i = 0; i < n; i++) {
		for (const f of p.vectors[i]) {
			const notes = postNote[f.id];
			const weights = postWeight[f.id];
			const concepts = postConcept[f.id];
			// Postings are in note order: the notes after i are at the end.
			for (let k = notes.length - 1; k >= 0 && notes[k] > i; k--) {
				const j = notes[k];
				if (!seen[j]) {
					seen[j] = 1;
					touched.push(j);
				}
				acc[j] += f.weight * weights[k];
				accConcept[j] += f.conceptWeight * concepts[k];
			}
		}
		for (const j of touched) {
			const s = Math.max(acc[j], conceptFactor * accConcept[j]);
			acc[j] = 0;
			accConcept[j] = 0;
			seen[j] = 0;
			if (sameColumnOnly && (p.notes[i].column ?? '') !== (p.notes[j].column ?? '')) continue;
			if (s > 1e-9) {
				edges.i.push(i);
				edges.j.push(j);
				edges.s.push(Math.min(1, s));
			}
		}
		touched.length = 0;
	}
	return edges;
}

function swapPairs(arr: Int32Array | Uint32Array, x: number, y: number): void {
	const p = arr[2 * x];
	const q = arr[2 * x + 1];
	arr[2 * x] = arr[2 * y];
	arr[2 * x + 1] = arr[2 * y + 1];
	arr[2 * y] = p;
	arr[2 * y + 1] = q;
}

/** A binary max-heap of candidate merges (group, partner, their versions when offered), in typed
 * arrays; ties go to the pair of smallest indices, so that the result never depends on the order of
 * insertion. */
class MergeHeap {
	private value = new Float64Array(1024);
	private pair = new Int32Array(2048);
	private versions = new Uint32Array(2048);
	size = 0;

	private before(x: number, y: number): boolean {
		const vx = this.value[x];
		const vy = this.value[y];
		if (vx !== vy) return vx > vy;
		const px = this.pair[2 * x];
		const qx = this.pair[2 * x + 1];
		const py = this.pair[2 * y];
		const qy = this.pair[2 * y + 1];
		const lowX = Math.min(px, qx);
		const lowY = Math.min(py, qy);
		if (lowX !== lowY) return lowX < lowY;
		const highX = Math.max(px, qx);
		const highY = Math.max(py, qy);
		if (highX !== highY) return highX < highY;
		return px < py;
	}

	private swap(x: number, y: number): void {
		const v = this.value[x];
		this.value[x] = this.value[y];
		this.value[y] = v;
		swapPairs(this.pair, x, y);
		swapPairs(this.versions, x, y);
	}

	push(value: number, a: number, b: number, va: number, vb: number): void {
		if (this.size === this.value.length) {
			const grow = <T extends Float64Array | Int32Array | Uint32Array>(arr: T): T => {
				const next = new (arr.constructor as { new (n: number): T })(arr.length * 2);
				next.set(arr);
				return next;
			};
			this.value = grow(this.value);
			this.pair = grow(this.pair);
			this.versions = grow(this.versions);
		}
		let i = this.size++;
		this.value[i] = value;
		this.pair[2 * i] = a;
		this.pair[2 * i + 1] = b;
		this.versions[2 * i] = va;
		this.versions[2 * i + 1] = vb;
		while (i > 0) {
			const parent = (i - 1) >> 1;
			if (!this.before(i, parent)) break;
			this.swap(i, parent);
			i = parent;
		}
	}

	/** Removes the best candidate; returns [value, a, b, versionOfA, versionOfB]. */
	pop(): [number, number, number, number, number] {
		const top: [number, number, number, number, number] = [this.value[0], this.pair[0], this.pair[1], this.versions[0], this.versions[1]];
		const last = --this.size;
		if (last > 0) {
			this.swap(0, last);
			let i = 0;
			for (;;) {
				const l = 2 * i + 1;
				const r = l + 1;
				let best = i;
				if (l < last && this.before(l, best)) best = l;
				if (r < last && this.before(r, best)) best = r;
				if (best === i) break;
				this.swap(i, best);
				i = best;
			}
		}
		return top;
	}
}

/** True if some term is in at least `fraction` of the members (and in two of them at least). */
function hasCore(members: number[], keys: Set<string>[], fraction: number): boolean {
	if (fraction <= 0) return true;
	const need = Math.max(2, Math.ceil(fraction * members.length - 1e-9));
	const count = new Map<string, number>();
	for (const m of members) {
		for (const k of keys[m]) {
			// A field alone ("@lien_social") is too broad to hold a group together.
			if (k.startsWith('@')) continue;
			const c = (count.get(k) ?? 0) + 1;
			if (c >= need) return true;
			count.set(k, c);
		}
	}
	return false;
}

/**
 * Agglomerative clustering: repeatedly merge the two groups with the highest linkage while it is
 * at least `threshold`. Only notes with a neighbour at `threshold` or more can ever merge (for
 * average, complete and single linkage alike), so the linkage matrix covers those notes only.
 * Returns the groups of two notes or more, as sorted lists of note indices.
 */
function agglomerate(p: Prepared, edges: Edges, threshold: number, maxSize: number, tuning: ClusterTuning): number[][] {
	const local = new Map<number, number>();
	const active: number[] = [];
	for (let e = 0; e < edges.s.length; e++) {
		if (edges.s[e] < threshold) continue;
		local.set(edges.i[e], -1);
		local.set(edges.j[e], -1);
	}
	for (const x of [...local.keys()].sort((a, b) => a - b)) {
		local.set(x, active.length);
		active.push(x);
	}
	const m = active.length;
	if (m < 2) return [];
	// Linkage numerators: sum (average), min (complete: a missing pair is a 0) or max (single).
	// Single precision past 2,048 notes that can merge (halves the memory: 4 bytes a pair).
	const link = m <= 2048 ? new Float64Array(m * m) : new Float32Array(m * m);
	for (let e = 0; e < edges.s.length; e++) {
		const a = local.get(edges.i[e]);
		const b = local.get(edges.j[e]);
		if (a === undefined || b === undefined) continue;
		link[a * m + b] = edges.s[e];
		link[b * m + a] = edges.s[e];
	}
	const members: number[][] = active.map((x) => [x]);
	const alive = new Uint8Array(m).fill(1);
	const version = new Uint32Array(m);
	const refused = new Set<string>();
	const pairKey = (a: number, b: number) => (a < b ? `${a}:${b}:${version[a]}:${version[b]}` : `${b}:${a}:${version[b]}:${version[a]}`);
	// The heap holds, for each group, its best partner when last computed. Merging never raises
	// the linkage of a pair above the best linkage either group had (a merged group's linkage to
	// c lies between those of its parts for average linkage, below both for complete, equals the
	// larger for single), so an entry whose partner has changed is an upper bound: recompute it
	// when it comes out.
	const heap = new MergeHeap();
	const offerBest = (a: number) => {
		const size = members[a].length;
		let bestValue = -1;
		let best = -1;
		for (let c = 0; c < m; c++) {
			const l = link[a * m + c];
			if (l <= 0 || !alive[c] || c === a || size + members[c].length > maxSize) continue;
			const v = tuning.linkage === 'average' ? l / (size * members[c].length) : l;
			if (v < threshold || v <= bestValue) continue;
			if (refused.size > 0 && refused.has(pairKey(a, c))) continue;
			bestValue = v;
			best = c;
		}
		if (best >= 0) heap.push(bestValue, a, best, version[a], version[best]);
	};
	for (let a = 0; a < m; a++) offerBest(a);

	while (heap.size > 0) {
		const [, g, partner, vg, vp] = heap.pop();
		if (!alive[g] || version[g] !== vg) continue; // a newer entry for g is in the heap
		if (!alive[partner] || version[partner] !== vp) {
			offerBest(g);
			continue;
		}
		const a = Math.min(g, partner);
		const b = Math.max(g, partner);
		if (refused.has(pairKey(a, b))) {
			offerBest(g);
			continue;
		}
		const merged = [...members[a], ...members[b]].sort((x, y) => x - y);
		if (!hasCore(merged, p.coreKeys, tuning.coreFraction)) {
			refused.add(pairKey(a, b));
			offerBest(g);
			continue;
		}
		// Merge b into a (a < b, so a group keeps the index of its first note).
		alive[b] = 0;
		members[a] = merged;
		members[b] = [];
		version[a]++;
		for (let c = 0; c < m; c++) {
			if (!alive[c] || c === a) continue;
			const la = link[a * m + c];
			const lb = link[b * m + c];
			const l = tuning.linkage === 'average' ? la + lb : tuning.linkage === 'complete' ? Math.min(la, lb) : Math.max(la, lb);
			link[a * m + c] = l;
			link[c * m + a] = l;
		}
		offerBest(a);
	}
	return members.filter((g) => g.length >= 2);
}

/** The most frequent surface form (ties: shortest, then alphabetical). */
function mostFrequent(forms: string[]): string {
	const count = new Map<string, number>();
	for (const f of forms) count.set(f, (count.get(f) ?? 0) + 1);
	return [...count].sort((x, y) => y[1] - x[1] || x[0].length - y[0].length || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))[0][0];
}

function describe(p: Prepared, members: number[]): ClusterSuggestion {
	const k = members.length;
	// Terms shared by at least two notes, most shared first, then rarest on the board.
	const inNotes = new Map<string, number>();
	for (const m of members) for (const key of p.coreKeys[m]) inNotes.set(key, (inNotes.get(key) ?? 0) + 1);
	const shared = [...inNotes]
		.filter(([key, c]) => c >= 2 && !key.startsWith('@'))
		.sort((x, y) => y[1] - x[1] || p.idf.get(y[0])! - p.idf.get(x[0])! || (x[0] < y[0] ? -1 : 1));
	const formsOf = (key: string) => members.flatMap((m) => p.surfaces[m].get(key) ?? []);
	const sharedKeys = new Set(shared.map(([key]) => key));
	const terms: string[] = [];
	const seen = new Set<string>();
	for (const [key] of shared) {
		const concept = p.vocabulary.concepts.get(key);
		// A word of a concept already listed says the same thing again.
		const parent = p.conceptOf.get(key);
		if (!concept && parent && sharedKeys.has(parent)) continue;
		// Lower-case the first letter, not an acronym's ("PMI et périnatalité").
		const display = concept ? (/^\p{Lu}{2}/u.test(concept.label) ? concept.label : concept.label.charAt(0).toLowerCase() + concept.label.slice(1)) : mostFrequent(formsOf(key));
		const folded = foldAccents(display);
		if (seen.has(folded)) continue;
		seen.add(folded);
		terms.push(display);
		if (terms.length >= 5) break;
	}
	let internal = 0;
	let central = members[0];
	let best = -1;
	for (const m of members) {
		let s = 0;
		for (const o of members) if (o !== m) s += similarity(p.vectors[m], p.vectors[o], p.conceptFactor);
		internal += s;
		if (s > best + 1e-12) {
			best = s;
			central = m;
		}
	}
	const pairs = (k * (k - 1)) / 2;
	const score = Math.round((internal / 2 / pairs) * 1000) / 1000;
	const label = labelAnalysed(
		members.map((m) => ({ text: p.notes[m].text ?? '', terms: p.terms[m] })),
		{ vocabulary: p.vocabulary, central: members.indexOf(central) }
	);
	return { noteIds: members.map((m) => p.notes[m].id).sort(), label, terms, score };
}

function unit(v: readonly number[] | undefined): Float64Array | null {
	if (!v || v.length === 0) return null;
	const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
	return norm > 0 ? Float64Array.from(v, (x) => x / norm) : null;
}

/** Every pair of notes with embeddings: the mean of the local similarity and the embeddings' cosine. */
function withEmbeddings(p: Prepared, local: Edges, embeddings: ReadonlyMap<string, readonly number[]>, sameColumnOnly: boolean): Edges {
	const n = p.notes.length;
	const vectors = p.notes.map((note) => unit(embeddings.get(note.id)));
	const localOf = new Map<number, number>();
	for (let e = 0; e < local.s.length; e++) localOf.set(local.i[e] * n + local.j[e], local.s[e]);
	const edges: Edges = { i: [], j: [], s: [] };
	for (let i = 0; i < n; i++)
		for (let j = i + 1; j < n; j++) {
			if (sameColumnOnly && (p.notes[i].column ?? '') !== (p.notes[j].column ?? '')) continue;
			const a = vectors[i];
			const b = vectors[j];
			const l = localOf.get(i * n + j) ?? 0;
			let s = l;
			if (a && b && a.length === b.length) {
				let dot = 0;
				for (let k = 0; k < a.length; k++) dot += a[k] * b[k];
				s = (l + Math.max(0, dot)) / 2;
			}
			if (s > 1e-9) {
				edges.i.push(i);
				edges.j.push(j);
				edges.s.push(Math.min(1, s));
			}
		}
	return edges;
}

/** `suggestClusters` with explicit tuning (used by the evaluation bench). */
export function suggestClustersWith(notes: ClusterInput[], options: SuggestOptions, tuning: ClusterTuning): ClusterSuggestion[] {
	const minSize = Math.max(2, Math.floor(options.minSize ?? 2));
	const maxSize = Math.max(minSize, Math.floor(options.maxSize ?? tuning.maxSize));
	const threshold = options.minSimilarity ?? tuning.minSimilarity;
	if (notes.length < minSize) return [];
	const p = prepare(notes, tuning, options.vocabulary ?? DEFAULT_VOCABULARY);
	let edges = similarities(p, options.sameColumnOnly ?? false, tuning.conceptSimilarity);
	if (options.embeddings && options.embeddings.size > 0) {
		edges = withEmbeddings(p, edges, options.embeddings, options.sameColumnOnly ?? false);
		tuning = { ...tuning, coreFraction: 0 };
	}
	const groups = agglomerate(p, edges, threshold, maxSize, tuning).filter((g) => g.length >= minSize);
	return groups
		.map((g) => describe(p, g))
		.sort((a, b) => b.score - a.score || b.noteIds.length - a.noteIds.length || (a.noteIds[0] < b.noteIds[0] ? -1 : 1));
}
