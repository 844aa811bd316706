import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db/database';
import { invalidateSession } from '$lib/server/auth/session';
import { clearSessionCookie } from '$lib/server/auth/cookies';
import { CLOSE, revokeConnections } from '$lib/server/realtime';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: async ({ locals, cookies, url }) => {
		if (locals.session) {
			const sessionId = locals.session.id;
			await invalidateSession(getDb(), sessionId);
			revokeConnections({ sessionId }, CLOSE.unauthenticated, 'Déconnecté');
		}
		clearSessionCookie(cookies, url);
		redirect(303, '/connexion');
	}
};
