import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { can } from '$lib/domain/permissions';
import { requireProject, requireWorkshop } from '$lib/server/guards';
import { listAxes, listMembers } from '$lib/server/projects/project.service';
import { listWorkshops, moveWorkshop, setWorkshopArchived } from '$lib/server/workshops/workshop.service';
import { CLOSE, revokeConnections } from '$lib/server/realtime';
import { isJoiningOpen } from '$lib/server/auth/join-guard';

export const load: PageServerLoad = async (event) => {
	const { db, project, role } = await requireProject(event, event.params.projectId, 'project.view');
	return {
		project,
		role,
		canEdit: can(role, 'project.edit'),
		canCreateWorkshop: can(role, 'workshop.create'),
		axes: await listAxes(db, project.id),
		members: await listMembers(db, project.id),
		workshops: (await listWorkshops(db, project.id)).map((w) => ({ ...w, joining_open: isJoiningOpen(w) ? 1 : 0 }))
	};
};

/** Workshop-level actions posted from this page check the workshop belongs to this project. */
async function workshopFromForm(event: Parameters<Actions[string]>[0]) {
	const form = await event.request.formData();
	const ctx = await requireWorkshop(event, String(form.get('workshopId') ?? ''), 'workshop.edit');
	if (String(ctx.workshop.project_id) !== event.params.projectId) return { ctx: null, form };
	return { ctx, form };
}

export const actions: Actions = {
	moveWorkshop: async (event) => {
		const { ctx, form } = await workshopFromForm(event);
		if (!ctx) return fail(404, { message: 'Atelier introuvable dans ce projet.' });
		const direction = form.get('direction') === 'up' ? 'up' : 'down';
		await moveWorkshop(ctx.db, ctx.workshop.id, direction);
		return { success: `« ${ctx.workshop.title} » déplacé.` };
	},
	archiveWorkshop: async (event) => {
		const { ctx, form } = await workshopFromForm(event);
		if (!ctx) return fail(404, { message: 'Atelier introuvable dans ce projet.' });
		const archived = form.get('archived') !== '0';
		await setWorkshopArchived(ctx.db, ctx.workshop.id, archived, ctx.user.id);
		const workshopId = ctx.workshop.id;
		if (archived) revokeConnections({ participantsOnly: true, workshopId }, CLOSE.forbidden, 'Atelier archivé');
		return { success: archived ? `« ${ctx.workshop.title} » archivé.` : `« ${ctx.workshop.title} » restauré.` };
	}
};
