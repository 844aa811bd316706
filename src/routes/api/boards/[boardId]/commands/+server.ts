import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import * as v from 'valibot';
import { commandSchema } from '$lib/domain/commands';
import { idParam, parse } from '$lib/domain/schemas';
import { getDb } from '$lib/server/db/database';
import { AppError } from '$lib/server/errors';
import { findBoardById } from '$lib/server/boards/board.service';
import { findWorkshopById } from '$lib/server/workshops/workshop.service';
import { applyNoteCommand } from '$lib/server/boards/note-commands';
import { getDocStore } from '$lib/server/realtime';

/**
 * POST /api/boards/:boardId/commands — a participant's command on a board (see README).
 * 200 {ok, duplicate, noteId}; 400/401/403/404/409 {message} in French.
 */
export const POST: RequestHandler = async ({ params, request, locals }) => {
	const participant = locals.participant;
	if (!participant) return json({ message: 'Rejoignez l’atelier avec son code pour contribuer.' }, { status: 401 });
	const boardId = v.safeParse(idParam, params.boardId);
	if (!boardId.success) return json({ message: 'Table introuvable.' }, { status: 404 });
	const db = getDb();
	const board = await findBoardById(db, boardId.output);
	if (!board) return json({ message: 'Table introuvable.' }, { status: 404 });
	if (board.workshop_id !== participant.workshopId) {
		return json({ message: 'Cette table appartient à un autre atelier.' }, { status: 403 });
	}
	const workshop = await findWorkshopById(db, board.workshop_id);
	if (board.archived_at !== null || !workshop || workshop.archived_at !== null) {
		return json({ message: 'Cette table est fermée.' }, { status: 403 });
	}
	let body: unknown;
	try {
		body = await request.json();
	} catch {
		return json({ message: 'Requête invalide : une commande JSON est attendue.' }, { status: 400 });
	}
	const parsed = parse(commandSchema, body);
	if (!parsed.ok) return json({ message: parsed.message, fields: parsed.fields }, { status: 400 });
	try {
		const result = await applyNoteCommand(
			db,
			getDocStore(),
			board,
			{ participantId: participant.participantId, displayName: participant.displayName, organisation: participant.organisation },
			parsed.data
		);
		return json({ ok: true, ...result });
	} catch (e) {
		if (e instanceof AppError) return json({ message: e.message }, { status: e.status });
		throw e;
	}
};
