// The suivi (follow-up) of a plan over its six years: the state of every planning step, when it
// was realised, and what the plan's progress was on any given day. Pure: the server passes the
// recorded events, the fiches and "today"; nothing here reads a clock or a database.
//
// Conventions (each one place below; the README's suivi section repeats them):
// - A step's state is the last event recorded for it; with no event it is "prévue".
// - "As of" a day D, a step has the state of its last event *effective* on or before D. An event
//   is effective the day it was recorded, except "réalisée" with a realisation date: then it is
//   effective at the end of the realisation period if that comes first (a porteur who records in
//   2025 that a step was done in March 2024 makes it count as done from 31 March 2024, so the
//   "71 %" of a past year can be reproduced once the records are complete).
// - A step is late on D when its planned period (its "Calendrier prévisionnel", or the new period
//   of a "reportée" step) ended before D's month and it is neither réalisée nor abandonnée on D.
//   A step whose phrase is not understood is never late (we do not guess a period).
// - An action's progress on D: the facilitator's confirmed status wins when it is "réalisée" or
//   "abandonnée" on D; otherwise its steps decide: all abandoned → abandonnée, all others done →
//   réalisée, any late → en retard, any started → en cours, else à venir. An action without steps
//   is "en cours" when its status on D is en cours, else à venir.
// - Days are French calendar days (Europe/Paris): at 23:30 UTC on 31 December it is January.

import { parseCalendarPhrase, type CalendarOptions, type CalendarPeriod } from './calendar-phrase.ts';
import type { FicheStatus } from './fiche.ts';

export const STEP_STATES = {
	prevue: 'Prévue',
	en_cours: 'En cours',
	realisee: 'Réalisée',
	reportee: 'Reportée',
	abandonnee: 'Abandonnée'
} as const;
export type StepState = keyof typeof STEP_STATES;
export const STEP_STATE_VALUES = Object.keys(STEP_STATES) as StepState[];

export const PROGRESS = {
	realisee: 'Réalisée',
	en_cours: 'En cours',
	en_retard: 'En retard',
	abandonnee: 'Abandonnée',
	a_venir: 'À venir'
} as const;
export type Progress = keyof typeof PROGRESS;
export const PROGRESS_VALUES = Object.keys(PROGRESS) as Progress[];

/** One recorded change of a step (SQL `suivi_step_events`). */
export interface StepEvent {
	ficheId: number;
	rowId: string;
	state: StepState;
	/** Why it was abandoned (required then) or postponed. */
	reason: string | null;
	/** The realisation date as written ("mars 2024", "15/03/2024"). */
	donePhrase: string | null;
	/** Its period, read by parseCalendarPhrase (null when none was given). */
	doneStart: string | null;
	doneEnd: string | null;
	/** The new period of a postponed step ("2e semestre 2026"). */
	reportPhrase: string | null;
	/** When it was recorded (ms since the epoch, the server's clock). */
	at: number;
	byName: string;
}

/** What the suivi needs of a fiche (a PlanFiche of the exports fits). */
export interface SuiviFicheInput {
	id: number;
	code: string | null;
	axis: string | null;
	axisLabel?: string | null;
	status: FicheStatus;
	fields: { title: string; porteur: string; lieu: string };
	planning: readonly { id: string; position?: number; phase?: string; cells: { quoi: string; calendrier: string } }[];
	/** Status changes (fiche_status_history), any order. */
	statusHistory?: readonly { from: FicheStatus | null; to: FicheStatus; at: number }[];
	/** When the fiche was created (ms): it is not counted before that day. */
	createdAt?: number;
}

// ---------------------------------------------------------------------------------------------
// Days and months

const ISO_DAY = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export function isIsoDay(text: string): boolean {
	const m = ISO_DAY.exec(text);
	if (!m) return false;
	const d = new Date(`${text}T00:00:00Z`);
	return !Number.isNaN(d.getTime()) && d.getUTCDate() === Number(m[3]);
}

const DAY_FORMAT = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });

