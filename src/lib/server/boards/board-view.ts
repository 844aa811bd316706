import { toBase64 } from 'lib0/buffer';
import type { RequestEvent } from '@sveltejs/kit';
import { boardDocName } from '../../docs/doc-names.ts';
import { columnsOf } from '../../domain/vocabulary.ts';
import { requireBoardViewer } from '../guards.ts';
import { findProjectById } from '../projects/project.service.ts';
import { getClusters } from '../../docs/board.ts';

/** What the board pages (live board, projection) need, for whoever may see the board. */
export async function loadBoardView(event: Pick<RequestEvent, 'locals' | 'url' | 'params'>) {
	const { db, board, workshop, participant, canEdit } = await requireBoardViewer(event, event.params.boardId);
	const docName = boardDocName(board.id);
	const store = event.locals.app.docs;
	const columns = columnsOf(board.template);
	const project = participant ? null : await findProjectById(db, workshop.project_id);
	const ownNoteIds = participant
		? (await db.selectFrom('note_owners').select('note_id').where('board_id', '=', board.id).where('participant_id', '=', participant.participantId).execute()).map((r) => r.note_id)
		: [];
	// Facilitators see the clusters of the workshop's other tables ("aussi soulevé à la table …").
	const otherClusters = canEdit
		? (await db.selectFrom('boards').select(['id', 'theme']).where('workshop_id', '=', workshop.id).where('id', '!=', board.id).where('archived_at', 'is', null).execute()).flatMap((b) =>
				store.read(boardDocName(b.id), getClusters).map((c) => ({ boardId: b.id, theme: b.theme, clusterId: c.id, title: c.title }))
			)
		: [];
	return {
		otherClusters,
		board: { id: board.id, theme: board.theme, template: board.template, archived: board.archived_at !== null, docName },
		workshop: { id: workshop.id, title: workshop.title },
		project: project ? { id: project.id, name: project.name } : null,
		columns: columns.map((c) => ({ ...c })),
		initialState: toBase64(store.fullState(docName)),
		mode: participant ? ('participant' as const) : canEdit ? ('facilitator' as const) : ('viewer' as const),
		participantId: participant?.participantId ?? null,
		me: participant
			? { name: participant.displayName, organisation: participant.organisation }
			: { name: event.locals.user!.display_name, organisation: 'Département' },
		ownNoteIds
	};
}
