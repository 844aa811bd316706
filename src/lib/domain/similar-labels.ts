import { normalise } from './french-text.ts';

/**
 * Do two cluster labels speak of the same problem ("Mobilité" at one table, "Transports et
 * déplacements" at another)? Compares their normalised terms and concepts (stems, synonyms).
 */
export function labelSimilarity(a: string, b: string): number {
	const x = new Set(normalise(a));
	const y = new Set(normalise(b));
	if (x.size === 0 || y.size === 0) return 0;
	let shared = 0;
	for (const t of x) if (y.has(t)) shared++;
	return shared / Math.min(x.size, y.size);
}

export function similarLabels(a: string, b: string, threshold = 0.5): boolean {
	return labelSimilarity(a, b) >= threshold;
}