const dayCache = new Map<number, string>();

/** The French calendar day of an instant, 'YYYY-MM-DD'. */
export function dayOf(ms: number): string {
	// Intl is slow (a tableau asks for thousands of days): Paris changes day on the hour, so the
	// answer is the same for every instant of one UTC hour; cached by hour, bounded.
	const hour = Math.floor(ms / 3_600_000);
	const cached = dayCache.get(hour);
	if (cached) return cached;
	const parts = DAY_FORMAT.formatToParts(new Date(ms));
	const get = (t: string) => parts.find((p) => p.type === t)!.value;
	const day = `${get('year')}-${get('month')}-${get('day')}`;
	if (dayCache.size > 50_000) dayCache.clear();
	dayCache.set(hour, day);
	return day;
}

const phraseCache = new Map<string, CalendarPeriod | null>();

/** parseCalendarPhrase's period, remembered: a plan's 900 phrases are read once per tableau, not once per year shown. */
export function periodOf(phrase: string, options: CalendarOptions = {}): CalendarPeriod | null {
	const key = `${options.planYears?.start ?? ''}-${options.planYears?.end ?? ''}-${options.referenceYear ?? ''}|${phrase}`;
	if (phraseCache.has(key)) return phraseCache.get(key)!;
	const p = parseCalendarPhrase(phrase, options);
	const period = p.understood ? p.period : null;
	if (phraseCache.size > 20_000) phraseCache.clear();
	phraseCache.set(key, period);
	return period;
}

/** The last day of an ISO month: '2024-02' → '2024-02-29'. */
export function lastDayOfMonth(isoMonth: string): string {
	const [y, m] = isoMonth.split('-').map(Number);
	const d = new Date(Date.UTC(y, m, 0));
	return `${isoMonth}-${String(d.getUTCDate()).padStart(2, '0')}`;
}

function monthsBetween(fromMonth: string, toMonth: string): number {
	const [a, b] = [fromMonth, toMonth].map((s) => Number(s.slice(0, 4)) * 12 + Number(s.slice(5, 7)));
	return b - a;
}

const LONG_DAY = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
/** '2025-03-31' → '31 mars 2025'. */
export function formatDay(isoDay: string): string {
	return LONG_DAY.format(new Date(`${isoDay}T12:00:00Z`));
}

// ---------------------------------------------------------------------------------------------
// Realisation dates: a date from a date picker or a French period, read like the calendar column

export type RealisationParse =
	| { ok: true; phrase: string; period: CalendarPeriod | null; label: string | null }
	| { ok: false; message: string };

/**
 * Reads a realisation date: empty (the day it is recorded stands for it), an ISO day from a date
 * input ("2024-03-15"), or any phrase the calendar column understands ("mars 2024", "fin 2023",
 * "2e semestre 2024"). A period that starts after today is refused: a step is not done in the future.
 */
export function parseRealisation(text: string, today: string, options: CalendarOptions = {}): RealisationParse {
	const phrase = text.replace(/\s+/g, ' ').trim();
	if (!phrase) return { ok: true, phrase: '', period: null, label: null };
	if (phrase.length > 200) return { ok: false, message: 'La date de réalisation fait plus de 200 caractères.' };
	let readable = phrase;
	if (ISO_DAY.test(phrase)) {
		if (!isIsoDay(phrase)) return { ok: false, message: `La date « ${phrase} » n’existe pas.` };
		if (phrase > today) return { ok: false, message: 'La date de réalisation ne peut pas être après aujourd’hui.' };
		const [y, m, d] = phrase.split('-');
		readable = `${d}/${m}/${y}`;
	}
	const parsed = parseCalendarPhrase(readable, { referenceYear: Number(today.slice(0, 4)), ...options });
	if (!parsed.understood) {
		return {
			ok: false,
			message: `Date de réalisation non comprise : « ${phrase} ». Écrivez une date (15/03/2024) ou une période (« mars 2024 », « fin 2023 », « 2e semestre 2024 »)${parsed.hint ? ` ; ${parsed.hint}` : ''}.`
		};
	}
	if (parsed.period.start > today.slice(0, 7)) {
		return { ok: false, message: `La date de réalisation (${parsed.label}) ne peut pas être après aujourd’hui.` };
	}
	return { ok: true, phrase, period: parsed.period, label: parsed.label };
}

