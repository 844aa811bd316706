import type { Db } from '../db/database.ts';
import { claimNote, groupNameOf, isPrivateNote, noteOwner, recordCommand, seenCommand, workshopState as readWorkshopState, type CommandBoardRow, type WorkshopState } from '../db/hot-queries.ts';
import type { Command } from '../../domain/commands.ts';
import { columnsOf } from '../../domain/vocabulary.ts';
import { addNote, assignToCluster, deleteNote, getClusters, getNote, nextPositionIn, updateNote } from '../../docs/board.ts';
import { boardDocName } from '../../docs/doc-names.ts';
import type { DocStore } from '../realtime/doc-store.ts';
import { AppError } from '../errors.ts';
import { now } from '../clock.ts';
import { mirrorBoardSettings } from '../facilitation/board-control.ts';
import { castVote, mirrorTallies, retractVote } from '../votes/index.ts';
import { recordNoteDeletions } from './note-journal.ts';
import { WRITING_GRACE_MS, writingState } from '../../domain/writing.ts';

export interface CommandActor {
	participantId: number;
	displayName: string;
	organisation: string;
}

export interface CommandResult {
	/** True when this command id had already been applied: nothing was done again. */
	duplicate: boolean;
	noteId?: string;
	/** Private writing: the note is kept on the server until the reveal. */
	private?: boolean;
	/** Votes: this participant's dots after the command. */
	myVotes?: string[];
}

/** The board's columns a command reads (the fast path's row, whether or not it holds archived_at). */
export type CommandBoard = Omit<CommandBoardRow, 'archived_at'>;

const PHASE_REFUSAL: Record<string, string> = {
	ecriture: 'La table est en phase d’écriture : le regroupement et le vote viendront ensuite.',
	regroupement: 'La table est en phase de regroupement : l’écriture est terminée.',
	vote: 'La table est en phase de vote : l’écriture est terminée.',
	clos: 'Cette table est close.'
};

function requirePhase(board: CommandBoard, phase: string) {
	if (board.locked) throw new AppError('forbidden', 'L’animateur a verrouillé cette table.');
	if (board.phase !== phase) throw new AppError('forbidden', PHASE_REFUSAL[board.phase] ?? 'Action impossible dans cette phase.');
}

/**
 * Writing also stops when the workshop's timer, set to stop writing, has run out; what arrives within
 * the grace period after the end was on its way when time ran out and is still taken (the phone
 * closed its composer on time, see `writingState`).
 */
function requireWritingOpen(board: CommandBoard, w: WorkshopState | undefined) {
	requirePhase(board, 'ecriture');
	const timer = w ? { endsAt: w.timer_ends_at, pausedRemainingMs: w.timer_paused_remaining_ms, stopsWriting: !!w.timer_stops_writing } : null;
	const state = writingState({ phase: board.phase, locked: !!board.locked }, timer, now(), WRITING_GRACE_MS);
	if (!state.open) throw new AppError('forbidden', state.message);
}

/** The round and sub-group a participant writes in (world café), recorded with each note. */
function roundAndGroup(db: Db, board: CommandBoard, w: WorkshopState | undefined, participantId: number) {
	return { round: w && w.current_round > 0 ? w.current_round : undefined, group: groupNameOf(db, participantId, board.workshop_id) };
}

/** What every command handler works with; it fills `result` in. */
interface CommandContext {
	db: Db;
	store: DocStore;
	board: CommandBoard;
	actor: CommandActor;
	docName: string;
	/** The board template's column ids. */
	columns: string[];
	/** The transaction origin naming the participant as the author in the log. */
	origin: { participantId: number; userId: null };
	result: CommandResult;
}

type Handler<T extends Command['type']> = (ctx: CommandContext, command: Extract<Command, { type: T }>) => Promise<void> | void;

