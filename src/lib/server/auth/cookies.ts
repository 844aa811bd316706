import type { Cookies } from '@sveltejs/kit';
import { SESSION_COOKIE } from './session.ts';
import { PARTICIPANT_COOKIE } from './participant-session.ts';

// httpOnly, sameSite=lax, path=/ ; `secure` whenever the site is served over HTTPS (as in
// production behind TLS). On plain-HTTP localhost SvelteKit would mark them secure too, which
// browsers accept only on localhost, so we follow the actual protocol instead.
function options(url: URL, expiresAt: number) {
	return {
		httpOnly: true,
		sameSite: 'lax' as const,
		path: '/',
		secure: url.protocol === 'https:',
		expires: new Date(expiresAt)
	};
}

export function setSessionCookie(cookies: Cookies, url: URL, token: string, expiresAt: number) {
	cookies.set(SESSION_COOKIE, token, options(url, expiresAt));
}

export function clearSessionCookie(cookies: Cookies, url: URL) {
	cookies.delete(SESSION_COOKIE, { path: '/', secure: url.protocol === 'https:' });
}

export function setParticipantCookie(cookies: Cookies, url: URL, token: string, expiresAt: number) {
	cookies.set(PARTICIPANT_COOKIE, token, options(url, expiresAt));
}

export function clearParticipantCookie(cookies: Cookies, url: URL) {
	cookies.delete(PARTICIPANT_COOKIE, { path: '/', secure: url.protocol === 'https:' });
}

/** A co-writer's invitation to one fiche, kept by the browser that opened the link. */
export function setInviteCookie(cookies: Cookies, url: URL, name: string, token: string, expiresAt: number) {
	cookies.set(name, token, options(url, expiresAt));
}
