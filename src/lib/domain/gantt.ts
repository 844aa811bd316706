// The plan as a timeline (Gantt): one bar per planning step, from the period its "Calendrier
// prévisionnel" phrase means (parseCalendarPhrase, which never guesses), grouped by fiche and by
// axis. Steps whose phrase is not understood, or empty, are listed apart rather than placed
// somewhere made up. Pure, runs in the browser and in Node.

import { parseCalendarPhrase } from './calendar-phrase.ts';
import { PLANNING_PHASES, type PlanningPhase } from './fiche.ts';

/** What the timeline needs of a fiche (a PlanFiche of the exports fits). */
export interface GanttFicheInput {
	id: number;
	code: string | null;
	axis: string | null;
	axisLabel?: string | null;
	fields: { title: string };
	planning: readonly { id?: string; phase: PlanningPhase | ''; position?: number; cells: { quoi: string; calendrier: string } }[];
}

export interface GanttStep {
	/** The planning row's id, when the input has one (the suivi marks steps by it). */
	rowId?: string;
	label: string;
	phase: PlanningPhase | '';
	/** The phrase as written ("2ème semestre 2023"). */
	phrase: string;
	/** Inclusive ISO months 'YYYY-MM'. */
	start: string;
	end: string;
	/** The period in short ("juil.-déc. 2023"). */
	period: string;
}

export interface GanttRow {
	ficheId: number;
	axis: string | null;
	ficheCode: string | null;
	title: string;
	/** "12/INS · Intitulé", as the fiche is named everywhere. */
	label: string;
	steps: GanttStep[];
}

export interface GanttGroup {
	axis: string | null;
	/** "INS · Insertion", or "Sans axe". */
	label: string;
	rows: GanttRow[];
}

/** A step that has no place on the timeline: its phrase is empty or not understood. */
export interface GanttUnplaced {
	ficheId: number;
	ficheLabel: string;
	stepLabel: string;
	phrase: string;
	reason: 'vide' | 'inconnu';
}

export interface Gantt {
	groups: GanttGroup[];
	unplaced: GanttUnplaced[];
	/** Fiches without any planning row. */
	withoutPlanning: { ficheId: number; label: string }[];
	/** Whole years from the first placed step to the last, or null when nothing is placed. */
	domain: { start: string; end: string } | null;
	stepCount: number;
}

const ISO_MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** 'YYYY-MM' → months since year 0 (year * 12 + month - 1), so months can be counted and compared. */
export function monthIndex(isoMonth: string): number {
	const m = ISO_MONTH.exec(isoMonth);
	if (!m) throw new RangeError(`Not an ISO month (YYYY-MM): "${isoMonth}"`);
	return Number(m[1]) * 12 + Number(m[2]) - 1;
}

export function isoMonthOf(index: number): string {
	return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/**
 * The month of `date` as a French reader's calendar shows it (Europe/Paris by default: at 23:30
 * UTC on 31 December it is already January in France).
 */
export function monthOfDate(date: Date, timeZone = 'Europe/Paris'): string {
	const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(date);
	const year = parts.find((p) => p.type === 'year')!.value;
	const month = parts.find((p) => p.type === 'month')!.value;
	return `${year}-${month}`;
}

export function ficheLabel(code: string | null, title: string): string {
	const t = title.trim() || 'Fiche sans intitulé';
	return code ? `${code} · ${t}` : t;
}

// A département's plan reads ~900 phrases on every view of its timeline: each read once.
const parsedCache = new Map<string, ReturnType<typeof parseCalendarPhrase>>();
function parseCached(phrase: string, planYears?: { start: number; end: number }) {
	const key = `${planYears?.start ?? ''}-${planYears?.end ?? ''}|${phrase}`;
	let parsed = parsedCache.get(key);
	if (!parsed) {
		parsed = parseCalendarPhrase(phrase, { planYears });
		if (parsedCache.size > 20_000) parsedCache.clear();
		parsedCache.set(key, parsed);
	}
	return parsed;
}

function stepLabel(quoi: string, phase: PlanningPhase | '', index: number): string {
	const text = quoi.replace(/\s+/g, ' ').trim();
	if (text) return text;
	return phase ? PLANNING_PHASES[phase] : `Étape ${index + 1}`;
}

/**
 * The timeline of a plan. Fiches keep their order (the plan's, by number); axes come in the
 * order of `axes` when given (the project's), else of their first fiche; fiches without an axis
 * come last, under "Sans axe". A fiche appears on the timeline when at least one of its steps
 * is placed.
 */
export function buildGantt(
	fiches: readonly GanttFicheInput[],
	options: { axes?: readonly { code: string; label: string }[]; planYears?: { start: number; end: number } } = {}
): Gantt {
	const axisLabels = new Map((options.axes ?? []).map((a) => [a.code, a.label]));
	const groups = new Map<string | null, GanttGroup>();
	const unplaced: GanttUnplaced[] = [];
	const withoutPlanning: Gantt['withoutPlanning'] = [];
	let first = Infinity;
	let last = -Infinity;
	let stepCount = 0;

	for (const fiche of fiches) {
		const title = fiche.fields.title.trim() || 'Fiche sans intitulé';
		const label = ficheLabel(fiche.code, title);
		if (fiche.planning.length === 0) {
			withoutPlanning.push({ ficheId: fiche.id, label });
			continue;
		}
		const planning = [...fiche.planning].sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
		const steps: GanttStep[] = [];
		planning.forEach((row, i) => {
			const phrase = row.cells.calendrier.trim();
			const name = stepLabel(row.cells.quoi, row.phase, i);
			const parsed = parseCached(phrase, options.planYears);
			if (!parsed.understood) {
				unplaced.push({ ficheId: fiche.id, ficheLabel: label, stepLabel: name, phrase, reason: parsed.reason });
				return;
			}
			const { start, end } = parsed.period;
			first = Math.min(first, monthIndex(start));
			last = Math.max(last, monthIndex(end));
			steps.push({ ...(row.id ? { rowId: row.id } : {}), label: name, phase: row.phase, phrase, start, end, period: parsed.label });
		});
		if (steps.length === 0) continue;
		stepCount += steps.length;

		const axis = fiche.axis || null;
		let group = groups.get(axis);
		if (!group) {
			const axisLabel = axis ? (axisLabels.get(axis) ?? fiche.axisLabel ?? null) : null;
			group = { axis, label: axis ? (axisLabel ? `${axis} · ${axisLabel}` : axis) : 'Sans axe', rows: [] };
			groups.set(axis, group);
		}
		group.rows.push({ ficheId: fiche.id, axis, ficheCode: fiche.code, title, label, steps });
	}

	const order = (options.axes ?? []).map((a) => a.code);
	const rank = (axis: string | null) => (axis === null ? Infinity : order.includes(axis) ? order.indexOf(axis) : order.length);
	const sorted = [...groups.values()].map((g, i) => ({ g, i })).sort((a, b) => rank(a.g.axis) - rank(b.g.axis) || a.i - b.i);

	return {
		groups: sorted.map((x) => x.g),
		unplaced,
		withoutPlanning,
		domain: stepCount ? { start: `${Math.floor(first / 12)}-01`, end: `${Math.floor(last / 12)}-12` } : null,
		stepCount
	};
}
