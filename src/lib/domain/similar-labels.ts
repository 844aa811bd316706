import { LINK_THRESHOLD, problemSimilarity } from './shared-problems.ts';

/**
 * Do two cluster labels speak of the same problem ("Mobilité" at one table, "Transports et
 * déplacements" at another)? The similarity of shared problems (shared-problems.ts) on the titles
 * alone: words, concepts of the thesaurus and their fields.
 */
export function labelSimilarity(a: string, b: string): number {
	return problemSimilarity({ title: a }, { title: b });
}

export function similarLabels(a: string, b: string, threshold = LINK_THRESHOLD): boolean {
	return labelSimilarity(a, b) >= threshold;
}
