import type { RequestHandler } from './$types';
import { requireWorkshop } from '$lib/server/guards';
import { getDocStore } from '$lib/server/realtime';
import { loadWorkshopReport } from '$lib/server/restitution/workshop-report';
import { officeResponse, slugify } from '$lib/server/exports/download';
import { buildDocx } from '$lib/server/exports/export-jobs';
import { reportBoardSvgs } from '$lib/server/exports/pictures';
import { trackProgress } from '$lib/server/exports/export-progress';

/** GET /ateliers/:workshopId/restitution.docx — the workshop's restitution report, for members. */
export const GET: RequestHandler = async (event) => {
	const { db, workshop } = await requireWorkshop(event, event.params.workshopId, 'project.view');
	const progress = trackProgress(event.url, event.locals.user?.id ?? null);
	const report = await loadWorkshopReport(db, getDocStore(), workshop.id);
	const docx = await buildDocx({ kind: 'report', report, boardSvgs: await reportBoardSvgs(db, getDocStore(), report) }, progress.update);
	return officeResponse(docx, 'docx', `restitution-${slugify(workshop.title)}`, progress);
};