/** The day from which an event counts (see the conventions at the top). */
export function effectiveDay(event: Pick<StepEvent, 'state' | 'at' | 'doneEnd'>): string {
	const recorded = dayOf(event.at);
	if (event.state === 'realisee' && event.doneEnd) {
		const end = lastDayOfMonth(event.doneEnd);
		return end < recorded ? end : recorded;
	}
	return recorded;
}

// ---------------------------------------------------------------------------------------------
// Step states as of a day

export interface StepStatus {
	state: StepState;
	event: StepEvent | null;
}

export const stepKey = (ficheId: number, rowId: string) => `${ficheId}:${rowId}`;

/** Events grouped by step, each list sorted by effective day then recording order. */
export function indexEvents(events: readonly StepEvent[]): Map<string, (StepEvent & { effective: string })[]> {
	const byStep = new Map<string, (StepEvent & { effective: string })[]>();
	events.forEach((e) => {
		const key = stepKey(e.ficheId, e.rowId);
		let list = byStep.get(key);
		if (!list) byStep.set(key, (list = []));
		list.push({ ...e, effective: effectiveDay(e) });
	});
	for (const list of byStep.values()) list.sort((a, b) => (a.effective < b.effective ? -1 : a.effective > b.effective ? 1 : a.at - b.at));
	return byStep;
}

/** The step's state on `day` (the last event effective by then), or its current state without `day`. */
export function stepStatusAt(list: readonly (StepEvent & { effective: string })[] | undefined, day?: string): StepStatus {
	if (!list?.length) return { state: 'prevue', event: null };
	if (!day) {
		// Now: the last one recorded, whatever its effective day.
		let last = list[0];
		for (const e of list) if (e.at >= last.at) last = e;
		return { state: last.state, event: last };
	}
	let found: (StepEvent & { effective: string }) | null = null;
	for (const e of list) if (e.effective <= day) found = e;
	return found ? { state: found.state, event: found } : { state: 'prevue', event: null };
}

/** The period a step is due in: the new period of a postponed step when understood, else its calendar. */
export function plannedPeriod(calendrier: string, status: StepStatus, options: CalendarOptions = {}): CalendarPeriod | null {
	if (status.state === 'reportee' && status.event?.reportPhrase) {
		const r = periodOf(status.event.reportPhrase, options);
		if (r) return r;
	}
	return periodOf(calendrier, options);
}

export function isLate(period: CalendarPeriod | null, state: StepState, day: string): boolean {
	if (!period || state === 'realisee' || state === 'abandonnee') return false;
	return period.end < day.slice(0, 7);
}

/** The fiche's confirmed status on a day, from its status history (the current one without history). */
export function ficheStatusAt(fiche: Pick<SuiviFicheInput, 'status' | 'statusHistory'>, day: string): FicheStatus {
	const history = [...(fiche.statusHistory ?? [])].sort((a, b) => a.at - b.at);
	if (!history.length) return fiche.status;
	let status: FicheStatus = history[0].from ?? 'brouillon';
	for (const h of history) if (dayOf(h.at) <= day) status = h.to;
	return status;
}

// ---------------------------------------------------------------------------------------------
// One action's progress

export interface StepView {
	rowId: string;
	label: string;
	calendrier: string;
	/** The period it is due in, short ("juil.-déc. 2023"), or null when not understood. */
	planned: CalendarPeriod | null;
	state: StepState;
	late: boolean;
	/** Whole months past the due period's end (0 when not late). */
	monthsLate: number;
	event: StepEvent | null;
}

