import { fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db/database';
import { email, formToObject, parse, passwordSchema, personName } from '$lib/domain/schemas';
import { useAccountLink, viewAccountLink } from '$lib/server/auth/account-links';
import { createSession } from '$lib/server/auth/session';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { attempt } from '$lib/server/guards';
import { frenchDelay, throttles } from '$lib/server/auth/rate-limit';

// A single-use link (first administrator, invitation, password reset): the person chooses a
// password (and, for a new account, a name; for the setup link, an e-mail), then is signed in.

export const load: PageServerLoad = async ({ params, setHeaders }) => {
	// The token is in the address: never sent on to another site, never cached.
	setHeaders({ 'Cache-Control': 'no-store' });
	return { link: await viewAccountLink(getDb(), params.token) };
};

const newAccountSchema = v.object({ displayName: personName, email: v.optional(email), password: passwordSchema });
const resetSchema = v.object({ password: passwordSchema });

export const actions: Actions = {
	default: async ({ params, request, cookies, url, getClientAddress, setHeaders }) => {
		const db = getDb();
		// Guessing a 160-bit token is hopeless; this bounds the argon2 work one address can ask for.
		const bucket = throttles().linkUsesByIp;
		const ip = getClientAddress();
		const wait = bucket.retryAfter(ip);
		if (wait > 0) {
			setHeaders({ 'Retry-After': String(Math.ceil(wait / 1000)) });
			return fail(429, { message: `Trop de demandes depuis cette connexion. Réessayez dans ${frenchDelay(wait)}.` });
		}
		bucket.take(ip);
		const link = await viewAccountLink(db, params.token);
		if (!link) return fail(404, { message: 'Ce lien n’est plus valable : il a déjà servi, il a expiré ou il a été remplacé. Demandez-en un nouveau à l’administrateur.' });
		const raw = formToObject(await request.formData());
		const values = { displayName: raw.displayName ?? '', email: raw.email ?? '' };
		if (raw.password !== raw.confirmation) return fail(400, { message: 'Les deux mots de passe diffèrent.', fields: { confirmation: 'Les deux mots de passe diffèrent.' }, values });
		const parsed = link.kind === 'reset' ? parse(resetSchema, raw) : parse(newAccountSchema, raw);
		if (!parsed.ok) return fail(400, { message: parsed.message, fields: parsed.fields, values });
		if (link.kind === 'setup' && !('email' in parsed.data && parsed.data.email)) {
			return fail(400, { message: 'Adresse e-mail : champ obligatoire.', fields: { email: 'Adresse e-mail : champ obligatoire.' }, values });
		}
		const result = await attempt(() => useAccountLink(db, params.token, parsed.data), { values });
		if (!result.ok) return result.failure;
		const { token, session } = await createSession(db, result.value.id);
		setSessionCookie(cookies, url, token, session.expiresAt);
		redirect(303, '/projets');
	}
};
