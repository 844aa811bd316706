import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { staffForBoard } from '$lib/server/api-guards';
import { boardResults } from '$lib/server/votes';

/**
 * GET /api/boards/:boardId/results — for facilitators: clusters (or notes) ranked by votes, with the
 * votes broken down by kind of organisation of the voters.
 */
export const GET: RequestHandler = async ({ params, locals }) => {
	const ctx = await staffForBoard(locals, params.boardId);
	if (!ctx.ok) return ctx.error;
	return json(await boardResults(ctx.db, locals.app.docs, ctx.board.id));
};
