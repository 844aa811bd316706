// World café: sub-groups rotate from table to table. Pure functions, used by the server (which
// decides) and by the console (which shows the plan).

export interface Person {
	id: number;
	organisation: string;
}

/** French labels of the families of organisations (results, restitution, reports). */
export const ORGANISATION_KINDS: Record<string, string> = {
	organisme: 'Organismes (CAF, CPAM, France Travail…)',
	commune: 'Communes et CCAS',
	departement: 'Département',
	association: 'Associations et centres sociaux',
	sante: 'Santé',
	education: 'Éducation',
	logement: 'Logement',
	insertion: 'Insertion',
	habitant: 'Habitants'
};

export function organisationKindLabel(organisation: string): string {
	return ORGANISATION_KINDS[organisationKind(organisation)] ?? 'Autres';
}

/** Rough family of an organisation, so that groups mix institutions, communes and associations. */
export function organisationKind(organisation: string): string {
	const o = organisation
		.toLowerCase()
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '');
	if (/\bcaf\b|\bcpam\b|\bmsa\b|france travail|pole emploi/.test(o)) return 'organisme';
	if (/ccas|mairie|commune|ville|communaute|cias|elu/.test(o)) return 'commune';
	if (/departement|\bcds\b|\bdt\b|pmi|\base\b/.test(o)) return 'departement';
	if (/association|asso\b|centre social|collectif|benevole/.test(o)) return 'association';
	if (/hopital|centre hospitalier|\bch\b|sante|cmp|medecin|clinique/.test(o)) return 'sante';
	if (/ecole|college|lycee|education/.test(o)) return 'education';
	if (/bailleur|habitat|logement|hlm/.test(o)) return 'logement';
	if (/mission locale|insertion|emploi/.test(o)) return 'insertion';
	if (/habitant|usager|personne accompagnee/.test(o)) return 'habitant';
	return `autre:${o.trim()}`;
}

/**
 * Splits people into `k` groups of balanced size (sizes differ by at most one) that mix kinds of
 * organisation: people are dealt like cards, kind by kind, to the currently smallest group.
 * `random` shuffles within a kind so that two workshops do not get the same groups.
 */
export function splitIntoGroups<P extends Person>(people: readonly P[], k: number, random: () => number = Math.random): P[][] {
	const n = Math.max(1, Math.min(Math.floor(k), people.length || 1));
	const groups: P[][] = Array.from({ length: n }, () => []);
	const byKind = new Map<string, P[]>();
	for (const p of people) {
		const kind = organisationKind(p.organisation);
		byKind.set(kind, [...(byKind.get(kind) ?? []), p]);
	}
	// Largest kinds first, so that their members spread over every group.
	const kinds = [...byKind.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
	let next = 0;
	for (const [, members] of kinds) {
		const shuffled = [...members];
		for (let i = shuffled.length - 1; i > 0; i--) {
			const j = Math.floor(random() * (i + 1));
			[shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
		}
		for (const p of shuffled) {
			// Round-robin continues across kinds: sizes stay balanced and kinds spread.
			groups[next % n].push(p);
			next++;
		}
	}
	return groups;
}

/**
 * Which table each group sits at in `round` (1-based), cyclically: group i starts at table i and
 * moves one table on each round. With more groups than tables, several groups share a table.
 */
export function rotationAssignments(groupIds: readonly number[], boardIds: readonly number[], round: number): Map<number, number> {
	const out = new Map<number, number>();
	if (boardIds.length === 0) return out;
	groupIds.forEach((g, i) => out.set(g, boardIds[(((i + round - 1) % boardIds.length) + boardIds.length) % boardIds.length]));
	return out;
}

/** How many rounds until every group has visited every table once. */
export function roundsForFullRotation(boardCount: number): number {
	return Math.max(1, boardCount);
}
