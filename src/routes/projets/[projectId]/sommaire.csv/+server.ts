import type { RequestHandler } from './$types';
import { requireProject } from '$lib/server/guards';
import { getDocStore } from '$lib/server/realtime';
import { loadPlan } from '$lib/server/exports/plan-data';
import { attachment, slug, sommaireCsv } from '$lib/server/exports/text-exports';

/** GET — the sommaire des actions as CSV (French Excel). */
export const GET: RequestHandler = async (event) => {
	const { db, project } = await requireProject(event, event.params.projectId, 'project.view');
	const plan = await loadPlan(db, getDocStore(), project.id);
	return new Response(sommaireCsv(plan), {
		headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': attachment(`sommaire-${slug(project.name)}.csv`) }
	});
};