export interface ActionView {
	ficheId: number;
	code: string | null;
	title: string;
	label: string;
	axis: string | null;
	porteur: string;
	lieu: string;
	status: FicheStatus;
	progress: Progress;
	steps: StepView[];
	/** Last recorded event of any of its steps (ms), or null. */
	lastUpdate: number | null;
}

const cleanCache = new Map<string, string>();

/** Spaces made one, trimmed; remembered, since a tableau reads each label once per year shown. */
function clean(text: string): string {
	const hit = cleanCache.get(text);
	if (hit !== undefined) return hit;
	const out = text.replace(/\s+/g, ' ').trim();
	if (cleanCache.size > 20_000) cleanCache.clear();
	cleanCache.set(text, out);
	return out;
}

export function stepLabelOf(quoi: string, index: number): string {
	return clean(quoi) || `Étape ${index + 1}`;
}

export function actionLabel(code: string | null, title: string): string {
	const t = clean(title) || 'Fiche sans intitulé';
	return code ? `${code} · ${t}` : t;
}

export function progressOf(status: FicheStatus, steps: readonly Pick<StepView, 'state' | 'late'>[]): Progress {
	if (status === 'realisee') return 'realisee';
	if (status === 'abandonnee') return 'abandonnee';
	if (!steps.length) return status === 'en_cours' ? 'en_cours' : 'a_venir';
	const live = steps.filter((s) => s.state !== 'abandonnee');
	if (!live.length) return 'abandonnee';
	if (live.every((s) => s.state === 'realisee')) return 'realisee';
	if (live.some((s) => s.late)) return 'en_retard';
	if (live.some((s) => s.state !== 'prevue') || steps.length !== live.length || status === 'en_cours') return 'en_cours';
	return 'a_venir';
}

export function actionAt(
	fiche: SuiviFicheInput,
	events: Map<string, (StepEvent & { effective: string })[]>,
	day: string,
	options: CalendarOptions = {},
	current = false
): ActionView {
	const planning = [...fiche.planning].sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
	let lastUpdate: number | null = null;
	const steps = planning.map((row, i): StepView => {
		const list = events.get(stepKey(fiche.id, row.id));
		for (const e of list ?? []) if (lastUpdate === null || e.at > lastUpdate) lastUpdate = e.at;
		const status = stepStatusAt(list, current ? undefined : day);
		const planned = plannedPeriod(row.cells.calendrier, status, options);
		const late = isLate(planned, status.state, day);
		return {
			rowId: row.id,
			label: stepLabelOf(row.cells.quoi, i),
			calendrier: clean(row.cells.calendrier),
			planned,
			state: status.state,
			late,
			monthsLate: late && planned ? monthsBetween(planned.end, day.slice(0, 7)) : 0,
			event: status.event
		};
	});
	const status = current ? fiche.status : ficheStatusAt(fiche, day);
	return {
		ficheId: fiche.id,
		code: fiche.code,
		title: clean(fiche.fields.title) || 'Fiche sans intitulé',
		label: actionLabel(fiche.code, fiche.fields.title),
		axis: fiche.axis,
		porteur: clean(fiche.fields.porteur),
		lieu: clean(fiche.fields.lieu),
		status,
		progress: progressOf(status, steps),
		steps,
		lastUpdate
	};
}

/**
 * The status the fiche's steps suggest, for a facilitator to confirm, or null when they suggest
 * nothing new: all steps abandoned → abandonnée, all the others done → réalisée, any started →
 * en cours.
 */
export function suggestFicheStatus(status: FicheStatus, states: readonly StepState[]): FicheStatus | null {
	if (!states.length) return null;
	const live = states.filter((s) => s !== 'abandonnee');
	let suggestion: FicheStatus | null = null;
	if (!live.length) suggestion = 'abandonnee';
	else if (live.every((s) => s === 'realisee')) suggestion = 'realisee';
	else if (states.some((s) => s !== 'prevue')) suggestion = 'en_cours';
	if (!suggestion || suggestion === status) return null;
	// Drafts under review are not "en cours" because one step started: validation comes first.
	if (suggestion === 'en_cours' && (status === 'brouillon' || status === 'relecture')) return null;
	return suggestion;
}

