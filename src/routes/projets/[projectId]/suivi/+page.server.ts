import { fail } from '@sveltejs/kit';
import * as v from 'valibot';
import type { Actions, PageServerLoad } from './$types';
import { requireProject, attempt } from '$lib/server/guards';
import { getDocStore } from '$lib/server/realtime';
import { now } from '$lib/server/clock';
import { can } from '$lib/domain/permissions';
import { FICHE_STATUS_VALUES, FICHE_STATUSES } from '$lib/domain/fiche';
import { dayOf, groupKey } from '$lib/domain/suivi';
import { cleanLine, formToObject, parse } from '$lib/domain/schemas';
import { loadSuiviData } from '$lib/server/suivi/tableau';
import { asOfParam, statusPath, tableauView } from '$lib/server/suivi/tableau-view';
import { createSuiviLink, listSuiviLinks, revokeSuiviLink } from '$lib/server/suivi/suivi-links';
import { setFicheStatus } from '$lib/server/fiches/fiche.service';

// The tableau de suivi: "how far are we?" for the plan, any axis, territory, porteur, and any past
// day (?date=YYYY-MM-DD). Facilitators also make porteurs' "mise à jour" links here and confirm the
// statuses the steps suggest.

export const load: PageServerLoad = async (event) => {
	const { db, project, role } = await requireProject(event, event.params.projectId, 'project.view');
	const t = now();
	const asOf = asOfParam(event.url.searchParams.get('date'), dayOf(t));
	const data = await loadSuiviData(db, getDocStore(), project.id);
	const view = tableauView(data, asOf, t);
	const canEdit = can(role, 'project.edit');
	return {
		project: { id: project.id, name: project.name, territory: project.territory, periodStart: project.period_start, periodEnd: project.period_end },
		canEdit,
		canManage: can(role, 'fiche.manage'),
		links: canEdit ? await listSuiviLinks(db, project.id) : [],
		...view
	};
};

const idField = v.pipe(v.string('Identifiant manquant.'), v.regex(/^[1-9]\d{0,11}$/, 'Identifiant invalide.'), v.transform(Number));

export const actions: Actions = {
	confirmStatus: async (event) => {
		const { db, project, role, user } = await requireProject(event, event.params.projectId, 'project.view');
		if (!can(role, 'fiche.manage')) return fail(403, { message: 'Seuls les pilotes et animateurs confirment les statuts.' });
		const input = parse(v.object({ ficheId: idField, status: v.picklist(FICHE_STATUS_VALUES, 'Statut inconnu.') }), formToObject(await event.request.formData()));
		if (!input.ok) return fail(400, { message: input.message });
		const fiche = await db.selectFrom('fiches').select(['id', 'status', 'project_id']).where('id', '=', input.data.ficheId).executeTakeFirst();
		if (!fiche || fiche.project_id !== project.id) return fail(404, { message: 'Fiche introuvable dans ce projet.' });
		const path = statusPath(fiche.status, input.data.status);
		if (!path) return fail(400, { message: `Une fiche « ${FICHE_STATUSES[fiche.status]} » ne peut pas passer à « ${FICHE_STATUSES[input.data.status]} ».` });
		const r = await attempt(async () => {
			for (const step of path)
				await setFicheStatus(db, getDocStore(), fiche.id, step, step === 'abandonnee' ? 'Toutes ses étapes sont abandonnées (suivi).' : null, { userId: user.id, name: user.display_name, manager: true });
		});
		if (!r.ok) return r.failure;
		return { success: `Statut confirmé : ${FICHE_STATUSES[input.data.status]}.` };
	},
	createLink: async (event) => {
		const { db, project, role, user } = await requireProject(event, event.params.projectId, 'project.view');
		if (!can(role, 'project.edit')) return fail(403, { message: 'Seuls les pilotes et animateurs font des liens de mise à jour.' });
		const raw = formToObject(await event.request.formData());
		const porteur = cleanLine(raw.porteur ?? '').slice(0, 200);
		if (!porteur) return fail(400, { message: 'Choisissez un porteur.' });
		// The porteur's fiches: those whose "Porteur de l'action" reads the same (case, accents and spaces aside).
		const fiches = await db.selectFrom('fiches').select(['id', 'porteur']).where('project_id', '=', project.id).where('archived_at', 'is', null).execute();
		const ids = fiches.filter((f) => groupKey(f.porteur) === groupKey(porteur)).map((f) => f.id);
		const r = await attempt(() => createSuiviLink(db, project.id, porteur, ids, user.id));
		if (!r.ok) return r.failure;
		const url = `${event.url.origin}/suivi/${r.value.token}`;
		return { success: `Lien de mise à jour créé pour ${porteur} (${ids.length} fiche${ids.length > 1 ? 's' : ''}). Transmettez-le : il ne sera plus affiché.`, linkUrl: url, linkPorteur: porteur };
	},
	revokeLink: async (event) => {
		const { db, project, role, user } = await requireProject(event, event.params.projectId, 'project.view');
		if (!can(role, 'project.edit')) return fail(403, { message: 'Seuls les pilotes et animateurs retirent les liens.' });
		const input = parse(v.object({ linkId: idField }), formToObject(await event.request.formData()));
		if (!input.ok) return fail(400, { message: input.message });
		const r = await attempt(() => revokeSuiviLink(db, project.id, input.data.linkId, user.id));
		if (!r.ok) return r.failure;
		return { success: 'Lien retiré : il ne s’ouvre plus.' };
	}
};

