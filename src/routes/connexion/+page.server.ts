import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db/database';
import { formToObject, loginSchema, parse } from '$lib/domain/schemas';
import { authenticate, isSignupOpen } from '$lib/server/users/user.service';
import { createSession } from '$lib/server/auth/session';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { attempt } from '$lib/server/guards';

/**
 * Only same-site paths are followed after login (no open redirect). The value is resolved as a
 * browser would (which drops tabs and newlines and reads `/\` as `//`) and kept only when it stays
 * on this site.
 */
function safeNext(next: string | null): string {
	if (!next) return '/projets';
	const base = 'http://tablee.invalid';
	try {
		const url = new URL(next, base);
		if (url.origin !== base || !next.startsWith('/')) return '/projets';
		return url.pathname + url.search + url.hash;
	} catch {
		return '/projets';
	}
}

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeNext(url.searchParams.get('suite')));
	return { signupOpen: isSignupOpen() };
};

export const actions: Actions = {
	default: async ({ request, cookies, url, getClientAddress, setHeaders }) => {
		const raw = formToObject(await request.formData());
		const values = { email: raw.email ?? '' };
		const parsed = parse(loginSchema, raw);
		if (!parsed.ok) return fail(400, { message: parsed.message, fields: parsed.fields, values });
		const db = getDb();
		const result = await attempt(() => authenticate(db, parsed.data, getClientAddress()), { values });
		if (!result.ok) {
			const retry = (result.failure.data as { retryAfterMs?: number }).retryAfterMs;
			if (retry) setHeaders({ 'Retry-After': String(Math.ceil(retry / 1000)) });
			return result.failure;
		}
		const { token, session } = await createSession(db, result.value.id);
		setSessionCookie(cookies, url, token, session.expiresAt);
		redirect(303, safeNext(url.searchParams.get('suite')));
	}
};
