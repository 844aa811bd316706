import type { RequestHandler } from './$types';
import { getDocStore } from '$lib/server/realtime';
import { requireFiche } from '$lib/server/fiches/fiche-guard';
import { answer, readJson, refuse } from '$lib/server/api';
import { newCommentSchema, postComment } from '$lib/server/fiches/comments';

/** POST /api/fiches/:ficheId/comments {field, text, parentId?} — 200 {id}; the author is the session's. */
export const POST: RequestHandler = async (event) => {
	const ctx = await requireFiche(event, event.params.ficheId);
	if (!ctx.canEdit) return refuse(403, 'Vous ne pouvez pas commenter cette fiche.');
	const body = await readJson(event.request, newCommentSchema);
	if (!body.ok) return body.response;
	return answer(async () => ({ id: postComment(getDocStore(), ctx.fiche.id, body.data, ctx.actor) }));
};
