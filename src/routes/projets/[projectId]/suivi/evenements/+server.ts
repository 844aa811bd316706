import type { RequestHandler } from './$types';
import { requireProject } from '$lib/server/guards';
import { changeStream } from '$lib/server/restitution/live';
import { suiviChannel } from '$lib/server/suivi/suivi.service';
import { ficheDocName } from '$lib/docs/doc-names';

/**
 * GET — server-sent events: "change" when a step's suivi is recorded in the project (any door:
 * porteur link, fiche co-writer, member) or when one of its fiches' docs changes (its planning).
 */
export const GET: RequestHandler = async (event) => {
	const { db, project } = await requireProject(event, event.params.projectId, 'project.view');
	const fiches = await db.selectFrom('fiches').select('id').where('project_id', '=', project.id).where('archived_at', 'is', null).execute();
	return changeStream(event.locals.app.live, [suiviChannel(project.id), ...fiches.map((f) => ficheDocName(f.id))], async () => true, 400);
};
