import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { parseId, requireWorkshop } from '$lib/server/guards';
import { getDocStore } from '$lib/server/realtime';
import { collectParticipantData } from '$lib/server/privacy/participant-data';

/** GET (facilitators): a participant's data, to answer their request (RGPD art. 15 and 20). */
export const GET: RequestHandler = async (event) => {
	const { db, workshop } = await requireWorkshop(event, event.params.workshopId, 'workshop.edit');
	const data = await collectParticipantData(db, getDocStore(), parseId(event.params.participantId));
	if (!data || data.workshop.id !== workshop.id) error(404, 'Participant introuvable.');
	return json(data, { headers: { 'Content-Disposition': `attachment; filename="participant-${data.participant.id}.json"`, 'Cache-Control': 'no-store' } });
};
