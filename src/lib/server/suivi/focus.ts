import type { Db } from '../db/database.ts';
import type { DocStore } from '../realtime/doc-store.ts';
import { now } from '../clock.ts';
import { loadSuiviData } from './tableau.ts';
import { listIndicatorValues } from './suivi.service.ts';
import { STEP_STATES, actionsAt, currentIndicatorValues, dayOf, indexEvents, indicatorNames, isDue, type FocusFiche } from '../../domain/suivi.ts';
import { formatPeriod } from '../../domain/calendar-phrase.ts';

// The porteur's focused view: their fiches, each with the steps due or late first (what they are
// asked about), then the others; the fields a phone form needs, nothing else of the plan.

export async function focusView(db: Db, store: DocStore, projectId: number, ficheIds: number[]) {
	const data = await loadSuiviData(db, store, projectId, { ficheIds });
	const today = dayOf(now());
	const month = today.slice(0, 7);
	const planYears = { start: data.plan.project.periodStart, end: data.plan.project.periodEnd };
	const actions = actionsAt(data.fiches, indexEvents(data.events), { asOf: today, today, planYears });
	const values = await listIndicatorValues(db, ficheIds);
	const fiches: FocusFiche[] = actions.map((a) => {
		const fiche = data.fiches.find((f) => f.id === a.ficheId)!;
		const cells = new Map(data.plan.fiches.find((f) => f.id === a.ficheId)!.planning.map((r) => [r.id, r.cells]));
		const current = currentIndicatorValues(values.filter((v) => v.ficheId === a.ficheId));
		const names = [...indicatorNames(fiche.fields.indicateurs)];
		for (const c of current) if (!names.some((n) => n.toLocaleLowerCase('fr') === c.indicator.toLocaleLowerCase('fr'))) names.push(c.indicator);
		return {
			id: a.ficheId,
			label: a.label,
			porteur: a.porteur,
			steps: a.steps.map((s) => ({
				rowId: s.rowId,
				label: s.label,
				calendrier: s.calendrier,
				planned: s.planned ? formatPeriod(s.planned) : null,
				state: s.state,
				stateLabel: STEP_STATES[s.state],
				late: s.late,
				due: isDue(s, month),
				reason: s.event?.reason ?? null,
				donePhrase: s.event?.donePhrase ?? null,
				reportPhrase: s.event?.reportPhrase ?? null,
				elements: cells.get(s.rowId)?.elements ?? '',
				updatedAt: s.event?.at ?? null,
				updatedBy: s.event?.byName ?? null
			})),
			indicators: names.map((name) => {
				const entry = current.find((c) => c.indicator.toLocaleLowerCase('fr') === name.toLocaleLowerCase('fr'));
				return { name, values: Object.fromEntries((entry?.values ?? []).map((v) => [v.year, v.value])) };
			})
		};
	});
	return { today, planYears, fiches };
}
