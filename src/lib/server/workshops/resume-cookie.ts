import type { Cookies } from '@sveltejs/kit';

// The personal resume code is shown once, on the workshop page right after joining: it travels
// there in a short-lived cookie that the page reads and deletes (only its hash is in the database).
const COOKIE = 'tablee_code_perso';

export function showResumeCodeOnce(cookies: Cookies, url: URL, code: string) {
	cookies.set(COOKIE, code, { httpOnly: true, sameSite: 'lax', path: '/atelier', secure: url.protocol === 'https:', maxAge: 600 });
}

export function takeResumeCode(cookies: Cookies, url: URL): string | null {
	const code = cookies.get(COOKIE) ?? null;
	if (code) cookies.delete(COOKIE, { path: '/atelier', secure: url.protocol === 'https:' });
	return code && /^[A-Z0-9]{8}$/.test(code) ? code : null;
}
