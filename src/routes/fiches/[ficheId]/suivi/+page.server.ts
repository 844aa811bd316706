import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireFiche } from '$lib/server/fiches/fiche-guard';
import { getDocStore } from '$lib/server/realtime';
import { focusView } from '$lib/server/suivi/focus';
import { indicatorAction, stepAction } from '$lib/server/suivi/form-actions';
import { stepHistory } from '$lib/server/suivi/suivi.service';
import { AppError } from '$lib/server/errors';
import { suggestFicheStatus } from '$lib/domain/suivi';
import { FICHE_STATUSES } from '$lib/domain/fiche';

// A fiche's suivi on a phone: the fiche's own co-writer link (or a member's session) opens it,
// through the same guard as the fiche itself; the actions touch this fiche only.

export const load: PageServerLoad = async (event) => {
	const ctx = await requireFiche(event, event.params.ficheId);
	const view = await focusView(ctx.db, getDocStore(), ctx.project.id, [ctx.fiche.id]);
	const suggestion = suggestFicheStatus(ctx.fiche.status, view.fiches[0]?.steps.map((s) => s.state) ?? []);
	return {
		project: { id: ctx.project.id, name: ctx.project.name },
		ficheStatus: FICHE_STATUSES[ctx.fiche.status],
		suggestion: suggestion && ctx.canManage ? { value: suggestion, label: FICHE_STATUSES[suggestion] } : null,
		canEdit: ctx.canEdit,
		coWriter: ctx.coWriter ? { name: ctx.coWriter.name } : null,
		history: (await stepHistory(ctx.db, ctx.fiche.id)).slice(0, 30),
		...view
	};
};

async function writer(event: Parameters<Actions[string]>[0]) {
	const ctx = await requireFiche(event, event.params.ficheId);
	if (!ctx.canEdit) error(403, 'Votre rôle ne permet pas de mettre à jour le suivi de cette fiche.');
	const actor = ctx.coWriter
		? { name: ctx.actor.name, userId: null, inviteId: ctx.coWriter.inviteId }
		: { name: ctx.actor.name, userId: ctx.actor.userId };
	const allow = (ficheId: number) => {
		if (ficheId !== ctx.fiche.id) throw new AppError('forbidden', 'Cette page ne met à jour que sa propre fiche.');
	};
	return { ctx, actor, allow };
}

export const actions: Actions = {
	step: async (event) => {
		const { ctx, actor, allow } = await writer(event);
		return stepAction(event.request, ctx.db, getDocStore(), actor, allow);
	},
	indicator: async (event) => {
		const { ctx, actor, allow } = await writer(event);
		return indicatorAction(event.request, ctx.db, actor, allow);
	}
};
