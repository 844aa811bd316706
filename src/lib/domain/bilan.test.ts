import { describe, expect, it } from 'vitest';
import { parseReasons, suggestOutcome, summariseBilan, type BilanActionInput } from './bilan.ts';

const a = (ficheId: number, axis: string | null, outcome: BilanActionInput['outcome'], reason: string | null = null, success = false): BilanActionInput => ({
	ficheId,
	code: axis ? `${ficheId}/${axis}` : null,
	title: `Action ${ficheId}`,
	axis,
	porteur: 'P',
	outcome,
	reason,
	success,
	successText: success ? `Réussite ${ficheId}` : null
});

describe('summariseBilan', () => {
	const axes = [
		{ code: 'COOR', label: 'Coordination' },
		{ code: 'INS', label: 'Insertion' }
	];
	const actions = [
		a(1, 'COOR', 'realisee', null, true),
		a(2, 'COOR', 'partielle', 'Besoins qui ont évolué'),
		a(3, 'INS', 'non_realisee', 'Reprise par la politique de la Ville'),
		a(4, 'INS', 'non_realisee', 'reprise par la politique de la  Ville'),
		a(5, 'INS', 'realisee'),
		a(6, null, 'non_realisee')
	];
	const s = summariseBilan(actions, axes, '2014-2019');

	it('counts outcomes and the published percentages', () => {
		expect(s.counts).toEqual({ realisee: 2, partielle: 1, non_realisee: 3 });
		expect(s.pctMisesEnOeuvre).toBe(50);
		expect(s.pctRealisees).toBe(33);
		expect(s.headline).toBe('50 % des 6 actions inscrites au projet 2014-2019 ont été réalisées, entièrement ou en partie, au travers des 2 axes : 2 réalisées, 1 partiellement, 3 non réalisées.');
	});
	it('gives the figures per axis in the project’s order, actions without an axis last', () => {
		expect(s.byAxis.map((r) => [r.label, r.total, r.realisee, r.partielle, r.non_realisee, r.pctMisesEnOeuvre])).toEqual([
			['COOR · Coordination', 2, 1, 1, 0, 100],
			['INS · Insertion', 3, 1, 0, 2, 33],
			['Sans axe', 1, 0, 0, 1, 0]
		]);
	});
	it('groups reasons written alike, most frequent first, and lists actions without one', () => {
		expect(s.reasons).toEqual([
			{ reason: 'Reprise par la politique de la Ville', count: 2, actions: ['3/INS · Action 3', '4/INS · Action 4'] },
			{ reason: 'Besoins qui ont évolué', count: 1, actions: ['2/COOR · Action 2'] }
		]);
		expect(s.withoutReason).toEqual(['Action 6']);
	});
	it('keeps the examples of successes', () => {
		expect(s.successes).toEqual([{ label: '1/COOR · Action 1', text: 'Réussite 1' }]);
	});
	it('says so when there is nothing', () => {
		expect(summariseBilan([], axes, '2022-2028').headline).toBe('Aucune action inscrite au projet 2022-2028.');
	});
});

describe('bilan helpers', () => {
	it('suggests an outcome from the suivi', () => {
		expect(suggestOutcome('realisee', 3)).toBe('realisee');
		expect(suggestOutcome('en_retard', 1)).toBe('partielle');
		expect(suggestOutcome('abandonnee', 0)).toBe('non_realisee');
	});
	it('reads a list of reasons, one per line', () => {
		expect(parseReasons(' A \n\na\nB  c\n')).toEqual(['A', 'B c']);
	});
});
