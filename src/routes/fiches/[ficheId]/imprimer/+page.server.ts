import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { requireFiche } from '$lib/server/fiches/fiche-guard';
import { getDocStore } from '$lib/server/realtime';
import { loadPlan } from '$lib/server/exports/plan-data';

export const load: PageServerLoad = async (event) => {
	const { db, fiche, project } = await requireFiche(event, event.params.ficheId);
	const plan = await loadPlan(db, getDocStore(), project.id, { ficheIds: [fiche.id] });
	if (!plan.fiches[0]) error(404, 'Fiche archivée : elle ne s’imprime plus.');
	return { fiche: plan.fiches[0], projectName: project.name };
};
