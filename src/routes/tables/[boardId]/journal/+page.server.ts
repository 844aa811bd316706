import type { PageServerLoad } from './$types';
import { requireBoard } from '$lib/server/guards';
import { listNoteDeletions } from '$lib/server/boards/note-journal';
import { columnsOf } from '$lib/domain/vocabulary';
import { getDocStore } from '$lib/server/realtime';
import { boardDocName } from '$lib/docs/doc-names';
import { getNotes } from '$lib/docs/board';

/** GET /tables/:boardId/journal — the notes removed from a table, by whom and when (facilitators). */
export const load: PageServerLoad = async (event) => {
	const { db, board, workshop } = await requireBoard(event, event.params.boardId, 'board.edit');
	const columns = new Map(columnsOf(board.template).map((c) => [c.id, c.label]));
	const onBoard = new Set(getDocStore().read(boardDocName(board.id), getNotes).map((n) => n.id));
	const deletions = await listNoteDeletions(db, board.id, onBoard);
	return {
		board: { id: board.id, theme: board.theme, anonymous: !!board.anonymous },
		workshop: { id: workshop.id, title: workshop.title },
		deletions: deletions.map((d) => ({ ...d, columnLabel: columns.get(d.column) ?? d.column }))
	};
};
