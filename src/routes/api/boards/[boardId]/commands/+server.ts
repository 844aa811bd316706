import type { RequestHandler } from './$types';
import { commandSchema } from '$lib/domain/commands';
import { applyNoteCommand } from '$lib/server/boards/note-commands';
import { getDocStore } from '$lib/server/realtime';
import { answer, readJson } from '$lib/server/api';
import { participantForBoard } from '$lib/server/api-guards';
import { notifyDoc } from '$lib/server/restitution/live';
import { boardDocName } from '$lib/docs/doc-names';

/**
 * POST /api/boards/:boardId/commands — a participant's command on a board (see README).
 * 200 {ok, duplicate, noteId?, private?, myVotes?}; 400/401/403/404/409 {message} in French.
 */
export const POST: RequestHandler = async ({ params, request, locals }) => {
	const ctx = await participantForBoard(locals, params.boardId);
	if (!ctx.ok) return ctx.error;
	const body = await readJson(request, commandSchema);
	if (!body.ok) return body.response;
	const p = ctx.participant;
	return answer(async () => {
		const result = await applyNoteCommand(ctx.db, getDocStore(), ctx.board, { participantId: p.participantId, displayName: p.displayName, organisation: p.organisation }, body.data);
		// Votes live in SQL: the restitution slides following this table hear of them here.
		if (body.data.type.startsWith('vote.') && !result.duplicate) notifyDoc(boardDocName(ctx.board.id));
		return { ok: true, ...result };
	});
};
