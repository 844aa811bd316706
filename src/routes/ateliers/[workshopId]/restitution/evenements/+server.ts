import type { RequestHandler } from './$types';
import { requireWorkshop } from '$lib/server/guards';
import { changeStream } from '$lib/server/restitution/live';
import { followedDocs } from '$lib/server/restitution/restitution-view';

/** GET — server-sent events: "change" when a table of the workshop changes (notes, clusters, votes). */
export const GET: RequestHandler = async (event) => {
	const { db, workshop } = await requireWorkshop(event, event.params.workshopId, 'project.view');
	return changeStream(event.locals.app.live, await followedDocs(db, workshop.id));
};
