import type { RequestHandler } from './$types';
import { requireProject } from '$lib/server/guards';
import { getDocStore } from '$lib/server/realtime';
import { loadPlan } from '$lib/server/exports/plan-data';
import { fichesXlsx, XLSX_TYPE } from '$lib/server/exports/xlsx-export';
import { fileResponse, slugify } from '$lib/server/exports/download';

/** GET — every fiche with its fields and planning as an Excel workbook, re-importable as is. */
export const GET: RequestHandler = async (event) => {
	const { db, project } = await requireProject(event, event.params.projectId, 'project.view');
	const plan = await loadPlan(db, getDocStore(), project.id);
	return fileResponse(await fichesXlsx(plan), XLSX_TYPE, `fiches-${slugify(project.name)}.xlsx`);
};
