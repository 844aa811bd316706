import type { Actions, PageServerLoad } from './$types';
import { can } from '$lib/domain/permissions';
import { requireWorkshop } from '$lib/server/guards';
import { restitutionView } from '$lib/server/restitution/restitution-view';
import { fail } from '@sveltejs/kit';
import { formToObject, parse, publicLinkSchema } from '$lib/domain/schemas';
import { activeRestitutionLinks, createRestitutionLink, revokeRestitutionLinks } from '$lib/server/restitution/links';

export const load: PageServerLoad = async (event) => {
	const { db, workshop, role } = await requireWorkshop(event, event.params.workshopId, 'project.view');
	return {
		...(await restitutionView(db, workshop.id, event.url.origin)),
		canShare: can(role, 'workshop.edit'),
		publicLinks: can(role, 'workshop.edit') ? (await activeRestitutionLinks(db, workshop.id)).length : 0,
		// A public link lasts 30 days unless the facilitator picks another day (a year at most).
		today: new Date().toISOString().slice(0, 10),
		defaultLinkUntil: new Date(Date.now() + 30 * 24 * 3600_000).toISOString().slice(0, 10),
		eventsUrl: `/ateliers/${workshop.id}/restitution/evenements`
	};
};

export const actions: Actions = {
	share: async (event) => {
		const { db, workshop, user } = await requireWorkshop(event, event.params.workshopId, 'workshop.edit');
		const parsed = parse(publicLinkSchema, formToObject(await event.request.formData()));
		if (!parsed.ok) return fail(400, { message: parsed.message });
		const token = await createRestitutionLink(db, workshop.id, user.id, parsed.data.until);
		const day = new Date(parsed.data.until).toLocaleDateString('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' });
		return { success: `Lien public créé, valable jusqu’au ${day} inclus : il montre la restitution, en lecture seule.`, publicLink: `${event.url.origin}/restitution/${token}` };
	},
	unshare: async (event) => {
		const { db, workshop, user } = await requireWorkshop(event, event.params.workshopId, 'workshop.edit');
		const n = await revokeRestitutionLinks(db, workshop.id, user.id);
		return { success: n ? 'Lien public retiré : il ne montre plus rien.' : 'Aucun lien public à retirer.' };
	}
};