/** note.add: a new note, in the doc (or held back on the server while writing is private). */
const addNoteCommand: Handler<'note.add'> = async ({ db, store, board, actor, docName, columns, origin, result }, command) => {
	requirePhase(board, 'ecriture');
	const workshop = readWorkshopState(db, board.workshop_id);
	requireWritingOpen(board, workshop);
	if (!columns.includes(command.note.column)) throw new AppError('invalid', 'Colonne inconnue pour cette table.');
	// A note id belongs to whoever wrote it first: reusing the id of someone else's note (or of a
	// facilitator's, which has no owner row) must not hand its ownership over.
	const owner = noteOwner(db, board.id, command.note.id);
	const exists = store.read(docName, (doc) => !!getNote(doc, command.note.id));
	if ((owner !== null && owner !== actor.participantId) || (owner === null && exists)) {
		throw new AppError('conflict', 'Identifiant de contribution déjà utilisé.');
	}
	const { round, group } = roundAndGroup(db, board, workshop, actor.participantId);
	result.noteId = command.note.id;
	// Ownership is claimed before the note exists anywhere: after a crash between the two, the
	// retry finds its own claim and goes on (a note without owner would read as someone else's).
	claimNote(db, board.id, command.note.id, actor.participantId);
	if (board.private_writing) {
		// Kept on the server: the note reaches nobody else's browser before the reveal.
		await db
			.insertInto('private_notes')
			.values({
				board_id: board.id,
				note_id: command.note.id,
				participant_id: actor.participantId,
				text: command.note.text,
				column_id: command.note.column,
				colour: command.note.colour,
				round: round ?? null,
				group_name: group ?? null,
				created_at: now(),
				anonymous: board.anonymous
			})
			.onConflict((oc) => oc.doNothing())
			.execute();
		result.private = true;
		await mirrorBoardSettings(db, store, board.id);
		return;
	}
	store.transact(
		docName,
		(doc) => {
			if (getNote(doc, command.note.id)) return;
			addNote(doc, {
				id: command.note.id,
				text: command.note.text,
				column: command.note.column,
				colour: command.note.colour,
				position: nextPositionIn(doc, command.note.column),
				createdAt: now(),
				round,
				group,
				// An anonymous table never carries the author, not even hidden.
				...(board.anonymous ? {} : { authorName: actor.displayName, organisation: actor.organisation })
			});
		},
		origin
	);
};

/** What note.edit and note.delete check first: writing open, the note the participant's own. */
function ownNoteInWriting(ctx: CommandContext, noteId: string): { isPrivate: boolean } {
	const { db, board, actor } = ctx;
	requirePhase(board, 'ecriture');
	requireWritingOpen(board, readWorkshopState(db, board.workshop_id));
	if (noteOwner(db, board.id, noteId) !== actor.participantId) {
		throw new AppError('forbidden', 'Vous ne pouvez modifier que vos propres contributions.');
	}
	ctx.result.noteId = noteId;
	return { isPrivate: isPrivateNote(db, board.id, noteId) };
}

/** note.edit: the participant's own note, its text, colour or column. */
const editNoteCommand: Handler<'note.edit'> = async (ctx, command) => {
	const { db, store, board, docName, columns, origin } = ctx;
	const { isPrivate } = ownNoteInWriting(ctx, command.noteId);
	if (command.column !== undefined && !columns.includes(command.column)) throw new AppError('invalid', 'Colonne inconnue pour cette table.');
	if (isPrivate) {
		await db
			.updateTable('private_notes')
			.set({ text: command.text, column_id: command.column, colour: command.colour })
			.where('board_id', '=', board.id)
			.where('note_id', '=', command.noteId)
			.execute();
		return;
	}
	store.transact(
		docName,
		(doc) => {
			const current = getNote(doc, command.noteId);
			if (!current) return;
			const moved = command.column !== undefined && command.column !== current.column;
			updateNote(doc, command.noteId, {
				text: command.text,
				colour: command.colour,
				column: command.column,
				position: moved ? nextPositionIn(doc, command.column!) : undefined,
				clusterId: moved ? null : undefined
			});
		},
		origin
	);
};

