import type { Db } from '../db/database.ts';
import type { Command } from '../../domain/commands.ts';
import { columnsOf, type BoardTemplate } from '../../domain/vocabulary.ts';
import { addNote, deleteNote, getNote, nextPositionIn, updateNote } from '../../docs/board.ts';
import { boardDocName } from '../../docs/doc-names.ts';
import type { DocStore } from '../realtime/doc-store.ts';
import { AppError } from '../errors.ts';
import { now } from '../clock.ts';

export interface CommandActor {
	participantId: number;
	displayName: string;
	organisation: string;
}

export interface CommandResult {
	/** True when this command id had already been applied: nothing was done again. */
	duplicate: boolean;
	noteId: string;
}

/**
 * Applies a participant's command to a board doc, with the participant as the update's author.
 * Order matters for crash safety: the doc change (durable as soon as it is applied) comes before the
 * command is recorded, and every change is idempotent by note id, so a retry after a crash between
 * the two repeats nothing visible.
 */
export async function applyNoteCommand(
	db: Db,
	store: DocStore,
	board: { id: number; template: BoardTemplate },
	actor: CommandActor,
	command: Command
): Promise<CommandResult> {
	const seen = await db.selectFrom('commands').select(['participant_id', 'note_id']).where('id', '=', command.id).executeTakeFirst();
	const noteId = command.type === 'note.add' ? command.note.id : command.noteId;
	if (seen) {
		if (seen.participant_id !== actor.participantId) throw new AppError('conflict', 'Identifiant de commande déjà utilisé.');
		return { duplicate: true, noteId };
	}

	const docName = boardDocName(board.id);
	const columns = columnsOf(board.template).map((c) => c.id);
	const origin = { participantId: actor.participantId, userId: null };

	if (command.type === 'note.add') {
		if (!columns.includes(command.note.column)) throw new AppError('invalid', 'Colonne inconnue pour cette table.');
		const owner = await db
			.selectFrom('note_owners')
			.select('participant_id')
			.where('board_id', '=', board.id)
			.where('note_id', '=', command.note.id)
			.executeTakeFirst();
		if (owner && owner.participant_id !== actor.participantId) throw new AppError('conflict', 'Identifiant de contribution déjà utilisé.');
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
					authorName: actor.displayName,
					organisation: actor.organisation,
					createdAt: now()
				});
			},
			origin
		);
		await db
			.insertInto('note_owners')
			.values({ board_id: board.id, note_id: command.note.id, participant_id: actor.participantId, user_id: null, created_at: now() })
			.onConflict((oc) => oc.doNothing())
			.execute();
	} else {
		const owner = await db
			.selectFrom('note_owners')
			.select('participant_id')
			.where('board_id', '=', board.id)
			.where('note_id', '=', command.noteId)
			.executeTakeFirst();
		if (!owner || owner.participant_id !== actor.participantId) {
			throw new AppError('forbidden', 'Vous ne pouvez modifier que vos propres contributions.');
		}
		if (command.type === 'note.edit') {
			if (command.column !== undefined && !columns.includes(command.column)) throw new AppError('invalid', 'Colonne inconnue pour cette table.');
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
						position: moved ? nextPositionIn(doc, command.column!) : undefined
					});
				},
				origin
			);
		} else {
			store.transact(docName, (doc) => deleteNote(doc, command.noteId), origin);
		}
	}

	await db
		.insertInto('commands')
		.values({ id: command.id, participant_id: actor.participantId, board_id: board.id, type: command.type, note_id: noteId, created_at: now() })
		.onConflict((oc) => oc.doNothing())
		.execute();
	return { duplicate: false, noteId };
}
