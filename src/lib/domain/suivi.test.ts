import { describe, expect, it } from 'vitest';
import {
	buildTableau,
	currentIndicatorValues,
	dayOf,
	effectiveDay,
	ficheStatusAt,
	formatIndicator,
	indexEvents,
	indicatorNames,
	isDue,
	lastDayOfMonth,
	parseFrenchNumber,
	parseRealisation,
	porteurActivity,
	progressOf,
	stepStatusAt,
	suggestFicheStatus,
	type StepEvent,
	type SuiviFicheInput
} from './suivi.ts';

const PLAN = { start: 2022, end: 2028 };
const at = (iso: string) => Date.parse(`${iso}T10:00:00Z`);

function ev(ficheId: number, rowId: string, state: StepEvent['state'], recorded: string, extra: Partial<StepEvent> = {}): StepEvent {
	return { ficheId, rowId, state, reason: null, donePhrase: null, doneStart: null, doneEnd: null, reportPhrase: null, at: at(recorded), byName: 'Nadia', ...extra };
}

function fiche(id: number, axis: string, porteur: string, lieu: string, steps: [string, string][], extra: Partial<SuiviFicheInput> = {}): SuiviFicheInput {
	return {
		id,
		code: `${id}/${axis}`,
		axis,
		status: 'validee',
		fields: { title: `Action ${id}`, porteur, lieu },
		planning: steps.map(([id, calendrier], i) => ({ id, position: i, cells: { quoi: `Étape ${id}`, calendrier } })),
		...extra
	};
}

describe('days', () => {
	it('reads the French day of an instant (Paris is ahead of UTC at new year)', () => {
		expect(dayOf(Date.parse('2024-12-31T23:30:00Z'))).toBe('2025-01-01');
		expect(dayOf(Date.parse('2024-06-30T21:59:00Z'))).toBe('2024-06-30');
		expect(dayOf(Date.parse('2024-06-30T22:00:00Z'))).toBe('2024-07-01');
	});
	it('knows the last day of a month, leap years included', () => {
		expect(lastDayOfMonth('2024-02')).toBe('2024-02-29');
		expect(lastDayOfMonth('2023-02')).toBe('2023-02-28');
		expect(lastDayOfMonth('2023-12')).toBe('2023-12-31');
	});
});

describe('parseRealisation', () => {
	const today = '2025-06-15';
	it('accepts an empty date (the day of the record stands for it)', () => {
		expect(parseRealisation('  ', today)).toEqual({ ok: true, phrase: '', period: null, label: null });
	});
	it('reads a date picker value as its month', () => {
		const r = parseRealisation('2024-03-15', today);
		expect(r).toMatchObject({ ok: true, period: { start: '2024-03', end: '2024-03' }, label: 'mars 2024' });
	});
	it('reads French periods like the calendar column', () => {
		expect(parseRealisation('2ème semestre 2023', today)).toMatchObject({ ok: true, period: { start: '2023-07', end: '2023-12' } });
		expect(parseRealisation('fin 2024', today)).toMatchObject({ ok: true, period: { start: '2024-10', end: '2024-12' } });
		expect(parseRealisation('Rentrée 2023', today)).toMatchObject({ ok: true, period: { start: '2023-09', end: '2023-09' } });
		expect(parseRealisation('15/03/2024', today)).toMatchObject({ ok: true, period: { start: '2024-03', end: '2024-03' } });
	});
	it('reads a phrase without a year in the current year', () => {
		expect(parseRealisation('mars', today)).toMatchObject({ ok: true, period: { start: '2025-03', end: '2025-03' } });
	});
	it('refuses a date after today, with a French message', () => {
		expect(parseRealisation('2025-06-16', today)).toEqual({ ok: false, message: 'La date de réalisation ne peut pas être après aujourd’hui.' });
		const r = parseRealisation('2026', today);
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.message).toContain('ne peut pas être après aujourd’hui');
	});
	it('refuses what it cannot read, and impossible days, never guessing', () => {
		const r = parseRealisation('bientôt', today);
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.message).toMatch(/^Date de réalisation non comprise : « bientôt »/);
		expect(parseRealisation('2024-02-30', today)).toEqual({ ok: false, message: 'La date « 2024-02-30 » n’existe pas.' });
	});
	it('accepts a period that started before today and is not over yet', () => {
		expect(parseRealisation('2025', today)).toMatchObject({ ok: true, period: { start: '2025-01', end: '2025-12' } });
	});
});

