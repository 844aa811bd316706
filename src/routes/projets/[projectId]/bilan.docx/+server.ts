import type { RequestHandler } from './$types';
import { requireProject } from '$lib/server/guards';
import { getDocStore } from '$lib/server/realtime';
import { loadBilan } from '$lib/server/suivi/bilan.service';
import { bilanToDocx } from '$lib/server/suivi/bilan-docx';
import { docxResponse, slugify } from '$lib/server/exports/download';

/** GET — the "Bilan du projet 20xx-20xx" chapter as Word. */
export const GET: RequestHandler = async (event) => {
	const { db, project } = await requireProject(event, event.params.projectId, 'project.view');
	const bilan = await loadBilan(db, getDocStore(), project.id);
	return docxResponse(await bilanToDocx(bilan, { colour: bilan.project.charte?.colour?.replace('#', '') ?? undefined }), `bilan-${slugify(project.name)}.docx`);
};
