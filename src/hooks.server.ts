import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { bootstrap } from '$lib/server/bootstrap';
import { getDb } from '$lib/server/db/database';
import { SESSION_COOKIE, validateSessionToken } from '$lib/server/auth/session';
import { PARTICIPANT_COOKIE, validateParticipantToken } from '$lib/server/auth/participant-session';
import {
	clearParticipantCookie,
	clearSessionCookie,
	setParticipantCookie,
	setSessionCookie
} from '$lib/server/auth/cookies';

export const init: ServerInit = async () => {
	const { demo, seeded } = await bootstrap();
	if (seeded && demo && process.env.NODE_ENV !== 'production') {
		console.log(`Démo : ${demo.email} / ${demo.password} — code ${demo.joinCode}`);
	}
};

export const handle: Handle = async ({ event, resolve }) => {
	const db = getDb();
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

	const response = await resolve(event);
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'same-origin');
	return response;
};

export const handleError: HandleServerError = ({ error, status }) => {
	if (status !== 404) console.error(error);
	return { message: status === 404 ? 'Page introuvable.' : 'Une erreur inattendue est survenue. Réessayez.' };
};
