// Problems raised in several places: clusters of problems from different tables of a workshop
// ("Aussi soulevé à la table …") or from the projects of other territories of the département
// ("éléments partagés entre territoires": barrière de la langue, mobilité, parcours de soins…).
// The same similarity as the suggestions: words, concepts of the thesaurus and their fields,
// here on a cluster's title (what people named it) and on its notes (what they wrote).

import { labelGroup, shortenText } from './cluster-labels.ts';
import { analyse, DEFAULT_VOCABULARY, type Vocabulary } from './french-text.ts';

export interface ProblemCluster {
	/** Unique among the clusters compared (e.g. `${boardId}:${clusterId}`). */
	key: string;
	/** Where it was raised: a table, or a territory. Clusters of one source are never linked together. */
	source: string;
	title: string;
	/** The texts of its notes (may be empty: a title alone still compares). */
	notes?: readonly string[];
	votes?: number;
}

export interface ProblemLink<T extends ProblemCluster = ProblemCluster> {
	/** A short French label for what the clusters share ("Barrière de la langue"). */
	label: string;
	/** The clusters, from two sources or more, most voted first. */
	clusters: T[];
}

type Profile = Map<string, number>;

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

// A title is what the group agreed to call the problem: it weighs as much as all the notes together.
const TITLE_WEIGHT = 1;
const NOTES_WEIGHT = 1;
// A field shared ("santé mentale" and "accès aux soins" are both santé) counts, less than a concept.
const FIELD_WEIGHT = 0.5;

function addTerms(profile: Profile, text: string, weight: number, vocabulary: Vocabulary): void {
	const terms = analyse(text, { vocabulary });
	if (terms.length === 0) return;
	const share = weight / terms.length;
	for (const t of terms) {
		profile.set(t.key, (profile.get(t.key) ?? 0) + share);
		const field = t.kind === 'concept' ? vocabulary.concepts.get(t.key)?.field : undefined;
		if (field) profile.set(field, (profile.get(field) ?? 0) + share * FIELD_WEIGHT);
	}
}

/** What a cluster is about, as weights over words, concepts and fields. */
export function problemProfile(cluster: Pick<ProblemCluster, 'title' | 'notes'>, vocabulary: Vocabulary = DEFAULT_VOCABULARY): Profile {
	const profile: Profile = new Map();
	addTerms(profile, cluster.title, TITLE_WEIGHT, vocabulary);
	const notes = (cluster.notes ?? []).filter((n) => n.trim());
	for (const note of notes) addTerms(profile, note, NOTES_WEIGHT / notes.length, vocabulary);
	return profile;
}

function cosine(a: Profile, b: Profile): number {
	let dot = 0;
	let na = 0;
	let nb = 0;
	for (const [k, v] of a) {
		na += v * v;
		const w = b.get(k);
		if (w !== undefined) dot += v * w;
	}
	for (const v of b.values()) nb += v * v;
	return na && nb ? Math.min(1, dot / Math.sqrt(na * nb)) : 0;
}

/** Similarity (0–1) of two clusters: cosine of their profiles. */
export function problemSimilarity(a: Pick<ProblemCluster, 'title' | 'notes'>, b: Pick<ProblemCluster, 'title' | 'notes'>, vocabulary: Vocabulary = DEFAULT_VOCABULARY): number {
	return cosine(problemProfile(a, vocabulary), problemProfile(b, vocabulary));
}

/** Default threshold of `linkProblems` (chosen on hand-made pairs, see shared-problems.test.ts). */
export const LINK_THRESHOLD = 0.35;

/**
 * Groups the clusters that speak of the same problem across sources: two clusters of different
 * sources are linked when their similarity reaches `minSimilarity`, and a group is every cluster
 * linked to it (transitively). Groups of one source only are dropped. Deterministic.
 */
export function linkProblems<T extends ProblemCluster>(
	clusters: readonly T[],
	options: { minSimilarity?: number; vocabulary?: Vocabulary } = {}
): ProblemLink<T>[] {
	const vocabulary = options.vocabulary ?? DEFAULT_VOCABULARY;
	const threshold = options.minSimilarity ?? LINK_THRESHOLD;
	const list = [...clusters].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
	const profiles = list.map((c) => problemProfile(c, vocabulary));
	const parent = list.map((_, i) => i);
	const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
	for (let i = 0; i < list.length; i++)
		for (let j = i + 1; j < list.length; j++) {
			if (list[i].source === list[j].source) continue;
			if (cosine(profiles[i], profiles[j]) >= threshold) parent[find(j)] = find(i);
		}
	const groups = new Map<number, T[]>();
	list.forEach((c, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), c]));
	return [...groups.values()]
		.filter((g) => new Set(g.map((c) => c.source)).size > 1)
		.map((g) => {
			const byVotes = [...g].sort((a, b) => (b.votes ?? 0) - (a.votes ?? 0) || (a.key < b.key ? -1 : 1));
			// What the clusters share, title and notes together ("Desserte des villages" and "Mobilité"
			// are both about transport); when they share no concept or word, the most voted title.
			const texts = g.map((c) => [c.title, ...(c.notes ?? [])].join('. '));
			const central = g.indexOf(byVotes[0]);
			const shared = labelGroup(texts, { vocabulary, central });
			const label = shared === capitalise(shortenText(texts[central])) ? byVotes[0].title : shared;
			return { label, clusters: byVotes };
		})
		.sort((a, b) => new Set(b.clusters.map((c) => c.source)).size - new Set(a.clusters.map((c) => c.source)).size || (a.label < b.label ? -1 : 1));
}
