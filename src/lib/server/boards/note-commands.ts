import { prepared, sqliteOf, type Db } from '../db/database.ts';
import type { Command } from '../../domain/commands.ts';
import { columnsOf, type BoardTemplate } from '../../domain/vocabulary.ts';
import { checkVote } from '../../domain/voting.ts';
import { addNote, assignToCluster, deleteNote, getClusters, getNote, nextPositionIn, updateNote } from '../../docs/board.ts';
import { boardDocName } from '../../docs/doc-names.ts';
import type { DocStore } from '../realtime/doc-store.ts';
import { AppError } from '../errors.ts';
import { now } from '../clock.ts';
import { mirrorBoardSettings, mirrorTallies, voteTargets } from '../facilitation/board-control.ts';
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

export interface CommandBoard {
	id: number;
	template: BoardTemplate;
	workshop_id: number;
	phase: string;
	private_writing: number;
	anonymous: number;
	locked: number;
	participants_can_group: number;
	vote_budget: number;
	vote_cap: number | null;
}

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

// The queries every note command runs, as statements prepared once (see `prepared`): through
// Kysely, building and compiling them cost more than running them, 200 times a second.
type WorkshopState = { timer_ends_at: number | null; timer_paused_remaining_ms: number | null; timer_stops_writing: number; current_round: number };

/** The workshop's timer and rotation round: one query for both checks of a note command. */
function workshopState(db: Db, board: CommandBoard): WorkshopState | undefined {
	return prepared<[number], WorkshopState>(
		sqliteOf(db),
		'select timer_ends_at, timer_paused_remaining_ms, timer_stops_writing, current_round from workshops where id = ?'
	).get(board.workshop_id);
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
	const g = prepared<[number, number], { name: string }>(
		sqliteOf(db),
		'select g.name from group_members m join groups g on g.id = m.group_id where m.participant_id = ? and g.workshop_id = ?'
	).get(participantId, board.workshop_id);
	return { round: w && w.current_round > 0 ? w.current_round : undefined, group: g?.name };
}

function ownerOf(db: Db, boardId: number, noteId: string): number | null {
	const row = prepared<[number, string], { participant_id: number | null }>(
		sqliteOf(db),
		'select participant_id from note_owners where board_id = ? and note_id = ?'
	).get(boardId, noteId);
	return row?.participant_id ?? null;
}

function seenCommand(db: Db, commandId: string) {
	return prepared<[string], { participant_id: number; note_id: string | null }>(sqliteOf(db), 'select participant_id, note_id from commands where id = ?').get(commandId);
}

function claimNote(db: Db, boardId: number, noteId: string, participantId: number) {
	prepared(
		sqliteOf(db),
		'insert into note_owners (board_id, note_id, participant_id, user_id, created_at) values (?, ?, ?, null, ?) on conflict do nothing'
	).run(boardId, noteId, participantId, now());
}

