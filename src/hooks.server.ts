import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { appFromEnv } from '$lib/server/app';
import { currentApp } from '$lib/server/app-instance';
import { SESSION_COOKIE, validateSessionToken } from '$lib/server/auth/session';
import { PARTICIPANT_COOKIE, validateParticipantToken } from '$lib/server/auth/participant-session';
import {
	clearParticipantCookie,
	clearSessionCookie,
	setParticipantCookie,
	setSessionCookie
} from '$lib/server/auth/cookies';
import { CROSS_SITE_MESSAGE, instanceHosts, isAllowedOrigin } from '$lib/server/auth/origin';
import { NON_PAGE_CSP, PLAIN_HTML_CSP, baseSecurityHeaders } from '$lib/server/security-headers';
import { logError } from '$lib/server/ops/log';

export const init: ServerInit = async () => {
	// In production the server entry installed the app already; in development the first of this
	// and the Vite plugin to ask creates it.
	const { demo, seeded, setupToken } = (await appFromEnv()).started!;
	if (seeded && demo && process.env.NODE_ENV !== 'production') {
		console.log(`Démo : ${demo.email} / ${demo.password} — code ${demo.joinCode}`);
	}
	if (setupToken && process.env.NODE_ENV !== 'production') {
		console.log(`Aucun administrateur : créez son compte avec /compte/${setupToken} (une seule fois, 24 h)`);
	}
};

const SECURITY_HEADERS = baseSecurityHeaders();

function withSecurityHeaders(response: Response): Response {
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
	// Pages carry SvelteKit's policy (kit.csp); anything else gets one that loads nothing.
	if (!response.headers.has('content-security-policy')) {
		const html = response.headers.get('content-type')?.startsWith('text/html');
		response.headers.set('Content-Security-Policy', html ? PLAIN_HTML_CSP : NON_PAGE_CSP);
	}
	return response;
}

export const handle: Handle = async ({ event, resolve }) => {
	const { request } = event;
	if (!isAllowedOrigin(request.method, request.headers.get('origin'), request.headers.get('sec-fetch-site'), instanceHosts(event.url.host))) {
		const api = event.url.pathname.startsWith('/api/');
		return withSecurityHeaders(
			api
				? Response.json({ message: CROSS_SITE_MESSAGE }, { status: 403 })
				: new Response(CROSS_SITE_MESSAGE, { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } })
		);
	}
	const app = currentApp();
	event.locals.app = app;
	const db = app.db;
	event.locals.user = null;
	event.locals.session = null;
	event.locals.participant = null;

	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const result = await validateSessionToken(db, token);
		if (result.session) {
			event.locals.user = result.user;
			event.locals.session = result.session;
			if (result.renewed) setSessionCookie(event.cookies, event.url, token, result.session.expiresAt);
		} else {
			clearSessionCookie(event.cookies, event.url);
		}
	}

	const participantToken = event.cookies.get(PARTICIPANT_COOKIE);
	if (participantToken) {
		const result = await validateParticipantToken(db, participantToken);
		if (result) {
			event.locals.participant = result.participant;
			if (result.renewed) setParticipantCookie(event.cookies, event.url, participantToken, result.participant.expiresAt);
		} else {
			clearParticipantCookie(event.cookies, event.url);
		}
	}

	return withSecurityHeaders(await resolve(event));
};

export const handleError: HandleServerError = ({ error, status, event }) => {
	// One JSON line (ops/log.ts): the error and the request's redacted path, never its data.
	if (status !== 404) logError(error, { status, method: event.request.method, url: event.url.pathname + event.url.search });
	return { message: status === 404 ? 'Page introuvable.' : 'Une erreur inattendue est survenue. Réessayez.' };
};