// ---------------------------------------------------------------------------------------------
// The tableau de suivi

export type Counts = Record<Progress, number> & { total: number };

export interface BreakdownRow extends Counts {
	key: string;
	label: string;
	/** Percent of the row's actions that are réalisées (0-100, rounded), null for an empty row. */
	pctRealisees: number | null;
}

export interface LateStep {
	ficheId: number;
	actionLabel: string;
	porteur: string;
	rowId: string;
	stepLabel: string;
	calendrier: string;
	/** The period it was due in ("juil.-déc. 2023"). */
	due: CalendarPeriod;
	state: StepState;
	monthsLate: number;
}

export interface Tableau {
	asOf: string;
	counts: Counts;
	pct: Record<Progress, number>;
	byAxis: BreakdownRow[];
	byLieu: BreakdownRow[];
	byPorteur: BreakdownRow[];
	/** The plan's figures at the end of each year (or on asOf for its own year). */
	byYear: (BreakdownRow & { asOf: string })[];
	steps: { total: number; byState: Record<StepState, number>; late: number; undated: number };
	late: LateStep[];
	actions: ActionView[];
}

function emptyCounts(): Counts {
	return { realisee: 0, en_cours: 0, en_retard: 0, abandonnee: 0, a_venir: 0, total: 0 };
}

export function percent(part: number, total: number): number {
	return total ? Math.round((part / total) * 100) : 0;
}

function pctOf(c: Counts): Record<Progress, number> {
	return Object.fromEntries(PROGRESS_VALUES.map((p) => [p, percent(c[p], c.total)])) as Record<Progress, number>;
}

/** One collator for every sort (String.localeCompare with a locale builds one per call: slow on a plan's thousands). */
const FRENCH = new Intl.Collator('fr');

const NONE = { axis: 'Sans axe', lieu: 'Lieu non renseigné', porteur: 'Porteur non renseigné' };

/** Groups by free text: spellings that differ only by case, accents or spaces count as one (first spelling met shown). */
export function groupKey(text: string): string {
	return clean(text).normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('fr');
}

function breakdown(actions: readonly ActionView[], keyOf: (a: ActionView) => { key: string; label: string }, order?: readonly string[]): BreakdownRow[] {
	const rows = new Map<string, BreakdownRow>();
	for (const a of actions) {
		const { key, label } = keyOf(a);
		let row = rows.get(key);
		if (!row) rows.set(key, (row = { key, label, ...emptyCounts(), pctRealisees: null }));
		row[a.progress]++;
		row.total++;
	}
	for (const r of rows.values()) r.pctRealisees = r.total ? percent(r.realisee, r.total) : null;
	const list = [...rows.values()];
	if (order) {
		const rank = (k: string) => {
			const i = order.indexOf(k);
			return i === -1 ? order.length : i;
		};
		return list.sort((a, b) => rank(a.key) - rank(b.key) || FRENCH.compare(a.label, b.label));
	}
	return list.sort((a, b) => b.total - a.total || FRENCH.compare(a.label, b.label));
}

function countActions(actions: readonly ActionView[]): Counts {
	const c = emptyCounts();
	for (const a of actions) {
		c[a.progress]++;
		c.total++;
	}
	return c;
}

export interface TableauOptions {
	/** The day the figures are for ('YYYY-MM-DD'). */
	asOf: string;
	/** Today ('YYYY-MM-DD'): asOf = today uses each step's latest record. */
	today: string;
	planYears: { start: number; end: number };
	axes?: readonly { code: string; label: string }[];
}

/** Actions as of a day: those that existed then (created on or before it). */
export function actionsAt(fiches: readonly SuiviFicheInput[], events: Map<string, (StepEvent & { effective: string })[]>, options: TableauOptions): ActionView[] {
	const calendar = { planYears: options.planYears };
	const current = options.asOf >= options.today;
	const day = current ? options.today : options.asOf;
	return fiches.filter((f) => f.createdAt === undefined || dayOf(f.createdAt) <= day).map((f) => actionAt(f, events, day, calendar, current));
}

