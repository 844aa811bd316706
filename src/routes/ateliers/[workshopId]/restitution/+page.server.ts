import type { Actions, PageServerLoad } from './$types';
import { can } from '$lib/domain/permissions';
import { requireWorkshop } from '$lib/server/guards';
import { restitutionView } from '$lib/server/restitution/restitution-view';
import { activeRestitutionLinks, createRestitutionLink, revokeRestitutionLinks } from '$lib/server/restitution/links';

export const load: PageServerLoad = async (event) => {
	const { db, workshop, role } = await requireWorkshop(event, event.params.workshopId, 'project.view');
	return {
		...(await restitutionView(db, workshop.id, event.url.origin)),
		canShare: can(role, 'workshop.edit'),
		publicLinks: can(role, 'workshop.edit') ? (await activeRestitutionLinks(db, workshop.id)).length : 0,
		eventsUrl: `/ateliers/${workshop.id}/restitution/evenements`
	};
};

export const actions: Actions = {
	share: async (event) => {
		const { db, workshop, user } = await requireWorkshop(event, event.params.workshopId, 'workshop.edit');
		const token = await createRestitutionLink(db, workshop.id, user.id);
		return { success: 'Lien public créé : il montre la restitution, en lecture seule.', publicLink: `${event.url.origin}/restitution/${token}` };
	},
	unshare: async (event) => {
		const { db, workshop, user } = await requireWorkshop(event, event.params.workshopId, 'workshop.edit');
		const n = await revokeRestitutionLinks(db, workshop.id, user.id);
		return { success: n ? 'Lien public retiré : il ne montre plus rien.' : 'Aucun lien public à retirer.' };
	}
};
