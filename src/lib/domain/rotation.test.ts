import { describe, expect, it } from 'vitest';
import { organisationKind, organisationKindLabel, rotationAssignments, splitIntoGroups } from './rotation.ts';
import { seededRandom as seeded } from '../testing/seeded-random.ts';


const people = [
	...['CAF de l’Ain', 'CAF', 'CPAM', 'France Travail'].map((o, i) => ({ id: i + 1, organisation: o })),
	...['CCAS de Trévoux', 'Mairie de Jassans', 'Mairie de Reyrieux', 'CCAS Miribel'].map((o, i) => ({ id: i + 10, organisation: o })),
	...['Association Tremplin', 'Centre social Mosaïque', 'Association des familles'].map((o, i) => ({ id: i + 20, organisation: o })),
	...['Département – CDS Trévoux', 'PMI'].map((o, i) => ({ id: i + 30, organisation: o }))
];

describe('sub-groups', () => {
	it('[ROT1] have balanced sizes (differ by one at most) and keep everyone exactly once', () => {
		for (const k of [2, 3, 4, 5]) {
			const groups = splitIntoGroups(people, k, seeded(k));
			const sizes = groups.map((g) => g.length);
			expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
			expect(groups.flat().map((p) => p.id).sort((a, b) => a - b)).toEqual(people.map((p) => p.id).sort((a, b) => a - b));
		}
	});

	it('[ROT2] mix kinds of organisation: no group made only of communes', () => {
		const groups = splitIntoGroups(people, 3, seeded(9));
		for (const g of groups) {
			const kinds = new Set(g.map((p) => organisationKind(p.organisation)));
			expect(kinds.size).toBeGreaterThanOrEqual(3);
		}
	});

	it('[ROT3] never make more groups than people, nor fewer than one', () => {
		expect(splitIntoGroups(people.slice(0, 2), 5)).toHaveLength(2);
		expect(splitIntoGroups([], 3)).toHaveLength(1);
	});

	it('recognises the usual partners', () => {
		expect(organisationKind('CAF de l’Ain')).toBe('organisme');
		expect(organisationKind('CCAS de Trévoux')).toBe('commune');
		expect(organisationKind('Département – CDS')).toBe('departement');
		expect(organisationKind('Centre social')).toBe('association');
	});
});

describe('rotation schedule', () => {
	it('[ROT4] moves every group one table on at each round, and visits every table once in N rounds', () => {
		const groups = [1, 2, 3];
		const boards = [10, 20, 30];
		const r1 = rotationAssignments(groups, boards, 1);
		const r2 = rotationAssignments(groups, boards, 2);
		expect([...r1]).toEqual([[1, 10], [2, 20], [3, 30]]);
		expect([...r2]).toEqual([[1, 20], [2, 30], [3, 10]]);
		for (const g of groups) {
			const visited = new Set([1, 2, 3].map((r) => rotationAssignments(groups, boards, r).get(g)));
			expect(visited).toEqual(new Set(boards));
		}
		// No two groups at the same table in a round when there are as many tables as groups.
		for (const r of [1, 2, 3]) expect(new Set(rotationAssignments(groups, boards, r).values()).size).toBe(3);
	});

	it('[ROT5] shares tables when groups outnumber them', () => {
		const a = rotationAssignments([1, 2, 3, 4], [10, 20], 1);
		expect([...a.values()]).toEqual([10, 20, 10, 20]);
	});
});

describe('organisationKind: the organisations of the sector', () => {
	it('[ORG1] recognises the partners of a territory instead of filing them under "Autres"', () => {
		const cases: [string, string][] = [
			['EHPAD Les Tilleuls', 'autonomie'],
			['ADMR de Meximieux', 'autonomie'],
			['MSA Ain-Rhône', 'organisme'],
			['CPAM de l’Ain', 'organisme'],
			['Maison France Services de Thoissey', 'acces_droits'],
			['Familles Rurales', 'association'],
			['Mission locale Bresse Dombes', 'insertion'],
			['France Travail Trévoux', 'insertion'],
			['Gendarmerie de Villars', 'securite'],
			['Dynacité', 'logement'],
			['Secours populaire', 'association'],
			['Mairie de Trévoux', 'commune'],
			['Centre hospitalier de Trévoux', 'sante'],
			['Département - MDS de Bourg', 'departement']
		];
		for (const [name, kind] of cases) expect(organisationKind(name), name).toBe(kind);
		expect(organisationKindLabel('EHPAD Les Tilleuls')).toBe('Autonomie (EHPAD, aide à domicile…)');
		expect(organisationKindLabel('Le Bon Coin')).toBe('Autres');
	});
});
