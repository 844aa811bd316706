import type { RequestHandler } from './$types';
import { requireBoard } from '$lib/server/guards';
import { getDocStore } from '$lib/server/realtime';
import { boardToSvg } from '$lib/server/exports/board-svg';
import { boardDocName } from '$lib/docs/doc-names';
import { getClusters, getNotes } from '$lib/docs/board';
import { columnsOf } from '$lib/domain/vocabulary';
import { formatDate } from '$lib/domain/dates';
import { tally } from '$lib/domain/voting';

/**
 * GET /tables/:boardId/image.svg — the board as a picture for the restitution report, for the
 * project's members (the report's authors), with the votes as they stand.
 */
export const GET: RequestHandler = async (event) => {
	const { db, board, workshop } = await requireBoard(event, event.params.boardId, 'project.view');
	const { notes, clusters } = getDocStore().read(boardDocName(board.id), (doc) => ({ notes: getNotes(doc), clusters: getClusters(doc) }));
	const votes = await db.selectFrom('votes').select('target_id').where('board_id', '=', board.id).execute();
	const svg = boardToSvg({
		title: board.theme,
		subtitle: [workshop.title, workshop.date ? formatDate(workshop.date) : ''].filter(Boolean).join(' · '),
		columns: columnsOf(board.template),
		notes,
		clusters,
		votes: tally(votes)
	});
	return new Response(svg, {
		headers: {
			'content-type': 'image/svg+xml; charset=utf-8',
			'content-disposition': `inline; filename="table-${board.id}.svg"`,
			// Notes may hold personal data: not kept by shared caches. The picture holds no script
			// (every text is escaped); the policy says so to the browser that opens it directly.
			'cache-control': 'private, no-store',
			'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
			'x-content-type-options': 'nosniff'
		}
	});
};
