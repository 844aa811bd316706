import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { staffForBoard } from '$lib/server/api-guards';
import { getDocStore } from '$lib/server/realtime';
import { boardDocName } from '$lib/docs/doc-names';
import { getNotes } from '$lib/docs/board';
import { parseProjectVocabulary } from '$lib/domain/project-vocabulary';
import { findSuggestionSettings } from '$lib/server/projects/suggestion-settings.service';
import { SemanticError, semanticConfig, semanticSuggestions } from '$lib/server/semantic/semantic.service';

/**
 * POST /api/boards/:boardId/semantic-suggestions — suggestions with the semantic help, for a
 * table's facilitators, when the administrator configured an endpoint and the project enabled it.
 * The server reads the table's ungrouped notes itself (private notes are never in the doc).
 * 200 {suggestions, host}; 401/403/404; 409 not enabled; 503 not configured; 413 too many notes;
 * 502 endpoint failed
 * (the browser then keeps its local suggestions); {message} in French.
 */
export const POST: RequestHandler = async ({ params, locals }) => {
	const ctx = await staffForBoard(locals, params.boardId);
	if (!ctx.ok) return ctx.error;
	const config = semanticConfig();
	if (!config) return json({ message: 'Aucun service sémantique n’est configuré sur ce serveur.' }, { status: 503 });
	const settings = await findSuggestionSettings(ctx.db, ctx.board.project_id);
	if (!settings.semanticEnabled) return json({ message: 'L’aide sémantique n’est pas activée pour ce projet (paramètres du projet).' }, { status: 409 });
	const notes = getDocStore()
		.read(boardDocName(ctx.board.id), getNotes)
		.filter((n) => !n.clusterId)
		.map((n) => ({ id: n.id, text: n.text, column: n.column }));
	const vocabulary = parseProjectVocabulary(settings.vocabulary);
	try {
		const result = await semanticSuggestions(config, notes, vocabulary.ok && settings.vocabulary.trim() ? vocabulary.vocabulary : undefined);
		return json({ ...result, host: config.host });
	} catch (e) {
		if (e instanceof SemanticError) return json({ message: `${e.message} Les suggestions restent calculées sur l’appareil.` }, { status: e.status });
		throw e;
	}
};
