import type { PageServerLoad } from './$types';
import { FICHE_STATUSES, FICHE_STATUS_VALUES, type FicheStatus } from '$lib/domain/fiche';
import { buildGantt, monthOfDate } from '$lib/domain/gantt';
import { requireProject } from '$lib/server/guards';
import { loadPlan, type PlanFiche } from '$lib/server/exports/plan-data';
import { getDb } from '$lib/server/db/database';
import { getDocStore } from '$lib/server/realtime';
import { now } from '$lib/server/clock';

// "Le plan en un coup d'œil": counts and the timeline of the plan, computed here so that the page
// receives numbers, not the fiches' whole text.

const TOP_PORTEURS = 12;
const NO_PORTEUR = 'Porteur non renseigné';
const NO_AXIS = 'Sans axe';

/**
 * Actions per porteur, most first. The porteur is free text: spellings that differ only by case
 * or spaces count as one (the first spelling met is shown).
 */
function byPorteur(fiches: readonly PlanFiche[]) {
	const counts = new Map<string, { label: string; value: number }>();
	for (const f of fiches) {
		const label = f.fields.porteur.replace(/\s+/g, ' ').trim() || NO_PORTEUR;
		const key = label.toLocaleLowerCase('fr');
		const entry = counts.get(key) ?? { label, value: 0 };
		entry.value++;
		counts.set(key, entry);
	}
	return [...counts.values()].sort((a, b) => b.value - a.value || a.label.localeCompare(b.label, 'fr'));
}

export const load: PageServerLoad = async (event) => {
	const { project } = await requireProject(event, event.params.projectId, 'project.view');
	const plan = await loadPlan(getDb(), getDocStore(), project.id);
	const { fiches, axes } = plan;

	const statusCount = (s: FicheStatus, list: readonly PlanFiche[] = fiches) => list.filter((f) => f.status === s).length;
	const statuses = FICHE_STATUS_VALUES.map((s) => ({ value: s, label: FICHE_STATUSES[s], count: statusCount(s) }));

	// Axes in the project's order, then axes only fiches know of, then fiches without an axis.
	const axisRows = [
		...axes.map((a) => ({ code: a.code as string | null, label: `${a.code} · ${a.label}` })),
		...[...new Set(fiches.map((f) => f.axis).filter((a): a is string => !!a && !axes.some((x) => x.code === a)))].map((code) => ({ code: code as string | null, label: code })),
		{ code: null, label: NO_AXIS }
	]
		.map((a) => {
			const list = fiches.filter((f) => (f.axis || null) === a.code);
			return { label: a.label, total: list.length, values: Object.fromEntries(FICHE_STATUS_VALUES.map((s) => [s, statusCount(s, list)])) };
		})
		.filter((a) => a.total > 0);

	const porteurs = byPorteur(fiches);
	const others = porteurs.slice(TOP_PORTEURS);

	return {
		project: { id: project.id, name: project.name, territory: project.territory, periodStart: project.period_start, periodEnd: project.period_end },
		total: fiches.length,
		statuses,
		byAxis: axisRows.map(({ label, values }) => ({ label, values })),
		byPorteur: porteurs.slice(0, TOP_PORTEURS),
		otherPorteurs: { count: others.length, actions: others.reduce((n, p) => n + p.value, 0) },
		porteurCount: porteurs.length,
		gantt: buildGantt(fiches, { axes, planYears: { start: project.period_start, end: project.period_end } }),
		today: monthOfDate(new Date(now()))
	};
};
