import type { PageServerLoad } from './$types';
import { requireProject } from '$lib/server/guards';
import { getDocStore } from '$lib/server/realtime';
import { loadPlan } from '$lib/server/exports/plan-data';

export const load: PageServerLoad = async (event) => {
	const { db, project } = await requireProject(event, event.params.projectId, 'project.view');
	return { plan: await loadPlan(db, getDocStore(), project.id), today: new Date().toISOString().slice(0, 10) };
};
