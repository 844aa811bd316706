import type { RequestHandler } from './$types';
import * as v from 'valibot';
import { getDocStore } from '$lib/server/realtime';
import { answer, readJson, refuse } from '$lib/server/api';
import { joinGroup } from '$lib/server/facilitation/workshop-control';

const schema = v.object({ groupId: v.pipe(v.number('Groupe attendu.'), v.integer('Groupe attendu.'), v.minValue(1, 'Groupe attendu.')) });

/** POST /api/workshops/:workshopId/group {groupId} — a participant picks their sub-group. */
export const POST: RequestHandler = async ({ params, request, locals }) => {
	const p = locals.participant;
	if (!p) return refuse(401, 'Rejoignez l’atelier avec son code.');
	if (String(p.workshopId) !== params.workshopId) return refuse(403, 'Ce n’est pas votre atelier.');
	const body = await readJson(request, schema);
	if (!body.ok) return body.response;
	const { getDb } = await import('$lib/server/db/database');
	return answer(() => joinGroup(getDb(), getDocStore(), p.workshopId, p.participantId, body.data.groupId));
};
