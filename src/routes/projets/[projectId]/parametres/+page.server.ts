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
import { CLOSE, revokeConnections } from '$lib/server/realtime';
import { findUserByEmail } from '$lib/server/users/user.service';
import { accountLinkUrl, issueInvitation } from '$lib/server/auth/account-links';
import { mailAccountLink, mailOutcome } from '$lib/server/auth/mailer';
import { frenchDelay, throttles } from '$lib/server/auth/rate-limit';

export const load: PageServerLoad = async (event) => {
	const { db, project, role, user } = await requireProject(event, event.params.projectId, 'project.edit');
	return {
		project,
		role,
		me: user.id,
		canManageMembers: can(role, 'project.members'),
		axes: await listAxes(db, project.id),
		members: await listMembers(db, project.id)
	};
};

export const actions: Actions = {
	update: async (event) => {
		const { db, project } = await requireProject(event, event.params.projectId, 'project.edit');
		const form = readProjectForm(await event.request.formData());
		if (!form.ok) return form.failure;
		await updateProject(db, project.id, form.project);
		await replaceAxes(db, project.id, form.axes);
		return { success: 'Projet enregistré.' };
	},
	addMember: async (event) => {
		const { db, project, user } = await requireProject(event, event.params.projectId, 'project.members');
		const raw = formToObject(await event.request.formData());
		const parsed = parse(memberSchema, raw);
		if (!parsed.ok) return fail(400, { message: parsed.message, memberValues: raw });
		// No account yet for this address: a single-use invitation link into the project, with its role.
		if (!(await findUserByEmail(db, parsed.data.email))) {
			const bucket = throttles().linksByAccount;
			const wait = bucket.retryAfter(String(user.id));
			if (wait > 0) return fail(429, { message: `Trop d’invitations à la suite. Réessayez dans ${frenchDelay(wait)}.`, memberValues: raw });
			bucket.take(String(user.id));
			const { token } = await issueInvitation(db, { email: parsed.data.email, createdBy: user.id, projectId: project.id, role: parsed.data.role });
			const invitationLink = accountLinkUrl(event.url.origin, token);
			const sent = await mailAccountLink('invitation', parsed.data.email, invitationLink, '7 jours');
			return {
				success: `Invitation créée pour ${parsed.data.email} : transmettez-lui ce lien (valable 7 jours, une seule fois). Elle rejoindra le projet en créant son compte.${mailOutcome(sent, parsed.data.email)}`,
				invitationLink
			};
		}
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