describe('effective day of an event', () => {
	it('is the day recorded for every state but a dated realisation', () => {
		expect(effectiveDay({ state: 'en_cours', at: at('2024-05-02'), doneEnd: null })).toBe('2024-05-02');
		expect(effectiveDay({ state: 'realisee', at: at('2024-05-02'), doneEnd: null })).toBe('2024-05-02');
	});
	it('is the end of the realisation period when that comes before the record (back-filled records)', () => {
		expect(effectiveDay({ state: 'realisee', at: at('2025-02-10'), doneEnd: '2024-03' })).toBe('2024-03-31');
	});
	it('is the record day when the period is not over yet', () => {
		expect(effectiveDay({ state: 'realisee', at: at('2024-09-10'), doneEnd: '2024-12' })).toBe('2024-09-10');
	});
});

describe('step state as of a day', () => {
	const events = indexEvents([
		ev(1, 'a', 'en_cours', '2023-02-01'),
		ev(1, 'a', 'realisee', '2024-01-20', { donePhrase: 'déc. 2023', doneStart: '2023-12', doneEnd: '2023-12' }),
		ev(1, 'b', 'abandonnee', '2024-03-01', { reason: 'Repris par la politique de la Ville' })
	]);
	it('is prévue before any record', () => {
		expect(stepStatusAt(events.get('1:a'), '2023-01-31').state).toBe('prevue');
		expect(stepStatusAt(undefined, '2023-01-31')).toEqual({ state: 'prevue', event: null });
	});
	it('follows the records in time', () => {
		expect(stepStatusAt(events.get('1:a'), '2023-02-01').state).toBe('en_cours');
		expect(stepStatusAt(events.get('1:a'), '2023-12-30').state).toBe('en_cours');
		// Recorded in January 2024, done in December 2023: done as of 31 December 2023.
		expect(stepStatusAt(events.get('1:a'), '2023-12-31').state).toBe('realisee');
		expect(stepStatusAt(events.get('1:b'), '2024-02-29').state).toBe('prevue');
		expect(stepStatusAt(events.get('1:b'), '2024-03-01').event?.reason).toBe('Repris par la politique de la Ville');
	});
	it('without a day, is the last record whatever its effective day', () => {
		const list = indexEvents([
			ev(2, 'x', 'realisee', '2024-06-01', { doneEnd: '2024-05', doneStart: '2024-05' }),
			ev(2, 'x', 'en_cours', '2024-06-02') // a correction: not done after all
		]).get('2:x');
		expect(stepStatusAt(list).state).toBe('en_cours');
	});
});

describe('fiche status as of a day', () => {
	it('replays the status history, the current status without history', () => {
		const f = {
			status: 'realisee' as const,
			statusHistory: [
				{ from: 'validee' as const, to: 'en_cours' as const, at: at('2023-01-10') },
				{ from: 'en_cours' as const, to: 'realisee' as const, at: at('2025-01-10') }
			]
		};
		expect(ficheStatusAt(f, '2022-12-01')).toBe('validee');
		expect(ficheStatusAt(f, '2024-12-31')).toBe('en_cours');
		expect(ficheStatusAt(f, '2025-01-10')).toBe('realisee');
		expect(ficheStatusAt({ status: 'validee' }, '2020-01-01')).toBe('validee');
	});
});

