import type { RequestHandler } from './$types';
import { getDocStore } from '$lib/server/realtime';
import { requireFiche } from '$lib/server/fiches/fiche-guard';
import { answer, readJson, refuse } from '$lib/server/api';
import { resolveComment, resolveCommentSchema } from '$lib/server/fiches/comments';

/** POST /api/fiches/:ficheId/comments/:commentId {resolved} — resolves or reopens a thread. */
export const POST: RequestHandler = async (event) => {
	const ctx = await requireFiche(event, event.params.ficheId);
	if (!ctx.canEdit) return refuse(403, 'Vous ne pouvez pas modifier les commentaires de cette fiche.');
	const body = await readJson(event.request, resolveCommentSchema);
	if (!body.ok) return body.response;
	const commentId = event.params.commentId;
	if (commentId.length > 100) return refuse(404, 'Commentaire introuvable.');
	return answer(async () => resolveComment(getDocStore(), ctx.fiche.id, commentId, body.data.resolved, ctx.actor));
};
