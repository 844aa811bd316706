import type { RequestHandler } from './$types';
import { requireProject } from '$lib/server/guards';
import { getDocStore } from '$lib/server/realtime';
import { loadPlan } from '$lib/server/exports/plan-data';
import { buildDocx } from '$lib/server/exports/export-jobs';
import { docxResponse, slugify } from '$lib/server/exports/download';

/** GET /projets/:projectId/plan.docx — the whole plan (cover, sommaire, every fiche) for members. */
export const GET: RequestHandler = async (event) => {
	const { db, project } = await requireProject(event, event.params.projectId, 'project.view');
	const plan = await loadPlan(db, getDocStore(), project.id);
	return docxResponse(await buildDocx({ kind: 'plan', plan }), `plan-${slugify(project.name)}.docx`);
};
