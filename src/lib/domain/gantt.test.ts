import { describe, expect, it } from 'vitest';
import { buildGantt, ficheLabel, isoMonthOf, monthIndex, monthOfDate, type GanttFicheInput } from './gantt.ts';

let nextId = 1;
function fiche(code: string | null, axis: string | null, title: string, steps: [quoi: string, calendrier: string, phase?: string][]): GanttFicheInput {
	return {
		id: nextId++,
		code,
		axis,
		fields: { title },
		planning: steps.map(([quoi, calendrier, phase], position) => ({
			phase: (phase ?? '') as GanttFicheInput['planning'][number]['phase'],
			position,
			cells: { quoi, calendrier }
		}))
	};
}

describe('buildGantt', () => {
	it('places one bar per step at the period of its phrase, grouped by axis then fiche', () => {
		const gantt = buildGantt(
			[
				fiche('1/COOR', 'COOR', 'Mieux se connaître', [
					['Groupe de travail', '2ème semestre 2024', 'diagnostic'],
					['Outil de communication', '2025', 'mise_en_oeuvre']
				]),
				fiche('20/INS', 'INS', 'Mobilité', [['Recensement', '1er trimestre 2023']])
			],
			{ axes: [{ code: 'COOR', label: 'Coordination' }, { code: 'INS', label: 'Insertion' }] }
		);
		expect(gantt.groups.map((g) => g.label)).toEqual(['COOR · Coordination', 'INS · Insertion']);
		const [coor] = gantt.groups[0].rows;
		expect(coor).toMatchObject({ axis: 'COOR', ficheCode: '1/COOR', title: 'Mieux se connaître', label: '1/COOR · Mieux se connaître' });
		expect(coor.steps).toEqual([
			{ label: 'Groupe de travail', phase: 'diagnostic', phrase: '2ème semestre 2024', start: '2024-07', end: '2024-12', period: 'juil.-déc. 2024' },
			{ label: 'Outil de communication', phase: 'mise_en_oeuvre', phrase: '2025', start: '2025-01', end: '2025-12', period: '2025' }
		]);
		expect(gantt.groups[1].rows[0].steps[0]).toMatchObject({ start: '2023-01', end: '2023-03' });
		expect(gantt.stepCount).toBe(3);
	});

	it('spans whole years from the first step to the last', () => {
		const gantt = buildGantt([fiche('1/COOR', 'COOR', 'A', [['x', 'mars 2024'], ['y', 'rentrée 2026']])]);
		expect(gantt.domain).toEqual({ start: '2024-01', end: '2026-12' });
	});

	it('lists apart the steps whose phrase is not understood or empty, never placing them', () => {
		const gantt = buildGantt([
			fiche('3/COOR', 'COOR', 'Annuaire', [
				['Diffusion', 'à partir de 2024'],
				['Bilan', ''],
				['Lancement', '2024']
			]),
			fiche('4/COOR', 'COOR', 'Sans date', [['Réunion', 'quand possible']])
		]);
		expect(gantt.unplaced).toEqual([
			{ ficheId: expect.any(Number), ficheLabel: '3/COOR · Annuaire', stepLabel: 'Diffusion', phrase: 'à partir de 2024', reason: 'inconnu' },
			{ ficheId: expect.any(Number), ficheLabel: '3/COOR · Annuaire', stepLabel: 'Bilan', phrase: '', reason: 'vide' },
			{ ficheId: expect.any(Number), ficheLabel: '4/COOR · Sans date', stepLabel: 'Réunion', phrase: 'quand possible', reason: 'inconnu' }
		]);
		// The fiche with no placed step is not a row of the timeline.
		expect(gantt.groups.flatMap((g) => g.rows.map((r) => r.ficheCode))).toEqual(['3/COOR']);
		expect(gantt.groups[0].rows[0].steps.map((s) => s.label)).toEqual(['Lancement']);
		expect(gantt.stepCount).toBe(1);
	});

	it('has no domain when nothing can be placed, and names fiches without planning', () => {
		const empty = fiche('5/INS', 'INS', 'Pas encore planifiée', []);
		const gantt = buildGantt([empty, fiche('6/INS', 'INS', 'Floue', [['Étape', 'bientôt']])]);
		expect(gantt.domain).toBeNull();
		expect(gantt.groups).toEqual([]);
		expect(gantt.withoutPlanning).toEqual([{ ficheId: empty.id, label: '5/INS · Pas encore planifiée' }]);
	});

	it('orders axes as the project does, fiches without an axis last', () => {
		const gantt = buildGantt(
			[fiche(null, null, 'Brouillon', [['a', '2024']]), fiche('20/INS', 'INS', 'B', [['b', '2024']]), fiche('1/COOR', 'COOR', 'C', [['c', '2024']]), fiche('30/XYZ', 'XYZ', 'D', [['d', '2024']])],
			{ axes: [{ code: 'COOR', label: 'Coordination' }, { code: 'INS', label: 'Insertion' }] }
		);
		expect(gantt.groups.map((g) => g.label)).toEqual(['COOR · Coordination', 'INS · Insertion', 'XYZ', 'Sans axe']);
		expect(gantt.groups[3].rows[0].label).toBe('Brouillon');
	});

	it('names a step without "Quoi" by its phase, or by its number', () => {
		const gantt = buildGantt([fiche('1/COOR', 'COOR', 'A', [['', '2024', 'evaluation'], ['  ', '2025']])]);
		expect(gantt.groups[0].rows[0].steps.map((s) => s.label)).toEqual(['Évaluation', 'Étape 2']);
	});

	it('keeps the steps in the order of the planning table', () => {
		const f = fiche('1/COOR', 'COOR', 'A', [['premier', '2025'], ['second', '2023']]);
		const reversed = { ...f, planning: [...f.planning].reverse() };
		expect(buildGantt([reversed]).groups[0].rows[0].steps.map((s) => s.label)).toEqual(['premier', 'second']);
	});
});

describe('months', () => {
	it('counts months across years', () => {
		expect(monthIndex('2024-12') + 1).toBe(monthIndex('2025-01'));
		expect(isoMonthOf(monthIndex('2023-07'))).toBe('2023-07');
		expect(() => monthIndex('2024-13')).toThrow(RangeError);
	});

	it('reads today in the French calendar', () => {
		expect(monthOfDate(new Date('2025-12-31T23:30:00Z'))).toBe('2026-01');
		expect(monthOfDate(new Date('2025-06-15T12:00:00Z'))).toBe('2025-06');
	});

	it('labels a fiche by its code and title', () => {
		expect(ficheLabel('12/INS', 'Mobilité')).toBe('12/INS · Mobilité');
		expect(ficheLabel(null, ' ')).toBe('Fiche sans intitulé');
	});
});
