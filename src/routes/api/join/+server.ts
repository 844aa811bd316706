import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { joinSchema, parse } from '$lib/domain/schemas';
import { getDb } from '$lib/server/db/database';
import { AppError } from '$lib/server/errors';
import { joinWorkshop } from '$lib/server/workshops/workshop.service';
import { listBoards } from '$lib/server/boards/board.service';
import { setParticipantCookie } from '$lib/server/auth/cookies';
import { getDocStore } from '$lib/server/realtime';
import { mirrorPeople } from '$lib/server/facilitation/workshop-control';

/**
 * POST /api/join {code, name, organisation}
 * → 200 {workshop: {id, title}, participant, rejoined, resumeCode?, boards: [{id, theme, template, docName}]} and the
 * participant cookie (none when this browser's participant session was the same person's);
 * 400 {message} on bad input, 401 {message} on an unknown or closed code, 429 {message} with
 * Retry-After when this address (or the instance) tried too many wrong codes.
 */
export const POST: RequestHandler = async ({ request, cookies, url, locals, getClientAddress }) => {
	let body: unknown;
	try {
		body = await request.json();
	} catch {
		return json({ message: 'Requête invalide : un objet JSON {code, name, organisation} est attendu.' }, { status: 400 });
	}
	const parsed = parse(joinSchema, body);
	if (!parsed.ok) return json({ message: parsed.message, fields: parsed.fields }, { status: 400 });
	const db = getDb();
	try {
		const joined = await joinWorkshop(db, parsed.data, getClientAddress(), locals.participant);
		if (!joined.rejoined) {
			setParticipantCookie(cookies, url, joined.token, joined.expiresAt);
			// The console's list of people follows live.
			await mirrorPeople(db, getDocStore(), joined.workshop.id);
		}
		const boards = await listBoards(db, joined.workshop.id);
		return json({
			workshop: joined.workshop,
			participant: { id: joined.participantId, name: parsed.data.name, organisation: parsed.data.organisation },
			// Already joined from this browser: the same participant, no new session.
			rejoined: joined.rejoined,
			...(joined.rejoined ? {} : { resumeCode: joined.resumeCode }),
			boards: boards.map((b) => ({ id: b.id, theme: b.theme, template: b.template, docName: b.docName }))
		});
	} catch (e) {
		if (e instanceof AppError) {
			const headers: Record<string, string> = e.retryAfterMs ? { 'Retry-After': String(Math.ceil(e.retryAfterMs / 1000)) } : {};
			return json({ message: e.message }, { status: e.status, headers });
		}
		throw e;
	}
};
