import type { Db } from '../db/database.ts';
import type { DocStore } from '../realtime/doc-store.ts';
import { loadPlan, type PlanData, type PlanFiche } from '../exports/plan-data.ts';
import { listStepEvents } from './suivi.service.ts';
import { buildTableau, type StepEvent, type SuiviFicheInput, type Tableau } from '../../domain/suivi.ts';
import type { FicheStatus } from '../../domain/fiche.ts';

// The tableau de suivi's data: the plan as the exports read it (the fiches' SQL projection, never
// the docs), the step events and the status history, in three queries whatever the plan's size.

export interface SuiviData {
	plan: PlanData;
	fiches: (SuiviFicheInput & PlanFiche)[];
	events: StepEvent[];
}

export async function loadSuiviData(db: Db, store: DocStore, projectId: number, options: { ficheIds?: number[] } = {}): Promise<SuiviData> {
	const plan = await loadPlan(db, store, projectId, options);
	const ids = plan.fiches.map((f) => f.id);
	const [events, history] = await Promise.all([
		listStepEvents(db, options.ficheIds ? { ficheIds: ids } : { projectId }),
		ids.length
			? db.selectFrom('fiche_status_history').select(['fiche_id', 'from_status', 'to_status', 'at']).where('fiche_id', 'in', ids).execute()
			: Promise.resolve([])
	]);
	const historyOf = new Map<number, { from: FicheStatus | null; to: FicheStatus; at: number }[]>();
	for (const h of history) {
		let list = historyOf.get(h.fiche_id);
		if (!list) historyOf.set(h.fiche_id, (list = []));
		list.push({ from: (h.from_status as FicheStatus | null) ?? null, to: h.to_status, at: h.at });
	}
	// No createdAt: a plan's actions count from its start, even those imported or typed in later
	// (an imported plan's fiches are all "created" on the day of the import).
	const fiches = plan.fiches.map((f) => ({ ...f, statusHistory: historyOf.get(f.id) ?? [] }));
	return { plan, fiches, events };
}

export function tableauOf(data: SuiviData, asOf: string, today: string): Tableau {
	return buildTableau(data.fiches, data.events, {
		asOf,
		today,
		planYears: { start: data.plan.project.periodStart, end: data.plan.project.periodEnd },
		axes: data.plan.axes
	});
}
