import { describe, expect, it } from 'vitest';
import { canMoveStatus, draftFromCluster, ficheCode, nextFicheNumber, PROBLEM_COLUMNS, renumber, suggestAxis } from './fiche.ts';

const AXES = [
	{ code: 'COOR', label: 'Coordination des partenaires' },
	{ code: 'INS', label: 'Insertion' },
	{ code: 'AUT', label: 'Autonomie' },
	{ code: 'ENF', label: 'Enfance, famille' }
];

describe('numbering', () => {
	it('gives the next number across the plan, codes read n/AXE', () => {
		expect(nextFicheNumber([])).toBe(1);
		expect(nextFicheNumber([3, null, 19])).toBe(20);
		expect(ficheCode(12, 'INS')).toBe('12/INS');
		expect(ficheCode(12, null)).toBeNull();
	});

	it('renumbers by axis order then creation, fiches without axis last', () => {
		const numbers = renumber(
			[
				{ id: 1, axis: 'INS', createdAt: 10 },
				{ id: 2, axis: null, createdAt: 1 },
				{ id: 3, axis: 'COOR', createdAt: 30 },
				{ id: 4, axis: 'INS', createdAt: 5 },
				{ id: 5, axis: 'COOR', createdAt: 20 }
			],
			['COOR', 'INS', 'AUT']
		);
		expect([...numbers.entries()].sort((a, b) => a[1] - b[1]).map(([id]) => id)).toEqual([5, 3, 4, 1, 2]);
	});
});

describe('status workflow', () => {
	it('follows brouillon → en relecture → validée → en cours → réalisée, abandon from anywhere active', () => {
		expect(canMoveStatus('brouillon', 'relecture')).toBe(true);
		expect(canMoveStatus('brouillon', 'validee')).toBe(false);
		expect(canMoveStatus('en_cours', 'realisee')).toBe(true);
		expect(canMoveStatus('en_cours', 'abandonnee')).toBe(true);
		expect(canMoveStatus('realisee', 'abandonnee')).toBe(false);
	});
});

describe('draft from a cluster', () => {
	const base = {
		clusterLabel: '  Mobilité des publics  ',
		problemColumns: PROBLEM_COLUMNS,
		territory: 'DT Val de Saône Dombes',
		boardTheme: 'Insertion professionnelle',
		boardName: 'Insertion professionnelle',
		workshopTitle: 'Diagnostic',
		axes: AXES,
		anonymous: false,
		votes: 7,
		rank: 1
	};
	const notes = [
		{ id: 'n1', text: 'Peu de transports\nen commun', column: 'problematiques', organisation: 'Mission locale' },
		{ id: 'n2', text: 'Garage solidaire actif', column: 'atouts', organisation: 'CAF' },
		{ id: 'n3', text: 'Permis coûteux', column: 'problematiques', organisation: 'mission locale' },
		{ id: 'n4', text: 'Zones blanches', column: 'problematiques', organisation: 'France Travail' }
	];

	it('fills title, diagnostic (problems, one per line), territory, partners, phases and votes', () => {
		const d = draftFromCluster({ ...base, notes });
		expect(d.fields.title).toBe('Mobilité des publics');
		expect(d.fields.diagnostic).toBe('Peu de transports en commun\nPermis coûteux\nZones blanches');
		expect(d.diagnosticLines.map((l) => l.noteId)).toEqual(['n1', 'n3', 'n4']);
		expect(d.fields.lieu).toBe('DT Val de Saône Dombes');
		expect(d.fields.direction).toBe('DT Val de Saône Dombes');
		expect(d.fields.partenaires).toBe('Mission locale, CAF, France Travail');
		expect(d.suggestedAxis).toBe('INS');
		expect(d.planning.map((p) => p.phase)).toEqual(['diagnostic', 'elaboration', 'mise_en_oeuvre', 'ajustement', 'evaluation']);
		expect([d.votes, d.rank]).toEqual([7, 1]);
	});

	it('never names organisations of an anonymous table', () => {
		expect(draftFromCluster({ ...base, notes, anonymous: true }).fields.partenaires).toBe('');
	});

	it('keeps a cluster of strengths traceable (its notes become the diagnostic)', () => {
		const d = draftFromCluster({ ...base, notes: [notes[1]] });
		expect(d.fields.diagnostic).toBe('Garage solidaire actif');
	});
});

describe('axis suggestion', () => {
	it('matches a theme to an axis by words, null when nothing matches', () => {
		expect(suggestAxis('Autonomie des personnes âgées', AXES)).toBe('AUT');
		expect(suggestAxis('Enfance et parentalité', AXES)).toBe('ENF');
		expect(suggestAxis('Coordination', AXES)).toBe('COOR');
		expect(suggestAxis('Logement', AXES)).toBeNull();
	});
});
