import type { RequestHandler } from './$types';
import { requireProject } from '$lib/server/guards';
import { getDocStore } from '$lib/server/realtime';
import { loadPlan } from '$lib/server/exports/plan-data';
import { fichesCsv } from '$lib/server/exports/text-exports';
import { fileResponse, slugify } from '$lib/server/exports/download';

/** GET — every fiche with its fields and planning as CSV (French Excel), re-importable as is. */
export const GET: RequestHandler = async (event) => {
	const { db, project } = await requireProject(event, event.params.projectId, 'project.view');
	const plan = await loadPlan(db, getDocStore(), project.id);
	return fileResponse(fichesCsv(plan), 'text/csv; charset=utf-8', `fiches-${slugify(project.name)}.csv`);
};
