import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { staffForBoard } from '$lib/server/api-guards';
import { findProjectVocabulary } from '$lib/server/projects/vocabulary.service';

/**
 * GET /api/boards/:boardId/vocabulary — the project's own words for the suggestions, for the
 * facilitators of the table (the browser compiles them on top of the thesaurus).
 * 200 {text}; 401/403/404 {message} in French.
 */
export const GET: RequestHandler = async ({ params, locals }) => {
	const ctx = await staffForBoard(locals, params.boardId);
	if (!ctx.ok) return ctx.error;
	return json({ text: await findProjectVocabulary(ctx.db, ctx.board.project_id) }, { headers: { 'cache-control': 'no-store' } });
};
