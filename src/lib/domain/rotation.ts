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
	habitant: 'Habitants',
	autonomie: 'Autonomie (EHPAD, aide à domicile…)',
	acces_droits: 'Accès aux droits (France Services…)',
	securite: 'Sécurité et justice'
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
	// The organisations of the sector as partners write them (issue 13: half of them used to land in
	// "Autres"). Order matters: "Maison France Services de la commune" is access to rights.
	if (/france services|maison de services|\bmsap\b|\bpimms\b|point justice|point d.acces au droit/.test(o)) return 'acces_droits';
	if (/\behpad\b|\badmr\b|\bssiad\b|\bsaad\b|\bmdph\b|\bclic\b|aide a domicile|residence autonomie|\badapei\b|\bapajh\b|\besat\b|\bfam\b|\bmas\b|handicap|autonomie/.test(o)) return 'autonomie';
	if (/\bcaf\b|\bcpam\b|\bmsa\b|\bcarsat\b|\burssaf\b|caisse|assurance maladie|allocations familiales/.test(o)) return 'organisme';
	if (/mission locale|france travail|pole emploi|cap emploi|\bplie\b|\bsiae\b|chantier d.insertion|entreprise d.insertion|insertion|emploi/.test(o)) return 'insertion';
	if (/gendarmerie|police|\bspip\b|\bpjj\b|tribunal|justice|prefecture/.test(o)) return 'securite';
	if (/ccas|mairie|commune|ville|communaute|cias|\bepci\b|\belue?s?\b|\bmaire\b/.test(o)) return 'commune';
	if (/departement|\bcds\b|\bdt\b|\bmds\b|pmi|\base\b|solidarites/.test(o)) return 'departement';
	if (/familles rurales|\budaf\b|secours (populaire|catholique)|restos du coeur|croix.rouge|emmaus|\bchrs\b|\bcada\b|association|asso\b|centre social|collectif|benevole|federation/.test(o)) return 'association';
	if (/hopital|centre hospitalier|\bch\b|sante|\bcmp\b|medecin|clinique|\bars\b|\bcpts\b|infirmi/.test(o)) return 'sante';
	if (/ecole|college|lycee|education|\bcrous\b|universite/.test(o)) return 'education';
	if (/bailleur|habitat|logement|hlm|\bopac\b|dynacite|semcoda|logidia|\bfjt\b|jeunes travailleurs/.test(o)) return 'logement';
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
