import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireWorkshop } from '$lib/server/guards';

/** GET: how many people have joined the workshop, for the poster's live count (people, not devices). */
export const GET: RequestHandler = async (event) => {
	const { db, workshop } = await requireWorkshop(event, event.params.workshopId, 'project.view');
	const row = await db.selectFrom('participants').select((eb) => eb.fn.countAll<number>().as('n')).where('workshop_id', '=', workshop.id).executeTakeFirstOrThrow();
	return json({ count: Number(row.n) }, { headers: { 'cache-control': 'no-store' } });
};
