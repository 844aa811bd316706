import type { RequestHandler } from './$types';
import { boardControlSchema } from '$lib/domain/control';
import { getDocStore } from '$lib/server/realtime';
import { answer, readJson } from '$lib/server/api';
import { staffForBoard } from '$lib/server/api-guards';
import { revealPrivateNotes, setBoardModes, setBoardPhase } from '$lib/server/facilitation/board-control';
import { mirrorWorkshop } from '$lib/server/facilitation/workshop-control';

/** POST /api/boards/:boardId/control — a facilitator steers a table: phase, modes, reveal. */
export const POST: RequestHandler = async ({ params, request, locals }) => {
	const ctx = await staffForBoard(locals, params.boardId);
	if (!ctx.ok) return ctx.error;
	const body = await readJson(request, boardControlSchema);
	if (!body.ok) return body.response;
	const store = getDocStore();
	const c = body.data;
	return answer(async () => {
		if (c.action === 'phase') await setBoardPhase(ctx.db, store, ctx.board.id, c.phase, ctx.user.id);
		else if (c.action === 'reveal') return { ok: true, revealed: await revealPrivateNotes(ctx.db, store, ctx.board.id, ctx.user.id) };
		else {
			const { action: _a, ...modes } = c;
			await setBoardModes(ctx.db, store, ctx.board.id, modes, ctx.user.id);
		}
		await mirrorWorkshop(ctx.db, store, ctx.board.workshop_id);
		return { ok: true };
	});
};
