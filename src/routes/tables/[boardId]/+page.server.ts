import type { PageServerLoad } from './$types';
import { getNotesByColumn } from '$lib/docs/board';
import { boardDocName } from '$lib/docs/doc-names';
import { columnsOf } from '$lib/domain/vocabulary';
import { requireBoardViewer } from '$lib/server/guards';
import { getDocStore } from '$lib/server/realtime';
import { findProjectById } from '$lib/server/projects/project.service';

export const load: PageServerLoad = async (event) => {
	const { db, board, workshop, participant, canEdit } = await requireBoardViewer(event, event.params.boardId);
	const byColumn = getDocStore().read(boardDocName(board.id), getNotesByColumn);
	const columns = columnsOf(board.template).map((c) => ({ ...c, notes: byColumn.get(c.id) ?? [] }));
	const project = participant ? null : await findProjectById(db, workshop.project_id);
	return {
		board: { id: board.id, theme: board.theme, template: board.template, archived: board.archived_at !== null },
		workshop: { id: workshop.id, title: workshop.title },
		project: project ? { id: project.id, name: project.name } : null,
		columns,
		isParticipant: !!participant,
		canEdit
	};
};
