import type { RequestHandler } from './$types';
import { requireWorkshop } from '$lib/server/guards';
import { getDocStore } from '$lib/server/realtime';
import { loadWorkshopReport } from '$lib/server/restitution/workshop-report';
import { attachment, contributionsCsv, slug } from '$lib/server/exports/text-exports';

/** GET — every contribution of the workshop with its table, column, cluster and votes, as CSV. */
export const GET: RequestHandler = async (event) => {
	const { db, workshop } = await requireWorkshop(event, event.params.workshopId, 'project.view');
	const report = await loadWorkshopReport(db, getDocStore(), workshop.id);
	return new Response(contributionsCsv(report), {
		headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': attachment(`contributions-${slug(workshop.title)}.csv`) }
	});
};
