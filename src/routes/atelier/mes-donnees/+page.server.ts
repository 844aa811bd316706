import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db/database';
import { getDocStore, CLOSE, revokeConnections } from '$lib/server/realtime';
import { collectParticipantData, eraseParticipant } from '$lib/server/privacy/participant-data';
import { clearParticipantCookie } from '$lib/server/auth/cookies';
import { mirrorPeople } from '$lib/server/facilitation/workshop-control';

// A participant sees what Tablée holds about them in this workshop, downloads it, and erases it.

export const load: PageServerLoad = async ({ locals }) => {
	const p = locals.participant;
	if (!p) redirect(303, '/rejoindre');
	return { data: await collectParticipantData(getDb(), getDocStore(), p.participantId) };
};

export const actions: Actions = {
	effacer: async ({ locals, request, cookies, url }) => {
		const p = locals.participant;
		if (!p) redirect(303, '/rejoindre');
		if ((await request.formData()).get('confirmation') !== 'oui') {
			return fail(400, { message: 'Cochez la case pour confirmer l’effacement : il est définitif.' });
		}
		await eraseParticipant(getDb(), getDocStore(), p.participantId, null);
		revokeConnections({ participantId: p.participantId }, CLOSE.unauthenticated, 'Données effacées');
		await mirrorPeople(getDb(), getDocStore(), p.workshopId);
		clearParticipantCookie(cookies, url);
		redirect(303, '/donnees-personnelles?effacement=fait');
	}
};
