import type { PageServerLoad } from './$types';
import { requireProject } from '$lib/server/guards';
import { getDocStore } from '$lib/server/realtime';
import { now } from '$lib/server/clock';
import { dayOf, PROGRESS, PROGRESS_VALUES } from '$lib/domain/suivi';
import { loadSuiviData, tableauOf } from '$lib/server/suivi/tableau';
import { bilanReasons } from '$lib/server/suivi/bilan.service';

// The annual conference's slides ("conférence sociale locale annuelle"), built from the suivi as
// it is today: the plan's figures, then one slide per axis (done, in progress, late, abandoned
// with the reasons given), and the examples of successes the team picked in the bilan. Live: the
// same events as the tableau de suivi.

export const load: PageServerLoad = async (event) => {
	const { db, project } = await requireProject(event, event.params.projectId, 'project.view');
	const data = await loadSuiviData(db, getDocStore(), project.id);
	const today = dayOf(now());
	const t = tableauOf(data, today, today);
	const successes = await db
		.selectFrom('bilan_entries as b')
		.innerJoin('fiches as f', 'f.id', 'b.fiche_id')
		.select(['b.fiche_id', 'b.success_text'])
		.where('f.project_id', '=', project.id)
		.where('b.success', '=', 1)
		.execute();
	const axes = t.byAxis.map((row) => {
		const actions = t.actions.filter((a) => (a.axis ?? '') === row.key);
		const abandoned = actions.flatMap((a) => a.steps.filter((s) => s.state === 'abandonnee').map((s) => ({ action: a.label, step: s.label, reason: s.event?.reason ?? '' })));
		return {
			label: row.label,
			counts: PROGRESS_VALUES.map((p) => ({ key: p, label: PROGRESS[p], value: row[p] })),
			total: row.total,
			late: actions.flatMap((a) => a.steps.filter((s) => s.late).map((s) => ({ action: a.label, step: s.label }))).slice(0, 6),
			abandoned: abandoned.slice(0, 6)
		};
	});
	return {
		project: { id: project.id, name: project.name, territory: project.territory, periodStart: project.period_start, periodEnd: project.period_end },
		today,
		year: Number(today.slice(0, 4)),
		counts: PROGRESS_VALUES.map((p) => ({ key: p, label: PROGRESS[p], value: t.counts[p], pct: t.pct[p] })),
		total: t.counts.total,
		lateSteps: t.steps.late,
		axes,
		successes: successes.map((s) => ({ label: t.actions.find((a) => a.ficheId === s.fiche_id)?.label ?? '', text: s.success_text ?? '' })).filter((s) => s.label),
		reasons: await bilanReasons(db, project.id)
	};
};