/** note.delete: the participant's own note, recorded in the board's journal. */
const deleteNoteCommand: Handler<'note.delete'> = async (ctx, command) => {
	const { db, store, board, actor, docName, origin } = ctx;
	const { isPrivate } = ownNoteInWriting(ctx, command.noteId);
	if (isPrivate) {
		await db.deleteFrom('private_notes').where('board_id', '=', board.id).where('note_id', '=', command.noteId).execute();
		await mirrorBoardSettings(db, store, board.id);
		return;
	}
	const removed = store.transact(
		docName,
		(doc) => {
			const note = getNote(doc, command.noteId);
			return note && deleteNote(doc, command.noteId) ? note : null;
		},
		origin
	);
	// The board's journal: the author removed their own note (see note-journal.ts). Its failure
	// is logged: the deletion itself is done and durable.
	if (removed) {
		try {
			recordNoteDeletions(db, board.id, [removed], { userId: null, participantId: actor.participantId });
		} catch (e) {
			console.error(`[journal] board ${board.id}:`, e);
		}
	}
};

/** note.group: a note into a cluster (or out of it), when the facilitator opened grouping. */
const groupNoteCommand: Handler<'note.group'> = ({ store, board, docName, origin, result }, command) => {
	requirePhase(board, 'regroupement');
	if (!board.participants_can_group) throw new AppError('forbidden', 'L’animateur n’a pas ouvert le regroupement aux participants.');
	result.noteId = command.noteId;
	store.transact(
		docName,
		(doc) => {
			if (!getNote(doc, command.noteId)) throw new AppError('not_found', 'Contribution introuvable.');
			if (command.clusterId && !getClusters(doc).some((c) => c.id === command.clusterId)) throw new AppError('not_found', 'Regroupement introuvable.');
			assignToCluster(doc, [command.noteId], command.clusterId);
		},
		origin
	);
};

/** vote.cast: one dot (votes/ballot.ts), then the tallies mirrored into the doc. */
const castVoteCommand: Handler<'vote.cast'> = async ({ db, store, board, actor, result }, command) => {
	requirePhase(board, 'vote');
	result.myVotes = await castVote(db, store, { boardId: board.id, participantId: actor.participantId, rules: { budget: board.vote_budget, cap: board.vote_cap } }, command.targetId);
	await mirrorTallies(db, store, board.id);
};

/** vote.retract: one dot taken back. */
const retractVoteCommand: Handler<'vote.retract'> = async ({ db, store, board, actor, result }, command) => {
	requirePhase(board, 'vote');
	result.myVotes = await retractVote(db, { boardId: board.id, participantId: actor.participantId }, command.targetId);
	await mirrorTallies(db, store, board.id);
};

/** One handler per command type: each facilitation rule lives in the handler it concerns. */
const HANDLERS: { [T in Command['type']]: Handler<T> } = {
	'note.add': addNoteCommand,
	'note.edit': editNoteCommand,
	'note.delete': deleteNoteCommand,
	'note.group': groupNoteCommand,
	'vote.cast': castVoteCommand,
	'vote.retract': retractVoteCommand
};

/**
 * Applies a participant's command to a board, with the participant as the update's author.
 * Order matters for crash safety: the doc change (durable as soon as it is applied) comes before the
 * command is recorded, and every change is idempotent by note id, so a retry after a crash between
 * the two repeats nothing visible. Votes are counted in SQL in one transaction against the budget.
 */
export async function applyNoteCommand(db: Db, store: DocStore, board: CommandBoard, actor: CommandActor, command: Command): Promise<CommandResult> {
	const seen = seenCommand(db, command.id);
	if (seen) {
		if (seen.participant_id !== actor.participantId) throw new AppError('conflict', 'Identifiant de commande déjà utilisé.');
		return { duplicate: true, noteId: seen.note_id ?? undefined };
	}
	const docName = boardDocName(board.id);
	const ctx: CommandContext = {
		db,
		store,
		board,
		actor,
		docName,
		columns: columnsOf(board.template).map((c) => c.id),
		origin: { participantId: actor.participantId, userId: null },
		result: { duplicate: false }
	};
	await (HANDLERS[command.type] as Handler<Command['type']>)(ctx, command as never);
	// Acknowledged (and recorded as done) only once its doc change is durable: with a log that
	// answers later (see DocStore.durable) a failure here is a 503 and the phone sends it again.
	await store.durable(docName);
	recordCommand(db, command.id, actor.participantId, board.id, command.type, ctx.result.noteId ?? null);
	return ctx.result;
}