describe('progress of an action', () => {
	const s = (state: StepEvent['state'], late = false) => ({ state, late });
	it('takes the confirmed status first', () => {
		expect(progressOf('realisee', [s('prevue', true)])).toBe('realisee');
		expect(progressOf('abandonnee', [s('realisee')])).toBe('abandonnee');
	});
	it('reads the steps otherwise', () => {
		expect(progressOf('validee', [s('abandonnee'), s('abandonnee')])).toBe('abandonnee');
		expect(progressOf('en_cours', [s('realisee'), s('abandonnee')])).toBe('realisee');
		expect(progressOf('en_cours', [s('realisee'), s('prevue', true)])).toBe('en_retard');
		expect(progressOf('validee', [s('realisee'), s('prevue')])).toBe('en_cours');
		expect(progressOf('validee', [s('prevue'), s('prevue')])).toBe('a_venir');
		expect(progressOf('en_cours', [s('prevue')])).toBe('en_cours');
	});
	it('without steps, follows the status', () => {
		expect(progressOf('en_cours', [])).toBe('en_cours');
		expect(progressOf('validee', [])).toBe('a_venir');
	});
});

describe('suggestFicheStatus', () => {
	it('suggests from the steps, only what is new', () => {
		expect(suggestFicheStatus('en_cours', ['realisee', 'abandonnee'])).toBe('realisee');
		expect(suggestFicheStatus('validee', ['realisee', 'prevue'])).toBe('en_cours');
		expect(suggestFicheStatus('en_cours', ['abandonnee', 'abandonnee'])).toBe('abandonnee');
		expect(suggestFicheStatus('en_cours', ['en_cours', 'prevue'])).toBeNull();
		expect(suggestFicheStatus('validee', ['prevue'])).toBeNull();
		expect(suggestFicheStatus('validee', [])).toBeNull();
	});
	it('does not start a draft that is not validated', () => {
		expect(suggestFicheStatus('brouillon', ['en_cours'])).toBeNull();
	});
});

