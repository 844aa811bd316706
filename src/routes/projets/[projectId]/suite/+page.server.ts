import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { attempt, requireProject } from '$lib/server/guards';
import { getDocStore } from '$lib/server/realtime';
import { parse, projectSchema } from '$lib/domain/schemas';
import { BILAN_OUTCOMES } from '$lib/domain/bilan';
import { loadBilan } from '$lib/server/suivi/bilan.service';
import { startNextPlan } from '$lib/server/suivi/next-plan';

// "Préparer le projet suivant": a new project from this one, with the unfinished actions the
// facilitator chooses carried over as drafts.

export const load: PageServerLoad = async (event) => {
	const { db, project } = await requireProject(event, event.params.projectId, 'project.members');
	const bilan = await loadBilan(db, getDocStore(), project.id);
	const length = project.period_end - project.period_start;
	return {
		project: { id: project.id, name: project.name, departement: project.departement, territory: project.territory, periodStart: project.period_start, periodEnd: project.period_end },
		suggested: { name: project.name.replace(/\d{4}\s*-\s*\d{4}/, `${project.period_end}-${project.period_end + length}`), periodStart: project.period_end, periodEnd: project.period_end + length },
		unfinished: bilan.rows.filter((r) => r.outcome !== 'realisee').map((r) => ({ ficheId: r.ficheId, label: r.label, outcome: BILAN_OUTCOMES[r.outcome], reason: r.reason }))
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { db, project, user } = await requireProject(event, event.params.projectId, 'project.members');
		const form = await event.request.formData();
		const input = parse(projectSchema, {
			name: form.get('name'),
			departement: project.departement,
			territory: project.territory,
			periodStart: form.get('periodStart'),
			periodEnd: form.get('periodEnd')
		});
		if (!input.ok) return fail(400, { message: input.message });
		const ids = form.getAll('fiche').map((x) => Number(x)).filter((n) => Number.isInteger(n) && n > 0);
		const r = await attempt(() => startNextPlan(db, getDocStore(), project.id, input.data, ids, { userId: user.id, name: user.display_name }));
		if (!r.ok) return r.failure;
		redirect(303, `/projets/${r.value.projectId}/fiches`);
	}
};
