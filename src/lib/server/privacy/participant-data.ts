import type { Db } from '../db/database.ts';
import type { DocStore } from '../realtime/doc-store.ts';
import { deleteNote, getNote } from '../../docs/board.ts';
import { boardDocName } from '../../docs/doc-names.ts';
import { audit } from '../audit.ts';
import { ANONYMOUS_NAME } from './retention.ts';

// What Tablée holds about a participant in a workshop, to show, download (RGPD art. 15 and 20)
// and erase (art. 17). Erasing deletes their notes from the boards (a deletion anyone sees, and
// not journalled), their private notes and group membership, replaces their name and
// organisation, and ends their sessions. Their votes stay counted, with no name attached.

export interface ParticipantData {
	participant: { id: number; name: string; organisation: string; joinedAt: string };
	workshop: { id: number; title: string; date: string | null; place: string };
	notes: { board: string; column: string; text: string; createdAt: string; private: boolean }[];
	votes: number;
	sessions: number;
}

const iso = (t: number) => new Date(t).toISOString();

export async function collectParticipantData(db: Db, store: DocStore, participantId: number): Promise<ParticipantData | null> {
	const p = await db
		.selectFrom('participants as p')
		.innerJoin('workshops as w', 'w.id', 'p.workshop_id')
		.select(['p.id', 'p.display_name', 'p.organisation', 'p.created_at', 'w.id as workshop_id', 'w.title', 'w.date', 'w.place'])
		.where('p.id', '=', participantId)
		.executeTakeFirst();
	if (!p) return null;
	const owned = await db
		.selectFrom('note_owners as o')
		.innerJoin('boards as b', 'b.id', 'o.board_id')
		.select(['o.board_id', 'o.note_id', 'o.created_at', 'b.theme'])
		.where('o.participant_id', '=', participantId)
		.orderBy('o.created_at')
		.execute();
	const notes: ParticipantData['notes'] = [];
	for (const o of owned) {
		const note = store.read(boardDocName(o.board_id), (doc) => getNote(doc, o.note_id));
		if (note) notes.push({ board: o.theme, column: note.column, text: note.text, createdAt: iso(note.createdAt), private: false });
	}
	const hidden = await db
		.selectFrom('private_notes as n')
		.innerJoin('boards as b', 'b.id', 'n.board_id')
		.select(['b.theme', 'n.column_id', 'n.text', 'n.created_at'])
		.where('n.participant_id', '=', participantId)
		.execute();
	for (const n of hidden) notes.push({ board: n.theme, column: n.column_id, text: n.text, createdAt: iso(n.created_at), private: true });
	const votes = await db.selectFrom('votes').select((eb) => eb.fn.countAll<number>().as('n')).where('participant_id', '=', participantId).executeTakeFirstOrThrow();
	const sessions = await db.selectFrom('participant_sessions').select((eb) => eb.fn.countAll<number>().as('n')).where('participant_id', '=', participantId).executeTakeFirstOrThrow();
	return {
		participant: { id: p.id, name: p.display_name, organisation: p.organisation, joinedAt: iso(p.created_at) },
		workshop: { id: p.workshop_id, title: p.title, date: p.date, place: p.place },
		notes,
		votes: Number(votes.n),
		sessions: Number(sessions.n)
	};
}

/** Erases a participant (see above); `by` is the facilitator who did it, or null for the participant. */
export async function eraseParticipant(db: Db, store: DocStore, participantId: number, by: { userId: number } | null): Promise<{ notes: number }> {
	const owned = await db.selectFrom('note_owners').select(['board_id', 'note_id']).where('participant_id', '=', participantId).execute();
	// The deletion is the participant's own act (or a facilitator's): the update log names them.
	const origin = by ? { userId: by.userId, participantId: null } : { participantId, userId: null };
	let removed = 0;
	for (const o of owned) {
		if (store.transact(boardDocName(o.board_id), (doc) => deleteNote(doc, o.note_id), origin)) removed++;
	}
	// The text of the deleted notes is still in the boards' update logs: fold them now.
	for (const boardId of new Set(owned.map((o) => o.board_id))) store.compactNow(boardDocName(boardId));
	await db.transaction().execute(async (trx) => {
		// The journal of deleted notes keeps nothing of theirs, whether deleted now or before.
		for (const o of owned) await trx.deleteFrom('note_deletions').where('board_id', '=', o.board_id).where('note_id', '=', o.note_id).execute();
		await trx.deleteFrom('note_deletions').where('participant_id', '=', participantId).execute();
		await trx.deleteFrom('private_notes').where('participant_id', '=', participantId).execute();
		await trx.deleteFrom('group_members').where('participant_id', '=', participantId).execute();
		await trx.deleteFrom('participant_sessions').where('participant_id', '=', participantId).execute();
		await trx.updateTable('participants').set({ display_name: ANONYMOUS_NAME, organisation: '' }).where('id', '=', participantId).execute();
		await audit(trx, { userId: by?.userId ?? null, participantId, action: 'participant.erase', subject: `participant:${participantId}` });
	});
	return { notes: removed };
}
