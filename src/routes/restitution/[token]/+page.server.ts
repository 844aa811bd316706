import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db/database';
import { restitutionView } from '$lib/server/restitution/restitution-view';
import { workshopOfRestitutionToken } from '$lib/server/restitution/links';

// The public read-only restitution: no account, nothing to edit, revocable.
export const load: PageServerLoad = async ({ params, url, setHeaders }) => {
	setHeaders({ 'referrer-policy': 'no-referrer', 'cache-control': 'no-store' });
	const db = getDb();
	const workshopId = await workshopOfRestitutionToken(db, params.token);
	if (workshopId === null) return { revoked: true as const };
	return { revoked: false as const, ...(await restitutionView(db, workshopId, url.origin)), eventsUrl: `/restitution/${params.token}/evenements` };
};