describe('buildTableau', () => {
	// Four actions of a 2022-2028 plan, looked at in June 2025.
	const fiches: SuiviFicheInput[] = [
		fiche(1, 'COOR', 'DT Bresse', 'Bourg-en-Bresse', [
			['a', '2e semestre 2023'],
			['b', '2024']
		]),
		fiche(2, 'INS', 'CDS de Trévoux', 'CDS de Trévoux', [
			['a', '1er trimestre 2024'],
			['b', 'fin 2026']
		]),
		fiche(3, 'INS', 'cds de  trévoux', 'Tout le territoire', [['a', 'en continu']]),
		fiche(4, 'AUT', '', '', [['a', '2023']], { status: 'validee' })
	];
	const events: StepEvent[] = [
		ev(1, 'a', 'realisee', '2023-11-02', { donePhrase: 'oct. 2023', doneStart: '2023-10', doneEnd: '2023-10' }),
		ev(1, 'b', 'realisee', '2025-02-01', { donePhrase: 'déc. 2024', doneStart: '2024-12', doneEnd: '2024-12' }),
		ev(2, 'a', 'en_cours', '2024-02-01'),
		ev(4, 'a', 'abandonnee', '2023-05-01', { reason: 'Besoins qui ont changé' })
	];
	const axes = [
		{ code: 'COOR', label: 'Coordination' },
		{ code: 'INS', label: 'Insertion' },
		{ code: 'AUT', label: 'Autonomie' }
	];
	const today = '2025-06-15';
	const t = buildTableau(fiches, events, { asOf: today, today, planYears: PLAN, axes });

	it('counts actions by progress with percentages', () => {
		expect(t.counts).toEqual({ realisee: 1, en_cours: 0, en_retard: 1, abandonnee: 1, a_venir: 1, total: 4 });
		expect(t.pct.realisee).toBe(25);
	});
	it('lists the late steps, most late first, with the period they were due in', () => {
		expect(t.late).toEqual([
			expect.objectContaining({ ficheId: 2, rowId: 'a', stepLabel: 'Étape a', due: { start: '2024-01', end: '2024-03' }, state: 'en_cours', monthsLate: 15 })
		]);
		expect(t.steps).toMatchObject({ total: 6, late: 1, undated: 1 });
		expect(t.steps.byState).toEqual({ prevue: 2, en_cours: 1, realisee: 2, reportee: 0, abandonnee: 1 });
	});
	it('breaks down by axis in the project’s order, with the % réalisées', () => {
		expect(t.byAxis.map((r) => [r.label, r.total, r.realisee, r.pctRealisees])).toEqual([
			['COOR · Coordination', 1, 1, 100],
			['INS · Insertion', 2, 0, 0],
			['AUT · Autonomie', 1, 0, 0]
		]);
	});
	it('groups porteurs and lieux written differently (case, spaces), empty ones apart', () => {
		const trevoux = t.byPorteur.find((r) => r.label === 'CDS de Trévoux')!;
		expect(trevoux.total).toBe(2);
		expect(t.byPorteur.map((r) => r.label)).toContain('Porteur non renseigné');
		expect(t.byLieu.map((r) => r.label)).toContain('Lieu non renseigné');
	});
	it('gives each year of the plan its figures at the end of that year', () => {
		expect(t.byYear.map((y) => [y.label, y.asOf, y.realisee, y.abandonnee, y.en_retard])).toEqual([
			['2022', '2022-12-31', 0, 0, 0],
			['2023', '2023-12-31', 0, 1, 0], // fiche 4 abandoned; fiche 1's "2e semestre 2023" done, "2024" not yet due: en cours
			['2024', '2024-12-31', 1, 1, 1], // fiche 1 done in Dec. 2024 (recorded in 2025); fiche 2 late
			['2025', '2025-06-15', 1, 1, 1]
		]);
	});
	it('reproduces a past day’s figures from back-filled records', () => {
		const past = buildTableau(fiches, events, { asOf: '2024-12-31', today, planYears: PLAN, axes });
		expect(past.counts.realisee).toBe(1);
		const before = buildTableau(fiches, events, { asOf: '2024-11-30', today, planYears: PLAN, axes });
		expect(before.counts.realisee).toBe(0);
		expect(before.actions.find((a) => a.ficheId === 1)!.progress).toBe('en_cours');
	});
	it('does not count actions created after the day asked', () => {
		const later = [...fiches, fiche(5, 'AUT', 'X', 'Y', [], { createdAt: at('2025-01-05') })];
		expect(buildTableau(later, events, { asOf: '2024-12-31', today, planYears: PLAN, axes }).counts.total).toBe(4);
		expect(buildTableau(later, events, { asOf: today, today, planYears: PLAN, axes }).counts.total).toBe(5);
	});
	it('judges a postponed step against its new period', () => {
		const f = [fiche(9, 'INS', 'P', 'L', [['a', '2023']])];
		const postponed = [ev(9, 'a', 'reportee', '2023-11-01', { reason: 'Manque de moyens', reportPhrase: '2e semestre 2025' })];
		const r = buildTableau(f, postponed, { asOf: today, today, planYears: PLAN });
		expect(r.late).toEqual([]);
		expect(r.actions[0].steps[0].planned).toEqual({ start: '2025-07', end: '2025-12' });
		expect(buildTableau(f, postponed, { asOf: '2026-01-15', today: '2026-01-15', planYears: PLAN }).late).toHaveLength(1);
	});
	it('reads the plan’s open-ended phrases with its years', () => {
		const f = [fiche(10, 'INS', 'P', 'L', [['a', 'd’ici fin 2024']])];
		expect(buildTableau(f, [], { asOf: today, today, planYears: PLAN }).late[0].due).toEqual({ start: '2022-01', end: '2024-12' });
	});
});

