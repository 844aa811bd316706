import { buildGantt, monthOfDate, type Gantt } from '../../domain/gantt.ts';
import { FICHE_STATUSES, nextStatuses, type FicheStatus } from '../../domain/fiche.ts';
import { PROGRESS, PROGRESS_VALUES, STEP_STATES, STEP_STATE_VALUES, dayOf, isIsoDay, porteurActivity, suggestFicheStatus, indexEvents, actionsAt, type Tableau } from '../../domain/suivi.ts';
import { tableauOf, type SuiviData } from './tableau.ts';

// What the tableau de suivi page (and its benchmark) computes from the suivi data: the figures
// as of a day, the Gantt with its marks, the porteurs' activity and the statuses to confirm. The
// page gets numbers and labels, never the fiches' text.

export function asOfParam(raw: string | null, today: string): string {
	return raw && isIsoDay(raw) && raw <= today ? raw : today;
}

/** The shortest way through the status workflow (a fiche "validée" goes through "en cours" to "réalisée"). */
export function statusPath(from: FicheStatus, to: FicheStatus): FicheStatus[] | null {
	const queue: FicheStatus[][] = [[from]];
	const seen = new Set<FicheStatus>([from]);
	while (queue.length) {
		const path = queue.shift()!;
		const last = path[path.length - 1];
		if (last === to) return path.slice(1);
		for (const n of nextStatuses(last)) if (!seen.has(n)) (seen.add(n), queue.push([...path, n]));
	}
	return null;
}

export function tableauView(data: SuiviData, asOf: string, now: number) {
	const today = dayOf(now);
	const tableau: Tableau = tableauOf(data, asOf, today);
	const gantt: Gantt = buildGantt(data.fiches, { axes: data.plan.axes, planYears: { start: data.plan.project.periodStart, end: data.plan.project.periodEnd } });
	const marks: Record<string, 'realisee' | 'en_retard' | 'abandonnee'> = {};
	for (const a of tableau.actions)
		for (const s of a.steps) {
			const key = `${a.ficheId}:${s.rowId}`;
			if (s.state === 'realisee') marks[key] = 'realisee';
			else if (s.state === 'abandonnee') marks[key] = 'abandonnee';
			else if (s.late) marks[key] = 'en_retard';
		}
	// Who has not updated since when, and the statuses to confirm, are about today, whatever day is shown.
	const current = asOf === today ? tableau.actions : actionsAt(data.fiches, indexEvents(data.events), { asOf: today, today, planYears: { start: data.plan.project.periodStart, end: data.plan.project.periodEnd } });
	const suggestions = current
		.map((a) => ({ a, s: suggestFicheStatus(a.status, a.steps.map((x) => x.state)) }))
		.filter((x): x is { a: (typeof current)[number]; s: FicheStatus } => x.s !== null && statusPath(x.a.status, x.s) !== null)
		.map(({ a, s }) => ({ ficheId: a.ficheId, label: a.label, from: FICHE_STATUSES[a.status], to: s, toLabel: FICHE_STATUSES[s] }));
	const { actions: _actions, ...figures } = tableau;
	void _actions;
	return {
		today,
		asOf: tableau.asOf,
		isToday: tableau.asOf === today,
		figures,
		progressLabels: PROGRESS,
		progressOrder: PROGRESS_VALUES,
		stepStates: STEP_STATE_VALUES.map((s) => ({ value: s, label: STEP_STATES[s], count: tableau.steps.byState[s] })),
		gantt,
		marks,
		ganttToday: asOf === today ? monthOfDate(new Date(now)) : asOf.slice(0, 7),
		activity: porteurActivity(current, today),
		suggestions
	};
}
