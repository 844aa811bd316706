import type { RequestHandler } from './$types';
import * as v from 'valibot';
import { getDocStore } from '$lib/server/realtime';
import { answer, refuse } from '$lib/server/api';
import { staffForBoard } from '$lib/server/api-guards';
import { createFicheFromCluster } from '$lib/server/fiches/fiche.service';

const clusterId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/));

/**
 * POST /api/boards/:boardId/clusters/:clusterId/fiche — "Créer une fiche-action": a draft
 * pre-filled from the cluster (asking twice gives the same fiche). Answers { ficheId }.
 */
export const POST: RequestHandler = async ({ params, locals }) => {
	const ctx = await staffForBoard(locals, params.boardId);
	if (!ctx.ok) return ctx.error;
	const id = v.safeParse(clusterId, params.clusterId);
	if (!id.success) return refuse(404, 'Regroupement introuvable.');
	return answer(async () => ({
		ficheId: await createFicheFromCluster(ctx.db, getDocStore(), ctx.board.id, id.output, { userId: ctx.user.id, name: ctx.user.display_name })
	}));
};
