import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db/database';
import { formToObject, parse, signupSchema } from '$lib/domain/schemas';
import { isSignupOpen, signUp } from '$lib/server/users/user.service';
import { createSession } from '$lib/server/auth/session';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { attempt } from '$lib/server/guards';

export const load: PageServerLoad = ({ locals }) => {
	if (locals.user) redirect(303, '/projets');
	return { open: isSignupOpen() };
};

export const actions: Actions = {
	default: async ({ request, cookies, url, getClientAddress, setHeaders }) => {
		const raw = formToObject(await request.formData());
		const values = { displayName: raw.displayName ?? '', email: raw.email ?? '' };
		const parsed = parse(signupSchema, raw);
		if (!parsed.ok) return fail(400, { message: parsed.message, fields: parsed.fields, values });
		const db = getDb();
		const result = await attempt(() => signUp(db, parsed.data, getClientAddress()), { values, fields: {} });
		if (!result.ok) {
			const retry = (result.failure.data as { retryAfterMs?: number }).retryAfterMs;
			if (retry) setHeaders({ 'Retry-After': String(Math.ceil(retry / 1000)) });
			return result.failure;
		}
		const { token, session } = await createSession(db, result.value.id);
		setSessionCookie(cookies, url, token, session.expiresAt);
		redirect(303, '/projets');
	}
};
