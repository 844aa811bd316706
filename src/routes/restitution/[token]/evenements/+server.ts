import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { changeStream } from '$lib/server/restitution/live';
import { followedDocs } from '$lib/server/restitution/restitution-view';
import { workshopOfRestitutionToken } from '$lib/server/restitution/links';

/** GET — the public link's live stream; ends once the link is revoked. */
export const GET: RequestHandler = async ({ params, locals }) => {
	const { db, live } = locals.app;
	const workshopId = await workshopOfRestitutionToken(db, params.token);
	if (workshopId === null) error(404, 'Lien retiré ou inconnu.');
	return changeStream(live, await followedDocs(db, workshopId), async () => (await workshopOfRestitutionToken(db, params.token)) === workshopId);
};
