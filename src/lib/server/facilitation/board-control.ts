import type { Db } from '../db/database.ts';
import type { DocStore } from '../realtime/doc-store.ts';
import type { BoardPhase } from '../../domain/vocabulary.ts';
import { addNote, getNotes, writeSettings, type NoteColour } from '../../docs/board.ts';
import { boardDocName } from '../../docs/doc-names.ts';
import { now } from '../clock.ts';
import { audit } from '../audit.ts';
import { AppError } from '../errors.ts';

// Votes moved to their own feature folder (votes/); re-exported for the facilitation routes.
export { mirrorTallies, myVotes, SERVER_ORIGIN, voteTargets } from '../votes/index.ts';
import { mirrorTallies, SERVER_ORIGIN } from '../votes/index.ts';

export interface BoardModes {
	privateWriting?: boolean;
	anonymous?: boolean;
	locked?: boolean;
	participantsCanGroup?: boolean;
	voteBudget?: number;
	voteCap?: number | null;
	votesHidden?: boolean;
}

async function boardRow(db: Db, boardId: number) {
	const b = await db.selectFrom('boards').selectAll().where('id', '=', boardId).executeTakeFirst();
	if (!b) throw new AppError('not_found', 'Table introuvable.');
	return b;
}

/** Copies into the board doc what everyone may see of the board's settings (SQL is the authority). */
export async function mirrorBoardSettings(db: Db, store: DocStore, boardId: number): Promise<void> {
	const b = await boardRow(db, boardId);
	const pending = await db
		.selectFrom('private_notes')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('board_id', '=', boardId)
		.executeTakeFirstOrThrow();
	store.transact(
		boardDocName(boardId),
		(doc) =>
			writeSettings(doc, {
				phase: b.phase,
				privateWriting: !!b.private_writing,
				anonymous: !!b.anonymous,
				locked: !!b.locked,
				participantsCanGroup: !!b.participants_can_group,
				voteBudget: b.vote_budget,
				voteCap: b.vote_cap,
				votesHidden: !!b.votes_hidden,
				privateCount: Number(pending.n)
			}),
		SERVER_ORIGIN
	);
	await mirrorTallies(db, store, boardId);
}

export async function setBoardPhase(db: Db, store: DocStore, boardId: number, phase: BoardPhase, byUserId: number) {
	const b = await boardRow(db, boardId);
	// Leaving private writing for the next phase reveals what was written: nothing stays hidden
	// from a clustering or a vote.
	if (phase !== 'ecriture' && b.private_writing) await revealPrivateNotes(db, store, boardId, byUserId);
	await db.updateTable('boards').set({ phase }).where('id', '=', boardId).execute();
	await audit(db, { userId: byUserId, action: 'board.phase', subject: boardDocName(boardId), detail: phase });
	await mirrorBoardSettings(db, store, boardId);
}

export async function setBoardModes(db: Db, store: DocStore, boardId: number, modes: BoardModes, byUserId: number) {
	const b = await boardRow(db, boardId);
	if (modes.privateWriting === false && b.private_writing) await revealPrivateNotes(db, store, boardId, byUserId);
	const set = Object.fromEntries(
		Object.entries({
			private_writing: modes.privateWriting === undefined ? undefined : Number(modes.privateWriting),
			anonymous: modes.anonymous === undefined ? undefined : Number(modes.anonymous),
			locked: modes.locked === undefined ? undefined : Number(modes.locked),
			participants_can_group: modes.participantsCanGroup === undefined ? undefined : Number(modes.participantsCanGroup),
			vote_budget: modes.voteBudget,
			vote_cap: modes.voteCap,
			votes_hidden: modes.votesHidden === undefined ? undefined : Number(modes.votesHidden)
		}).filter(([, v]) => v !== undefined)
	);
	if (Object.keys(set).length === 0) throw new AppError('invalid', 'Aucun réglage à modifier.');
	await db.updateTable('boards').set(set).where('id', '=', boardId).execute();
	await audit(db, { userId: byUserId, action: 'board.modes', subject: boardDocName(boardId), detail: JSON.stringify(modes) });
	await mirrorBoardSettings(db, store, boardId);
}

/**
 * Private writing ends: every note kept on the server appears for all at once, in one transaction,
 * with its author unless the board is anonymous.
 */
export async function revealPrivateNotes(db: Db, store: DocStore, boardId: number, byUserId: number): Promise<number> {
	const b = await boardRow(db, boardId);
	const rows = await db
		.selectFrom('private_notes as n')
		.innerJoin('participants as p', 'p.id', 'n.participant_id')
		.select(['n.note_id', 'n.text', 'n.column_id', 'n.colour', 'n.round', 'n.group_name', 'n.created_at', 'n.participant_id', 'n.anonymous', 'p.display_name', 'p.organisation'])
		.where('n.board_id', '=', boardId)
		.orderBy('n.created_at')
		.execute();
	if (rows.length === 0) return 0;
	store.transact(
		boardDocName(boardId),
		(doc) => {
			let position = Math.max(0, ...getNotes(doc).map((n) => n.position)) + 1;
			for (const r of rows) {
				addNote(doc, {
					id: r.note_id,
					text: r.text,
					column: r.column_id,
					colour: r.colour as NoteColour,
					position: position++,
					createdAt: r.created_at,
					round: r.round ?? undefined,
					group: r.group_name ?? undefined,
					// Anonymous if the table is now, or was when the note was written.
					...(b.anonymous || r.anonymous ? {} : { authorName: r.display_name, organisation: r.organisation })
				});
			}
		},
		SERVER_ORIGIN
	);
	await db.deleteFrom('private_notes').where('board_id', '=', boardId).execute();
	await audit(db, { userId: byUserId, action: 'board.reveal', subject: boardDocName(boardId), detail: String(rows.length) });
	await mirrorBoardSettings(db, store, boardId);
	return rows.length;
}

export { now };