export function buildTableau(fiches: readonly SuiviFicheInput[], events: readonly StepEvent[], options: TableauOptions): Tableau {
	const index = indexEvents(events);
	const actions = actionsAt(fiches, index, options);
	const counts = countActions(actions);
	const axisLabels = new Map((options.axes ?? []).map((a) => [a.code, `${a.code} · ${a.label}`]));

	const byAxis = breakdown(
		actions,
		(a) => ({ key: a.axis ?? '', label: a.axis ? (axisLabels.get(a.axis) ?? a.axis) : NONE.axis }),
		[...(options.axes ?? []).map((a) => a.code)]
	);
	const byLieu = breakdown(actions, (a) => ({ key: groupKey(a.lieu), label: a.lieu || NONE.lieu }));
	const byPorteur = breakdown(actions, (a) => ({ key: groupKey(a.porteur), label: a.porteur || NONE.porteur }));
	// The first spelling met is the label of a group: breakdown keeps the first `label` it saw.

	const asOfDay = options.asOf < options.today ? options.asOf : options.today;
	const byYear: Tableau['byYear'] = [];
	const lastYear = Math.min(options.planYears.end, Number(asOfDay.slice(0, 4)));
	for (let y = options.planYears.start; y <= lastYear; y++) {
		const end = `${y}-12-31` < asOfDay ? `${y}-12-31` : asOfDay;
		const list = end === asOfDay ? actions : actionsAt(fiches, index, { ...options, asOf: end });
		const c = countActions(list);
		byYear.push({ key: String(y), label: String(y), asOf: end, ...c, pctRealisees: c.total ? percent(c.realisee, c.total) : null });
	}

	const byState = Object.fromEntries(STEP_STATE_VALUES.map((s) => [s, 0])) as Record<StepState, number>;
	let stepTotal = 0;
	let undated = 0;
	const late: LateStep[] = [];
	for (const a of actions) {
		for (const s of a.steps) {
			stepTotal++;
			byState[s.state]++;
			if (!s.planned) undated++;
			if (s.late && s.planned)
				late.push({ ficheId: a.ficheId, actionLabel: a.label, porteur: a.porteur, rowId: s.rowId, stepLabel: s.label, calendrier: s.calendrier, due: s.planned, state: s.state, monthsLate: s.monthsLate });
		}
	}
	// Most late first; then in the plan's order (the order they were pushed in: a stable sort).
	late.sort((a, b) => b.monthsLate - a.monthsLate);

	return {
		asOf: asOfDay,
		counts,
		pct: pctOf(counts),
		byAxis,
		byLieu,
		byPorteur,
		byYear,
		steps: { total: stepTotal, byState, late: late.length, undated },
		late,
		actions
	};
}

// ---------------------------------------------------------------------------------------------
// Porteurs: who has not updated since when

export interface PorteurActivity {
	key: string;
	porteur: string;
	actions: number;
	/** Steps due (period started) or late, not done, today. */
	pending: number;
	late: number;
	/** Their last record on any step of their actions (ms), null when never. */
	lastUpdate: number | null;
}

/** Per porteur, the last update and what is waiting; those who never updated first, then the oldest. */
export function porteurActivity(actions: readonly ActionView[], today: string): PorteurActivity[] {
	const rows = new Map<string, PorteurActivity>();
	const month = today.slice(0, 7);
	for (const a of actions) {
		const key = groupKey(a.porteur);
		let row = rows.get(key);
		if (!row) rows.set(key, (row = { key, porteur: a.porteur || NONE.porteur, actions: 0, pending: 0, late: 0, lastUpdate: null }));
		row.actions++;
		if (a.lastUpdate !== null && (row.lastUpdate === null || a.lastUpdate > row.lastUpdate)) row.lastUpdate = a.lastUpdate;
		for (const s of a.steps) {
			if (s.late) row.late++;
			if (isDue(s, month)) row.pending++;
		}
	}
	return [...rows.values()].sort((a, b) => (a.lastUpdate ?? -Infinity) - (b.lastUpdate ?? -Infinity) || FRENCH.compare(a.porteur, b.porteur));
}

