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
import { parseProjectVocabulary } from '$lib/domain/project-vocabulary';
import { findSuggestionSettings, saveSuggestionSettings } from '$lib/server/projects/suggestion-settings.service';
import { semanticConfig } from '$lib/server/semantic/semantic.service';
import { findUserByEmail } from '$lib/server/users/user.service';
import { accountLinkUrl, issueInvitation } from '$lib/server/auth/account-links';
import { mailAccountLink, mailOutcome } from '$lib/server/auth/mailer';
import { frenchDelay, throttles } from '$lib/server/auth/rate-limit';
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
		suggestions: await findSuggestionSettings(db, project.id),
		// Only where the endpoint is (never its key): the notice says where texts would go.
		semanticHost: semanticConfig()?.host ?? null,
		charte: await hasLogo(db, project.id)
	};
};

export const actions: Actions = {
	// The documents' charte graphique (CharteSettings.svelte).
	charte: async (event) => {
		const { db, project } = await requireProject(event, event.params.projectId, 'project.edit');
		const data = await event.request.formData();
		const file = data.get('logo');
		const parsed = parse(charteSchema, {
			couleur: String(data.get('couleur') ?? ''),
			retirerLogo: String(data.get('retirerLogo') ?? ''),
			retirerModele: String(data.get('retirerModele') ?? '')
		});
		if (!parsed.ok) return fail(400, { message: parsed.message });
		const logo = file instanceof File && file.size > 0 ? new Uint8Array(await file.arrayBuffer()) : null;
		const model = data.get('modele');
		const template = model instanceof File && model.size > 0 ? { bytes: new Uint8Array(await model.arrayBuffer()), name: model.name } : null;
		const saved = await saveCharte(db, project.id, {
			logo,
			removeLogo: parsed.data.retirerLogo === 'on',
			colour: parsed.data.couleur || null,
			template,
			removeTemplate: parsed.data.retirerModele === 'on'
		});
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
		revokeConnections({ userId: target, projectId: project.id }, CLOSE.forbidden, 'Rôle modifié');
		return { success: 'Rôle modifié.' };
	},
	removeMember: async (event) => {
		const { db, project, user } = await requireProject(event, event.params.projectId, 'project.members');
		const userId = Number((await event.request.formData()).get('userId'));
		if (!Number.isInteger(userId)) return fail(400, { message: 'Membre inconnu.' });
		const r = await attempt(() => removeMember(db, project.id, userId, user.id));
		if (!r.ok) return r.failure;
		revokeConnections({ userId, projectId: project.id }, CLOSE.forbidden, 'Retiré du projet');
		return { success: 'Membre retiré du projet.' };
	},
	vocabulary: async (event) => {
		const { db, project, user } = await requireProject(event, event.params.projectId, 'project.edit');
		const value = (await event.request.formData()).get('vocabulary');
		const text = typeof value === 'string' ? value.replace(/\r\n/g, '\n') : '';
		const parsed = parseProjectVocabulary(text);
		if (!parsed.ok) return fail(400, { vocabularyError: parsed.message, vocabularyText: text.slice(0, 25_000) });
		await saveSuggestionSettings(db, project.id, { vocabulary: text }, user.id);
		return { success: text.trim() ? `Vocabulaire enregistré (${parsed.concepts} ligne${parsed.concepts > 1 ? 's' : ''}).` : 'Vocabulaire retiré : le thésaurus seul sert aux suggestions.' };
	},
	semantic: async (event) => {
		const { db, project, user } = await requireProject(event, event.params.projectId, 'project.edit');
		const enabled = (await event.request.formData()).get('semantic') === 'on';
		if (enabled && !semanticConfig()) return fail(409, { semanticError: 'Aucun service sémantique n’est configuré sur ce serveur : demandez à l’administrateur.' });
		await saveSuggestionSettings(db, project.id, { semanticEnabled: enabled }, user.id);
		return { success: enabled ? 'Aide sémantique activée : les textes des contributions seront envoyés au service configuré.' : 'Aide sémantique désactivée : les suggestions restent calculées sur l’appareil.' };
	},
	archive: async (event) => {
		const { db, project } = await requireProject(event, event.params.projectId, 'project.members');
		const archived = (await event.request.formData()).get('archived') !== '0';
		await setProjectArchived(db, project.id, archived);
		return { success: archived ? 'Projet archivé.' : 'Projet restauré.' };
	}
};
