import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db/database';
import { getDocStore } from '$lib/server/realtime';
import { collectParticipantData } from '$lib/server/privacy/participant-data';

/** GET: what Tablée holds about the signed-in participant, as a JSON file (RGPD art. 15 and 20). */
export const GET: RequestHandler = async ({ locals }) => {
	const p = locals.participant;
	if (!p) error(401, 'Rejoignez l’atelier pour voir vos données.');
	const data = await collectParticipantData(getDb(), getDocStore(), p.participantId);
	return json(data, { headers: { 'Content-Disposition': 'attachment; filename="mes-donnees-tablee.json"', 'Cache-Control': 'no-store' } });
};