/** Records the command once it took effect: a retry of it is then answered as a duplicate. */
function recordCommand(db: Db, boardId: number, participantId: number, command: Command, noteId: string | null) {
	prepared(
		sqliteOf(db),
		'insert into commands (id, participant_id, board_id, type, note_id, created_at) values (?, ?, ?, ?, ?, ?) on conflict do nothing'
	).run(command.id, participantId, boardId, command.type, noteId, now());
}

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
	const columns = columnsOf(board.template).map((c) => c.id);
	const origin = { participantId: actor.participantId, userId: null };
	const result: CommandResult = { duplicate: false };

	if (command.type === 'note.add') {
		requirePhase(board, 'ecriture');
		const workshop = workshopState(db, board);
		requireWritingOpen(board, workshop);
		if (!columns.includes(command.note.column)) throw new AppError('invalid', 'Colonne inconnue pour cette table.');
		// A note id belongs to whoever wrote it first: reusing the id of someone else's note (or of a
		// facilitator's, which has no owner row) must not hand its ownership over.
		const owner = ownerOf(db, board.id, command.note.id);
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
		} else {
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
		}
		if (board.private_writing) await mirrorBoardSettings(db, store, board.id);
	} else if (command.type === 'note.edit' || command.type === 'note.delete') {
		requirePhase(board, 'ecriture');
		requireWritingOpen(board, workshopState(db, board));
		if (ownerOf(db, board.id, command.noteId) !== actor.participantId) {
			throw new AppError('forbidden', 'Vous ne pouvez modifier que vos propres contributions.');
		}
		result.noteId = command.noteId;
		const privateRow = prepared<[number, string], { note_id: string }>(sqliteOf(db), 'select note_id from private_notes where board_id = ? and note_id = ?').get(
			board.id,
			command.noteId
		);
		if (command.type === 'note.edit' && command.column !== undefined && !columns.includes(command.column)) {
			throw new AppError('invalid', 'Colonne inconnue pour cette table.');
		}
		if (privateRow) {
			if (command.type === 'note.delete') {
				await db.deleteFrom('private_notes').where('board_id', '=', board.id).where('note_id', '=', command.noteId).execute();
				await mirrorBoardSettings(db, store, board.id);
			} else {
				await db
					.updateTable('private_notes')
					.set({ text: command.text, column_id: command.column, colour: command.colour })
					.where('board_id', '=', board.id)
					.where('note_id', '=', command.noteId)
					.execute();
			}
		} else if (command.type === 'note.edit') {
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
		} else {
			const removed = store.transact(docName, (doc) => {
				const note = getNote(doc, command.noteId);
				return note && deleteNote(doc, command.noteId) ? note : null;
			}, origin);
			// The board's journal: the author removed their own note (see note-journal.ts). Its failure
			// is logged: the deletion itself is done and durable.
			if (removed) {
				try {
					recordNoteDeletions(db, board.id, [removed], { userId: null, participantId: actor.participantId });
				} catch (e) {
					console.error(`[journal] board ${board.id}:`, e);
				}
			}
		}
	} else if (command.type === 'note.group') {
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
	} else {
		requirePhase(board, 'vote');
		const targetId = command.targetId;
		if (command.type === 'vote.cast' && !voteTargets(store, board.id).has(targetId)) throw new AppError('not_found', 'Ce regroupement n’existe pas sur cette table.');
		// Counted in one transaction (SQLite serialises them): two fast taps or two tabs cannot
		// spend more dots than the budget.
		result.myVotes = await db.transaction().execute(async (trx) => {
			const mine = (
				await trx.selectFrom('votes').select('target_id').where('board_id', '=', board.id).where('participant_id', '=', actor.participantId).orderBy('id').execute()
			).map((r) => r.target_id);
			if (command.type === 'vote.cast') {
				const check = checkVote({ budget: board.vote_budget, cap: board.vote_cap }, mine, targetId);
				if (!check.ok) throw new AppError('conflict', check.message);
				await trx.insertInto('votes').values({ board_id: board.id, participant_id: actor.participantId, target_id: targetId, created_at: now() }).execute();
				return [...mine, targetId];
			}
			const one = await trx
				.selectFrom('votes')
				.select('id')
				.where('board_id', '=', board.id)
				.where('participant_id', '=', actor.participantId)
				.where('target_id', '=', targetId)
				.orderBy('id', 'desc')
				.limit(1)
				.executeTakeFirst();
			if (!one) return mine;
			await trx.deleteFrom('votes').where('id', '=', one.id).execute();
			const i = mine.lastIndexOf(targetId);
			return [...mine.slice(0, i), ...mine.slice(i + 1)];
		});
		await mirrorTallies(db, store, board.id);
	}

	// Acknowledged (and recorded as done) only once its doc change is durable: with a log that
	// answers later (see DocStore.durable) a failure here is a 503 and the phone sends it again.
	await store.durable(docName);
	recordCommand(db, board.id, actor.participantId, command, result.noteId ?? null);
	return result;
}
