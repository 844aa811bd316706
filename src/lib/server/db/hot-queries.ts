import { prepared, sqliteOf, type Db } from './database.ts';
import { now } from '../clock.ts';
import type { BoardTemplate } from '../../domain/vocabulary.ts';

// Every raw SQL statement of the hot paths, in one place (the rest goes through Kysely). These run
// for every request, socket upgrade or participant command, 200 times a second in a workshop, where
// building and compiling a Kysely query cost more than running it: statements prepared once per
// handle (see `prepared`). Synchronous, on the request connection; the docs' update log has its own
// module and connection (sqlite-doc-log.ts). A PostgreSQL dialect replaces this file, not its callers.

// ——— Sessions ———

export interface SessionRow {
	id: string;
	expires_at: number;
	user_id: number;
	email: string;
	display_name: string;
	is_admin: number;
}

/** A facilitator's session and account by the session id (SHA-256 of the cookie token). */
export function sessionWithUser(db: Db, sessionId: string): SessionRow | undefined {
	return prepared<[string], SessionRow>(
		sqliteOf(db),
		`select s.id, s.expires_at, u.id as user_id, u.email, u.display_name, u.is_admin
		 from sessions s join users u on u.id = s.user_id where s.id = ?`
	).get(sessionId);
}

export interface ParticipantSessionRow {
	id: string;
	expires_at: number;
	participant_id: number;
	display_name: string;
	organisation: string;
	workshop_id: number;
	project_id: number;
	archived_at: number | null;
}

/** A participant's session, the participant and their workshop, by the session id. */
export function participantSession(db: Db, sessionId: string): ParticipantSessionRow | undefined {
	return prepared<[string], ParticipantSessionRow>(
		sqliteOf(db),
		`select s.id, s.expires_at, p.id as participant_id, p.display_name, p.organisation, w.id as workshop_id, w.project_id, w.archived_at
		 from participant_sessions s join participants p on p.id = s.participant_id join workshops w on w.id = p.workshop_id
		 where s.id = ?`
	).get(sessionId);
}

// ——— Boards and participants' commands ———

/** The board's columns a command needs (every column of `boards`). */
export interface CommandBoardRow {
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
	archived_at: number | null;
}

export function boardRow(db: Db, boardId: number): CommandBoardRow | undefined {
	return prepared<[number], CommandBoardRow>(sqliteOf(db), 'select * from boards where id = ?').get(boardId);
}

export type WorkshopState = { timer_ends_at: number | null; timer_paused_remaining_ms: number | null; timer_stops_writing: number; current_round: number };

/** The workshop's timer and rotation round: one query for both checks of a note command. */
export function workshopState(db: Db, workshopId: number): WorkshopState | undefined {
	return prepared<[number], WorkshopState>(
		sqliteOf(db),
		'select timer_ends_at, timer_paused_remaining_ms, timer_stops_writing, current_round from workshops where id = ?'
	).get(workshopId);
}

/** The sub-group a participant belongs to in a workshop (world café), if any. */
export function groupNameOf(db: Db, participantId: number, workshopId: number): string | undefined {
	return prepared<[number, number], { name: string }>(
		sqliteOf(db),
		'select g.name from group_members m join groups g on g.id = m.group_id where m.participant_id = ? and g.workshop_id = ?'
	).get(participantId, workshopId)?.name;
}

/** Who wrote a note (null: nobody recorded, e.g. a facilitator's note). */
export function noteOwner(db: Db, boardId: number, noteId: string): number | null {
	return (
		prepared<[number, string], { participant_id: number | null }>(sqliteOf(db), 'select participant_id from note_owners where board_id = ? and note_id = ?').get(
			boardId,
			noteId
		)?.participant_id ?? null
	);
}

export function claimNote(db: Db, boardId: number, noteId: string, participantId: number): void {
	prepared(
		sqliteOf(db),
		'insert into note_owners (board_id, note_id, participant_id, user_id, created_at) values (?, ?, ?, null, ?) on conflict do nothing'
	).run(boardId, noteId, participantId, now());
}

/** A command already applied (its id), or undefined. */
export function seenCommand(db: Db, commandId: string): { participant_id: number; note_id: string | null } | undefined {
	return prepared<[string], { participant_id: number; note_id: string | null }>(sqliteOf(db), 'select participant_id, note_id from commands where id = ?').get(commandId);
}

export function recordCommand(db: Db, commandId: string, participantId: number, boardId: number, type: string, noteId: string | null): void {
	prepared(
		sqliteOf(db),
		'insert into commands (id, participant_id, board_id, type, note_id, created_at) values (?, ?, ?, ?, ?, ?) on conflict do nothing'
	).run(commandId, participantId, boardId, type, noteId, now());
}

/** True when a participant's note is still held back (private writing, before the reveal). */
export function isPrivateNote(db: Db, boardId: number, noteId: string): boolean {
	return !!prepared<[number, string], { note_id: string }>(sqliteOf(db), 'select note_id from private_notes where board_id = ? and note_id = ?').get(boardId, noteId);
}

// ——— The board's journal of deleted notes ———

export function isBoardAnonymous(db: Db, boardId: number): boolean {
	return !!prepared<[number], { anonymous: number }>(sqliteOf(db), 'select anonymous from boards where id = ?').get(boardId)?.anonymous;
}

export interface NoteDeletionRow {
	board_id: number;
	note_id: string;
	text: string;
	column_id: string;
	author_name: string | null;
	organisation: string | null;
	user_id: number | null;
	participant_id: number | null;
	anonymous: number;
	deleted_at: number;
}

export function insertNoteDeletion(db: Db, r: NoteDeletionRow): void {
	prepared(
		sqliteOf(db),
		`insert into note_deletions (board_id, note_id, text, column_id, author_name, organisation, user_id, participant_id, anonymous, deleted_at)
		 values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	).run(r.board_id, r.note_id, r.text, r.column_id, r.author_name, r.organisation, r.user_id, r.participant_id, r.anonymous, r.deleted_at);
}
