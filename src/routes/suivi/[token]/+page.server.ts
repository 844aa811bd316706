import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db/database';
import { getDocStore } from '$lib/server/realtime';
import { openSuiviLink, requireLinkFiche, type SuiviLink } from '$lib/server/suivi/suivi-links';
import { focusView } from '$lib/server/suivi/focus';
import { indicatorAction, stepAction } from '$lib/server/suivi/form-actions';

// A porteur's "mise à jour" link: no account, the token in the address. It opens the fiches the
// link lists, and every action checks the fiche against that list (requireLinkFiche).

async function requireLink(token: string): Promise<SuiviLink> {
	const link = await openSuiviLink(getDb(), token);
	if (!link) error(404, 'Ce lien de mise à jour n’existe pas, a expiré ou a été retiré. Demandez-en un nouveau à l’animatrice ou l’animateur du projet.');
	return link;
}

export const load: PageServerLoad = async (event) => {
	const link = await requireLink(event.params.token);
	const db = getDb();
	const project = (await db.selectFrom('projects').select(['id', 'name', 'territory']).where('id', '=', link.projectId).executeTakeFirst())!;
	const view = await focusView(db, getDocStore(), link.projectId, link.ficheIds);
	return { porteur: link.porteur, project, ...view };
};

const actor = (link: SuiviLink) => ({ name: link.porteur, userId: null, linkId: link.id });

export const actions: Actions = {
	step: async (event) => {
		const link = await requireLink(event.params.token);
		return stepAction(event.request, getDb(), getDocStore(), actor(link), (ficheId) => requireLinkFiche(link, ficheId));
	},
	indicator: async (event) => {
		const link = await requireLink(event.params.token);
		return indicatorAction(event.request, getDb(), actor(link), (ficheId) => requireLinkFiche(link, ficheId));
	}
};
