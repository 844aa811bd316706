import type { PageServerLoad } from './$types';
import { requireWorkshop } from '$lib/server/guards';
import { joinUrl, qrSvg } from '$lib/server/qr';
import { isJoiningOpen } from '$lib/server/auth/join-guard';

export const load: PageServerLoad = async (event) => {
	const { db, workshop } = await requireWorkshop(event, event.params.workshopId, 'project.view');
	const joined = await db.selectFrom('participants').select((eb) => eb.fn.countAll<number>().as('n')).where('workshop_id', '=', workshop.id).executeTakeFirstOrThrow();
	const url = joinUrl(event.url.origin, workshop.join_code);
	return {
		workshop: { id: workshop.id, title: workshop.title, code: workshop.join_code, open: isJoiningOpen(workshop) },
		join: { url, home: `${event.url.origin}/rejoindre`, qr: await qrSvg(url) },
		joined: Number(joined.n)
	};
};
