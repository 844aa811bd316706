import type { RequestHandler } from './$types';
import { requireWorkshop } from '$lib/server/guards';
import { getDocStore } from '$lib/server/realtime';
import { loadWorkshopReport } from '$lib/server/restitution/workshop-report';
import { contributionsCsv } from '$lib/server/exports/text-exports';
import { fileResponse, slugify } from '$lib/server/exports/download';

/** GET — every contribution of the workshop with its table, column, cluster and votes, as CSV. */
export const GET: RequestHandler = async (event) => {
	const { db, workshop } = await requireWorkshop(event, event.params.workshopId, 'project.view');
	const report = await loadWorkshopReport(db, getDocStore(), workshop.id);
	return fileResponse(contributionsCsv(report), 'text/csv; charset=utf-8', `contributions-${slugify(workshop.title)}.csv`);
};
