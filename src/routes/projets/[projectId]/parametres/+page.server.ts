import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { can } from '$lib/domain/permissions';
import { formToObject, memberRoleSchema, memberSchema, parse } from '$lib/domain/schemas';
import { attempt, requireProject } from '$lib/server/guards';
import { readProjectForm } from '$lib/server/forms';
import {
	addMember,
	changeMemberRole,
	listAxes,
	listMembers,
	removeMember,
	replaceAxes,
	setProjectArchived,
	updateProject
} from '$lib/server/projects/project.service';
import { CLOSE, getDocStore, revokeConnections } from '$lib/server/realtime';
import { refreshProjectProjections } from '$lib/server/fiches/projection';
import { charteSchema } from '$lib/domain/charte';
import { hasLogo, saveCharte } from '$lib/server/exports/charte';

export const load: PageServerLoad = async (event) => {
	const { db, project, role, user } = await requireProject(event, event.params.projectId, 'project.edit');
	return {
		project,
		role,
		me: user.id,
		canManageMembers: can(role, 'project.members'),
		axes: await listAxes(db, project.id),
		members: await listMembers(db, project.id),
		charte: await hasLogo(db, project.id)
	};
};

export const actions: Actions = {
	// The documents' charte graphique (CharteSettings.svelte).
	charte: async (event) => {
		const { db, project } = await requireProject(event, event.params.projectId, 'project.edit');
		const data = await event.request.formData();
		const file = data.get('logo');
		const parsed = parse(charteSchema, { couleur: String(data.get('couleur') ?? ''), retirerLogo: String(data.get('retirerLogo') ?? '') });
		if (!parsed.ok) return fail(400, { message: parsed.message });
		const logo = file instanceof File && file.size > 0 ? new Uint8Array(await file.arrayBuffer()) : null;
		const saved = await saveCharte(db, project.id, { logo, removeLogo: parsed.data.retirerLogo === 'on', colour: parsed.data.couleur || null });
		if (!saved.ok) return fail(400, { message: saved.message });
		return { success: 'Charte graphique enregistrée : elle s’applique aux documents du plan.' };
	},
	update: async (event) => {
		const { db, project } = await requireProject(event, event.params.projectId, 'project.edit');
		const form = readProjectForm(await event.request.formData());
		if (!form.ok) return form.failure;
		await updateProject(db, project.id, form.project);
		await replaceAxes(db, project.id, form.axes);
		// The plan's years are how "dès 2025" or "toute la durée du PST" are read: the fiches' periods follow.
		if (form.project.periodStart !== project.period_start || form.project.periodEnd !== project.period_end) {
			await refreshProjectProjections(db, getDocStore(), project.id);
		}
		return { success: 'Projet enregistré.' };
	},
	addMember: async (event) => {
		const { db, project, user } = await requireProject(event, event.params.projectId, 'project.members');
		const raw = formToObject(await event.request.formData());
		const parsed = parse(memberSchema, raw);
		if (!parsed.ok) return fail(400, { message: parsed.message, memberValues: raw });
		const r = await attempt(() => addMember(db, project.id, parsed.data.email, parsed.data.role, user.id), { memberValues: raw });
		if (!r.ok) return r.failure;
		return { success: `${r.value.display_name} a rejoint le projet.` };
	},
	changeRole: async (event) => {
		const { db, project, user } = await requireProject(event, event.params.projectId, 'project.members');
		const parsed = parse(memberRoleSchema, formToObject(await event.request.formData()));
		if (!parsed.ok) return fail(400, { message: parsed.message });
		const r = await attempt(() => changeMemberRole(db, project.id, parsed.data.userId, parsed.data.role, user.id));
		if (!r.ok) return r.failure;
		// Open sockets carry the old role: close them; the person's pages reconnect with the new one.
		const target = parsed.data.userId;
		revokeConnections((a) => a.userId === target && a.projectId === project.id, CLOSE.forbidden, 'Rôle modifié');
		return { success: 'Rôle modifié.' };
	},
	removeMember: async (event) => {
		const { db, project, user } = await requireProject(event, event.params.projectId, 'project.members');
		const userId = Number((await event.request.formData()).get('userId'));
		if (!Number.isInteger(userId)) return fail(400, { message: 'Membre inconnu.' });
		const r = await attempt(() => removeMember(db, project.id, userId, user.id));
		if (!r.ok) return r.failure;
		revokeConnections((a) => a.userId === userId && a.projectId === project.id, CLOSE.forbidden, 'Retiré du projet');
		return { success: 'Membre retiré du projet.' };
	},
	archive: async (event) => {
		const { db, project } = await requireProject(event, event.params.projectId, 'project.members');
		const archived = (await event.request.formData()).get('archived') !== '0';
		await setProjectArchived(db, project.id, archived);
		return { success: archived ? 'Projet archivé.' : 'Projet restauré.' };
	}
};
