import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { staffForBoard } from '$lib/server/api-guards';
import { getDocStore } from '$lib/server/realtime';
import { boardDocName } from '$lib/docs/doc-names';
import { getClusters, getNotes } from '$lib/docs/board';
import { organisationKindLabel } from '$lib/domain/rotation';
import { rankTargets, tally } from '$lib/domain/voting';

/**
 * GET /api/boards/:boardId/results — for facilitators: clusters (or notes) ranked by votes, with the
 * votes broken down by kind of organisation of the voters.
 */
export const GET: RequestHandler = async ({ params, locals }) => {
	const ctx = await staffForBoard(locals, params.boardId);
	if (!ctx.ok) return ctx.error;
	const votes = await ctx.db
		.selectFrom('votes as v')
		.innerJoin('participants as p', 'p.id', 'v.participant_id')
		.select(['v.target_id', 'p.organisation'])
		.where('v.board_id', '=', ctx.board.id)
		.execute();
	const { targets, kind } = getDocStore().read(boardDocName(ctx.board.id), (doc) => {
		const clusters = getClusters(doc);
		const notes = getNotes(doc);
		return clusters.length
			? { kind: 'clusters' as const, targets: clusters.map((c) => ({ id: c.id, label: c.title || 'Regroupement sans nom', column: c.column, size: notes.filter((n) => n.clusterId === c.id).length })) }
			: { kind: 'notes' as const, targets: notes.map((n) => ({ id: n.id, label: n.text, column: n.column, size: 1 })) };
	});
	const ranked = rankTargets(targets, tally(votes)).map((t) => {
		const byKind = new Map<string, number>();
		for (const v of votes) {
			if (v.target_id !== t.id) continue;
			const label = organisationKindLabel(v.organisation);
			byKind.set(label, (byKind.get(label) ?? 0) + 1);
		}
		return { ...t, byKind: Object.fromEntries(byKind) };
	});
	return json({ kind, totalVotes: votes.length, voters: new Set(votes.map((v) => v.organisation)).size, ranked });
};