describe('porteurs’ activity', () => {
	it('puts those who never updated first, then the oldest update, with what waits for them', () => {
		const fiches = [fiche(1, 'A', 'Alpha', '', [['a', '2024']]), fiche(2, 'A', 'Beta', '', [['a', '2025'], ['b', '2027']]), fiche(3, 'A', 'Gamma', '', [['a', '2023']])];
		const events = [ev(1, 'a', 'en_cours', '2024-03-01'), ev(3, 'a', 'realisee', '2025-01-01')];
		const t = buildTableau(fiches, events, { asOf: '2025-06-15', today: '2025-06-15', planYears: PLAN });
		const a = porteurActivity(t.actions, '2025-06-15');
		expect(a.map((p) => [p.porteur, p.lastUpdate === null ? null : dayOf(p.lastUpdate), p.pending, p.late])).toEqual([
			['Beta', null, 1, 0],
			['Alpha', '2024-03-01', 1, 1],
			['Gamma', '2025-01-01', 0, 0]
		]);
	});
	it('a step is due once its period started and until done or abandoned', () => {
		const planned = { start: '2025-01', end: '2025-12' };
		expect(isDue({ planned, state: 'prevue', late: false }, '2025-06')).toBe(true);
		expect(isDue({ planned, state: 'prevue', late: false }, '2024-12')).toBe(false);
		expect(isDue({ planned, state: 'realisee', late: false }, '2025-06')).toBe(false);
		expect(isDue({ planned: null, state: 'prevue', late: false }, '2025-06')).toBe(false);
	});
});

describe('indicators', () => {
	it('names the indicators of a fiche, one per line, bullets removed, no duplicates', () => {
		expect(indicatorNames('- Nombre de participantes\n• Taux de satisfaction :\n\n1. nombre de participantes\nNombre d’ateliers; Partenaires mobilisés')).toEqual([
			'Nombre de participantes',
			'Taux de satisfaction',
			'Nombre d’ateliers',
			'Partenaires mobilisés'
		]);
	});
	it('splits a line of several counts, not a sentence with commas', () => {
		expect(indicatorNames('Nombre de partenaires participants, nombre de communications par an')).toEqual(['Nombre de partenaires participants', 'nombre de communications par an']);
		expect(indicatorNames('Création d’un réseau, de structures et d’outils')).toEqual(['Création d’un réseau, de structures et d’outils']);
	});
	it('keeps the latest value per indicator and year, drops removed ones, formats them in French', () => {
		const v = (indicator: string, year: number, value: number | null, day: string) => ({ ficheId: 1, indicator, year, value, at: at(day), byName: 'N' });
		const current = currentIndicatorValues([
			v('Nombre de participantes', 2025, 17, '2025-03-01'),
			v('Nombre de participantes', 2024, 12, '2024-12-01'),
			v('nombre de participantes', 2025, 18, '2025-04-01'),
			v('Taux', 2024, 0.5, '2024-12-01'),
			v('Taux', 2024, null, '2025-01-01')
		]);
		expect(current).toEqual([{ indicator: 'Nombre de participantes', values: [{ year: 2024, value: 12 }, { year: 2025, value: 18 }] }]);
		expect(formatIndicator(current[0])).toBe('Nombre de participantes : 12 en 2024, 18 en 2025');
		expect(formatIndicator({ indicator: 'Taux', values: [{ year: 2024, value: 1200.5 }] })).toBe('Taux : 1\u202f200,5 en 2024');
	});
	it('reads numbers typed the French way', () => {
		expect(parseFrenchNumber('12')).toBe(12);
		expect(parseFrenchNumber('12,5')).toBe(12.5);
		expect(parseFrenchNumber('1 200')).toBe(1200);
		expect(parseFrenchNumber('douze')).toBeNull();
		expect(parseFrenchNumber('')).toBeNull();
	});
});