/** A step waiting for its porteur: not done nor abandoned, and its period has started (or it is late). */
export function isDue(step: Pick<StepView, 'planned' | 'state' | 'late'>, month: string): boolean {
	if (step.state === 'realisee' || step.state === 'abandonnee') return false;
	return step.late || (step.planned !== null && step.planned.start <= month);
}

// ---------------------------------------------------------------------------------------------
// Indicators

/** The indicators a fiche names: one per line of its "Indicateurs de résultat", bullets removed. */
export function indicatorNames(text: string): string[] {
	const seen = new Set<string>();
	const names: string[] = [];
	// Lines, ";", and ", " before another count ("Nombre de partenaires, nombre de réunions par an").
	for (const line of text.split(/\r?\n|;|,\s+(?=(?:nombre|nb|taux|part|pourcentage)\b)/i)) {
		const name = clean(line.replace(/^\s*(?:[-–—•*·]|\d+[.)])\s*/, '')).replace(/\s*:\s*$/, '');
		const key = groupKey(name);
		if (name.length >= 2 && !seen.has(key)) {
			seen.add(key);
			names.push(name.slice(0, 200));
		}
	}
	return names;
}

export interface IndicatorValue {
	ficheId: number;
	indicator: string;
	year: number;
	/** null: the value was removed. */
	value: number | null;
	at: number;
	byName: string;
}

/** The latest value per (indicator, year) of one fiche, removed ones left out, by indicator then year. */
export function currentIndicatorValues(values: readonly IndicatorValue[]): { indicator: string; values: { year: number; value: number }[] }[] {
	const latest = new Map<string, IndicatorValue>();
	for (const v of [...values].sort((a, b) => a.at - b.at)) latest.set(`${groupKey(v.indicator)}|${v.year}`, v);
	const byIndicator = new Map<string, { indicator: string; values: { year: number; value: number }[] }>();
	for (const v of latest.values()) {
		if (v.value === null) continue;
		const key = groupKey(v.indicator);
		let entry = byIndicator.get(key);
		if (!entry) byIndicator.set(key, (entry = { indicator: v.indicator, values: [] }));
		entry.values.push({ year: v.year, value: v.value });
	}
	const list = [...byIndicator.values()];
	for (const e of list) e.values.sort((a, b) => a.year - b.year);
	return list.sort((a, b) => FRENCH.compare(a.indicator, b.indicator));
}

const NUMBER = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });

/** "Nombre de participantes : 12 en 2024, 18 en 2025". */
export function formatIndicator(entry: { indicator: string; values: readonly { year: number; value: number }[] }): string {
	return `${entry.indicator} : ${entry.values.map((v) => `${NUMBER.format(v.value)} en ${v.year}`).join(', ')}`;
}

/** A number typed the French way ("12", "12,5", "1 200"), or null. */
export function parseFrenchNumber(text: string): number | null {
	const t = text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
	if (!/^-?\d+(\.\d+)?$/.test(t)) return null;
	const n = Number(t);
	return Number.isFinite(n) ? n : null;
}

// ---------------------------------------------------------------------------------------------
// The porteur's focused view (built by the server, shown by SuiviFocus.svelte)

export interface FocusStep {
	rowId: string;
	label: string;
	calendrier: string;
	planned: string | null;
	state: StepState;
	stateLabel: string;
	late: boolean;
	due: boolean;
	reason: string | null;
	donePhrase: string | null;
	reportPhrase: string | null;
	elements: string;
	updatedAt: number | null;
	updatedBy: string | null;
}

export interface FocusFiche {
	id: number;
	label: string;
	porteur: string;
	steps: FocusStep[];
	indicators: { name: string; values: Record<number, number> }[];
}

export { formatPeriod as formatPeriodShort } from './calendar-phrase.ts';
