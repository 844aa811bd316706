import type { Db } from '../db/database.ts';
import type { BoardTemplate } from '../../domain/vocabulary.ts';
import { boardDocName } from '../../docs/doc-names.ts';
import { now } from '../clock.ts';
import { audit } from '../audit.ts';
import { moveRow, nextPosition } from '../ordering.ts';

export interface BoardInput {
	theme: string;
	template: BoardTemplate;
}

export async function findBoardById(db: Db, boardId: number) {
	return db.selectFrom('boards').selectAll().where('id', '=', boardId).executeTakeFirst();
}

export async function listBoards(db: Db, workshopId: number, options: { includeArchived?: boolean } = {}) {
	let q = db.selectFrom('boards').selectAll().where('workshop_id', '=', workshopId);
	if (!options.includeArchived) q = q.where('archived_at', 'is', null);
	const rows = await q.orderBy('archived_at', (ob) => ob.nullsFirst()).orderBy('position').execute();
	return rows.map((b) => ({ ...b, docName: boardDocName(b.id) }));
}

export async function createBoard(db: Db, workshopId: number, input: BoardInput, byUserId: number | null) {
	const row = await db
		.insertInto('boards')
		.values({
			workshop_id: workshopId,
			theme: input.theme,
			template: input.template,
			position: await nextPosition(db, 'boards', 'workshop_id', workshopId),
			created_at: now()
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	await audit(db, { userId: byUserId, action: 'board.create', subject: boardDocName(row.id) });
	return row.id;
}

export async function updateBoard(db: Db, boardId: number, input: BoardInput) {
	await db.updateTable('boards').set({ theme: input.theme, template: input.template }).where('id', '=', boardId).execute();
}

export async function setBoardArchived(db: Db, boardId: number, archived: boolean, byUserId: number) {
	await db.updateTable('boards').set({ archived_at: archived ? now() : null }).where('id', '=', boardId).execute();
	await audit(db, { userId: byUserId, action: archived ? 'board.archive' : 'board.restore', subject: boardDocName(boardId) });
}

export function moveBoard(db: Db, boardId: number, direction: 'up' | 'down') {
	return moveRow(db, 'boards', 'workshop_id', boardId, direction);
}
