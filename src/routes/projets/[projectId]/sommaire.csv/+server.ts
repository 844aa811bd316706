import type { RequestHandler } from './$types';
import { requireProject } from '$lib/server/guards';
import { getDocStore } from '$lib/server/realtime';
import { loadPlan } from '$lib/server/exports/plan-data';
import { sommaireCsv } from '$lib/server/exports/text-exports';
import { fileResponse, slugify } from '$lib/server/exports/download';

/** GET — the sommaire des actions as CSV (French Excel). */
export const GET: RequestHandler = async (event) => {
	const { db, project } = await requireProject(event, event.params.projectId, 'project.view');
	const plan = await loadPlan(db, getDocStore(), project.id);
	return fileResponse(sommaireCsv(plan), 'text/csv; charset=utf-8', `sommaire-${slugify(project.name)}.csv`);
};
