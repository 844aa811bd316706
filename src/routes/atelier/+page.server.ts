import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db/database';
import { findWorkshopById } from '$lib/server/workshops/workshop.service';
import { listBoards } from '$lib/server/boards/board.service';
import { invalidateParticipantSession } from '$lib/server/auth/participant-session';
import { clearParticipantCookie } from '$lib/server/auth/cookies';
import { CLOSE, revokeConnections } from '$lib/server/realtime';
import { takeResumeCode } from '$lib/server/workshops/resume-cookie';
import { formatResumeCode } from '$lib/server/workshops/participants.service';

export const load: PageServerLoad = async ({ locals, cookies, url }) => {
	const p = locals.participant;
	if (!p) redirect(303, '/rejoindre');
	const db = getDb();
	const workshop = (await findWorkshopById(db, p.workshopId))!;
	const boards = await listBoards(db, workshop.id);
	return {
		workshop: { id: workshop.id, title: workshop.title, place: workshop.place, date: workshop.date },
		me: { name: p.displayName, organisation: p.organisation, participantId: p.participantId },
		boards: boards.map((b) => ({ id: b.id, theme: b.theme, template: b.template })),
		resumeCode: ((code) => (code ? formatResumeCode(code) : null))(takeResumeCode(cookies, url))
	};
};

export const actions: Actions = {
	quitter: async ({ locals, cookies, url, request }) => {
		if (locals.participant) {
			const sessionId = locals.participant.sessionId;
			await invalidateParticipantSession(getDb(), sessionId);
			revokeConnections({ sessionId }, CLOSE.unauthenticated, 'Atelier quitté');
		}
		clearParticipantCookie(cookies, url);
		// "Ce n'est pas moi" on the join page: back to the join form (only there, never elsewhere).
		const next = String((await request.formData().catch(() => null))?.get('next') ?? '');
		redirect(303, /^\/rejoindre(\/[A-Za-z0-9]{0,12})?$/.test(next) ? next : '/');
	}
};
