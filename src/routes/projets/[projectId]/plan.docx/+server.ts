import type { RequestHandler } from './$types';
import { requireProject } from '$lib/server/guards';
import { getDocStore } from '$lib/server/realtime';
import { loadPlan } from '$lib/server/exports/plan-data';
import { buildDocx } from '$lib/server/exports/export-jobs';
import { officeResponse, slugify } from '$lib/server/exports/download';
import { trackProgress } from '$lib/server/exports/export-progress';

/** GET /projets/:projectId/plan.docx — the whole plan (cover, sommaire, every fiche) for members. */
export const GET: RequestHandler = async (event) => {
	const { db, project } = await requireProject(event, event.params.projectId, 'project.view');
	const progress = trackProgress(event.url, event.locals.user?.id ?? null);
	const plan = await loadPlan(db, getDocStore(), project.id);
	return officeResponse(await buildDocx({ kind: 'plan', plan }, progress.update), 'docx', `plan-${slugify(project.name)}`, progress);
};
