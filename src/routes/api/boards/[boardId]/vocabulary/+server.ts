import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { staffForBoard } from '$lib/server/api-guards';
import { findSuggestionSettings } from '$lib/server/projects/suggestion-settings.service';
import { semanticConfig } from '$lib/server/semantic/semantic.service';

/**
 * GET /api/boards/:boardId/vocabulary — the project's settings for the suggestions, for the
 * facilitators of the table: its own words (the browser compiles them on top of the thesaurus) and
 * whether the semantic help is on, with the host the texts would go to (never the key).
 * 200 {text, semantic: {host} | null}; 401/403/404 {message} in French.
 */
export const GET: RequestHandler = async ({ params, locals }) => {
	const ctx = await staffForBoard(locals, params.boardId);
	if (!ctx.ok) return ctx.error;
	const settings = await findSuggestionSettings(ctx.db, ctx.board.project_id);
	const config = semanticConfig();
	return json({ text: settings.vocabulary, semantic: settings.semanticEnabled && config ? { host: config.host } : null }, { headers: { 'cache-control': 'no-store' } });
};
