import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { attempt, requireProject } from '$lib/server/guards';
import { getDocStore } from '$lib/server/realtime';
import { can } from '$lib/domain/permissions';
import { formToObject, parse } from '$lib/domain/schemas';
import { BILAN_OUTCOMES, BILAN_OUTCOME_VALUES } from '$lib/domain/bilan';
import { previousProject } from '$lib/server/suivi/next-plan';
import { bilanEntrySchema, loadBilan, saveBilanEntry, saveBilanReasons } from '$lib/server/suivi/bilan.service';

// The bilan of the plan, action by action: the suivi suggests each verdict, the team confirms or
// changes it with a reason and picks the examples of successes; the chapter is then a Word file.

export const load: PageServerLoad = async (event) => {
	const { db, project, role } = await requireProject(event, event.params.projectId, 'project.view');
	const bilan = await loadBilan(db, getDocStore(), project.id);
	return {
		project: { id: project.id, name: project.name, territory: project.territory },
		period: bilan.period,
		rows: bilan.rows,
		summary: bilan.summary,
		reasons: bilan.reasons,
		outcomes: BILAN_OUTCOME_VALUES.map((o) => ({ value: o, label: BILAN_OUTCOMES[o] })),
		canEdit: can(role, 'fiche.manage'),
		previous: (await previousProject(db, project.id)) ?? null
	};
};

export const actions: Actions = {
	entry: async (event) => {
		const { db, project, role, user } = await requireProject(event, event.params.projectId, 'project.view');
		if (!can(role, 'fiche.manage')) return fail(403, { message: 'Seuls les pilotes et animateurs arrêtent le bilan.' });
		const raw = formToObject(await event.request.formData());
		const input = parse(bilanEntrySchema, raw);
		if (!input.ok) return fail(400, { message: input.message, ficheId: Number(raw.ficheId) || undefined });
		const r = await attempt(() => saveBilanEntry(db, project.id, input.data, { userId: user.id, name: user.display_name }), { ficheId: input.data.ficheId });
		if (!r.ok) return r.failure;
		return { success: `Bilan enregistré : ${BILAN_OUTCOMES[input.data.outcome].toLowerCase()}.`, ficheId: input.data.ficheId };
	},
	reasons: async (event) => {
		const { db, project, role, user } = await requireProject(event, event.params.projectId, 'project.view');
		if (!can(role, 'fiche.manage')) return fail(403, { message: 'Seuls les pilotes et animateurs modifient la liste des raisons.' });
		const text = String((await event.request.formData()).get('reasons') ?? '');
		const r = await attempt(() => saveBilanReasons(db, project.id, text, user.id));
		if (!r.ok) return r.failure;
		return { success: `Liste des raisons enregistrée (${r.value.length}).` };
	}
};
