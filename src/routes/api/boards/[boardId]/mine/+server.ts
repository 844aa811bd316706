import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { participantForBoard } from '$lib/server/api-guards';
import { myVotes } from '$lib/server/votes';

/** GET /api/boards/:boardId/mine — what only this participant sees: private notes, own dots. */
export const GET: RequestHandler = async ({ params, locals }) => {
	const ctx = await participantForBoard(locals, params.boardId);
	if (!ctx.ok) return ctx.error;
	const privateNotes = await ctx.db
		.selectFrom('private_notes')
		.select(['note_id as id', 'text', 'column_id as column', 'colour', 'created_at as createdAt'])
		.where('board_id', '=', ctx.board.id)
		.where('participant_id', '=', ctx.participant.participantId)
		.orderBy('created_at')
		.execute();
	return json({ privateNotes, myVotes: await myVotes(ctx.db, ctx.board.id, ctx.participant.participantId) });
};
