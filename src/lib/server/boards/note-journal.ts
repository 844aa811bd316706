import * as Y from 'yjs';
import type { Db } from '../db/database.ts';
import { insertNoteDeletion, isBoardAnonymous } from '../db/hot-queries.ts';
import { hasNote, notesDeletedBy, type Note } from '../../docs/board.ts';
import { parseDocName } from '../../docs/doc-names.ts';
import type { DocAccess } from '../realtime/access.ts';
import { now } from '../clock.ts';

// The board's journal of deleted notes: who removed which note, when, and what it said. Written by
// the participant's delete command and by a facilitator's socket update; read by the facilitators.

export interface DeletedBy {
	userId: number | null;
	participantId: number | null;
}

/**
 * Records deleted notes. Anonymity is decided now, once: the table is anonymous, or the note was
 * written on it while it was (no author in the doc). Switching anonymity off later names nobody.
 */
export function recordNoteDeletions(db: Db, boardId: number, notes: readonly Note[], by: DeletedBy): void {
	const tableAnonymous = isBoardAnonymous(db, boardId);
	const at = now();
	for (const n of notes) {
		const anonymous = tableAnonymous || n.authorName === undefined ? 1 : 0;
		insertNoteDeletion(db, {
			board_id: boardId,
			note_id: n.id,
			text: n.text,
			column_id: n.column,
			author_name: anonymous ? null : (n.authorName ?? null),
			organisation: anonymous ? null : (n.organisation ?? null),
			user_id: by.userId,
			participant_id: by.participantId,
			anonymous,
			deleted_at: at
		});
	}
}

/**
 * Before a writer's update is applied to a board doc: the notes it removes are read now (their text
 * is gone after) and recorded once the update is in. Returns what to run after the update, if any.
 */
export function beforeBoardWrite(db: Db, access: DocAccess, doc: Y.Doc, ds: ReturnType<typeof Y.decodeUpdate>['ds']): (() => void) | undefined {
	const parsed = parseDocName(access.docName);
	if (!parsed || parsed.type !== 'board') return;
	const removed = notesDeletedBy(doc, ds);
	if (removed.length === 0) return;
	return () => {
		// An update may delete a note and write it again under the same id: not a deletion.
		const gone = removed.filter((n) => !hasNote(doc, n.id));
		if (gone.length) recordNoteDeletions(db, parsed.id, gone, { userId: access.userId, participantId: access.participantId });
	};
}

export interface NoteDeletionEntry {
	noteId: string;
	text: string;
	column: string;
	/** The note's author as the board showed it (absent on an anonymous board). */
	authorName: string | null;
	organisation: string | null;
	deletedAt: number;
	/** Who deleted it, as a facilitator may see it. */
	deletedBy: string;
	byAuthor: boolean;
	/** The note is on the board again (a facilitator's undo brings it back under the same id). */
	restored: boolean;
}

/**
 * The board's deleted notes, newest first. On a note deleted anonymously (see recordNoteDeletions)
 * the participant who deleted it is not named: that would name the note's author. `onBoard`: the
 * ids of the notes on the board now.
 */
export async function listNoteDeletions(db: Db, boardId: number, onBoard: ReadonlySet<string>): Promise<NoteDeletionEntry[]> {
	const rows = await db
		.selectFrom('note_deletions as d')
		.leftJoin('users as u', 'u.id', 'd.user_id')
		.leftJoin('participants as p', 'p.id', 'd.participant_id')
		.select([
			'd.note_id',
			'd.text',
			'd.column_id',
			'd.author_name',
			'd.organisation',
			'd.deleted_at',
			'd.user_id',
			'd.participant_id',
			'd.anonymous',
			'u.display_name as user_name',
			'p.display_name as participant_name',
			'p.organisation as participant_organisation'
		])
		.where('d.board_id', '=', boardId)
		.orderBy('d.deleted_at', 'desc')
		.orderBy('d.id', 'desc')
		.execute();
	return rows.map((r) => {
		const byAuthor = r.participant_id !== null;
		const anonymous = r.anonymous === 1;
		// Shown after "par": lower case.
		let deletedBy: string;
		if (r.user_id !== null) deletedBy = `${r.user_name}, de l’équipe d’animation`;
		else if (byAuthor && anonymous) deletedBy = 'son auteur (contribution anonyme)';
		else if (byAuthor) deletedBy = `${r.participant_name}${r.participant_organisation ? ` (${r.participant_organisation})` : ''}, son auteur`;
		// Accounts and participants can be removed later (the row keeps the deletion, not the name).
		else deletedBy = 'une personne qui n’est plus inscrite';
		return {
			noteId: r.note_id,
			text: r.text,
			column: r.column_id,
			authorName: anonymous ? null : r.author_name,
			organisation: anonymous ? null : r.organisation,
			deletedAt: r.deleted_at,
			deletedBy,
			byAuthor,
			restored: onBoard.has(r.note_id)
		};
	});
}
