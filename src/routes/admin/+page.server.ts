import { error, fail } from '@sveltejs/kit';
import * as v from 'valibot';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { getDb } from '$lib/server/db/database';
import { requireUser } from '$lib/server/guards';
import { email, formToObject, idParam, parse } from '$lib/domain/schemas';
import { accountLinkUrl, issueInvitation, issueResetLink, LINK_LIFETIME_MS } from '$lib/server/auth/account-links';
import { frenchDelay, throttles } from '$lib/server/auth/rate-limit';
import { mailAccountLink, mailOutcome } from '$lib/server/auth/mailer';

function requireAdmin(event: Pick<RequestEvent, 'locals' | 'url'>) {
	const user = requireUser(event);
	if (!user.is_admin) error(403, 'Réservé à l’administrateur de l’instance.');
	return user;
}

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const db = getDb();
	const users = await db
		.selectFrom('users')
		.select(['id', 'email', 'display_name', 'is_admin', 'created_at'])
		.orderBy('created_at')
		.execute();
	const projects = await db
		.selectFrom('projects as p')
		.select((eb) => [
			'p.id',
			'p.name',
			'p.territory',
			'p.archived_at',
			eb.selectFrom('project_members as m').select(eb.fn.countAll<number>().as('n')).whereRef('m.project_id', '=', 'p.id').as('members')
		])
		.orderBy('p.created_at')
		.execute();
	return { users, projects };
};

const days = (ms: number) => `${Math.round(ms / (24 * 3600_000))} jour${ms >= 2 * 24 * 3600_000 ? 's' : ''}`;

/** Links are made by the administrator, but a stolen session must not mint thousands. */
function throttled(userId: number) {
	const bucket = throttles().linksByAccount;
	const wait = bucket.retryAfter(String(userId));
	if (wait > 0) return fail(429, { message: `Trop de liens créés à la suite. Réessayez dans ${frenchDelay(wait)}.` });
	bucket.take(String(userId));
	return null;
}

export const actions: Actions = {
	invite: async (event) => {
		const admin = requireAdmin(event);
		const parsed = parse(v.object({ email }), formToObject(await event.request.formData()));
		if (!parsed.ok) return fail(400, { message: parsed.message, form: 'invite' });
		const refused = throttled(admin.id);
		if (refused) return refused;
		const { token } = await issueInvitation(getDb(), { email: parsed.data.email, createdBy: admin.id });
		const link = accountLinkUrl(event.url.origin, token);
		const sent = await mailAccountLink('invitation', parsed.data.email, link, days(LINK_LIFETIME_MS.invitation));
		return {
			form: 'invite',
			success: `Lien d’invitation pour ${parsed.data.email}, valable ${days(LINK_LIFETIME_MS.invitation)} et une seule fois : transmettez-le à cette personne.${mailOutcome(sent, parsed.data.email)}`,
			link
		};
	},
	resetLink: async (event) => {
		const admin = requireAdmin(event);
		const parsed = parse(v.object({ userId: idParam }), formToObject(await event.request.formData()));
		if (!parsed.ok) return fail(400, { message: 'Compte inconnu.' });
		const db = getDb();
		const user = await db.selectFrom('users').select(['id', 'email']).where('id', '=', parsed.data.userId).executeTakeFirst();
		if (!user) return fail(404, { message: 'Compte inconnu.' });
		const refused = throttled(admin.id);
		if (refused) return refused;
		const { token } = await issueResetLink(db, { userId: user.id, createdBy: admin.id });
		const link = accountLinkUrl(event.url.origin, token);
		const sent = await mailAccountLink('reset', user.email, link, days(LINK_LIFETIME_MS.reset));
		return {
			form: 'reset',
			success: `Lien de réinitialisation du mot de passe de ${user.email}, valable ${days(LINK_LIFETIME_MS.reset)} et une seule fois : transmettez-le à cette personne.${mailOutcome(sent, user.email)}`,
			link
		};
	}
};
