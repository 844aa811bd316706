import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { participantForBoard } from '$lib/server/api-guards';
import { runCommand } from '$lib/server/boards/command-endpoint';

/**
 * POST /api/boards/:boardId/commands — a participant's command on a board (see README).
 * 200 {ok, duplicate, noteId?, private?, myVotes?}; 400/401/403/404/409 {message} in French.
 * In production the server entry answers the common case without SvelteKit (`tryFastCommand`),
 * with the same `runCommand`.
 */
export const POST: RequestHandler = async ({ params, request, locals }) => {
	const ctx = await participantForBoard(locals, params.boardId);
	if (!ctx.ok) return ctx.error;
	let raw: unknown;
	try {
		raw = await request.json();
	} catch {
		return json({ message: 'Requête invalide : un objet JSON est attendu.' }, { status: 400 });
	}
	const p = ctx.participant;
	const answer = await runCommand(ctx.db, locals.app.docs, locals.app.live, ctx.board, { participantId: p.participantId, displayName: p.displayName, organisation: p.organisation }, raw);
	return json(answer.body, { status: answer.status, headers: answer.status === 503 ? { 'retry-after': '2' } : undefined });
};
