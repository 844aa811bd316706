import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import * as Y from 'yjs';
import { deleteNote, getNote } from '../../src/lib/docs/board.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { Client } from '../helpers/http.ts';
import { connectProvider, until, type SyncedClient } from '../helpers/sync-client.ts';
import { addMember, createBoard, decode, html, openDb, signUp, DEMO, newId as id, joinParticipant, sendCommand, type Participant } from './support.ts';

// The board's journal of deleted notes: a facilitator can see who removed which note, when, and
// what it said, whether the author removed it (command) or a facilitator did (socket). It outlives
// compaction, as does the trail of who sent which update.

const WORKSHOP = 1;
let server: RunningServer;
let facilitator: Client;
let db: Database.Database;
const cleanups: (() => void)[] = [];

const add = (p: Participant, boardId: number, text: string, noteId = id()) =>
	sendCommand(p, boardId, { type: 'note.add', note: { id: noteId, text, column: 'problematiques' } });

function provider(boardId: number): SyncedClient {
	const c = connectProvider(server.url, `board:${boardId}`, facilitator.cookieHeader());
	cleanups.push(() => c.destroy());
	return c;
}

async function journal(client: Client, boardId: number) {
	const res = await client.get(`/tables/${boardId}/journal`);
	return { status: res.status, location: res.headers.get('location'), text: res.status === 200 ? decode(await html(res)) : '' };
}

beforeAll(async () => {
	// Compaction after a few updates: the journal and the trail must outlive it.
	server = await startServer({ ...DEMO, DOC_COMPACT_AFTER: '5' });
	facilitator = new Client(server.url);
	expect((await facilitator.post('/connexion', { email: DEMO.DEMO_EMAIL, password: DEMO.DEMO_PASSWORD })).status).toBe(303);
	db = openDb(server);
});

afterAll(async () => {
	for (const c of cleanups) c();
	db?.close();
	await server?.stop();
});

describe('journal of deleted notes', () => {
	it('[JRN1] names the author who deleted their own note and the facilitator who deleted another, with the text as it was', async () => {
		const board = await createBoard(facilitator, db, WORKSHOP, 'Table du journal');
		const nadia = await joinParticipant(server, 'Nadia Journal', 'CAF de l’Ain');
		const remi = await joinParticipant(server, 'Rémi Journal', 'CCAS de Trévoux');
		const fac = provider(board);
		await fac.synced;

		const own = id();
		expect((await add(nadia, board, 'Manque de places en crèche à Trévoux', own)).status).toBe(200);
		const other = id();
		expect((await add(remi, board, 'Transport à la demande trop cher', other)).status).toBe(200);
		// Enough more notes that the log is compacted in between (DOC_COMPACT_AFTER=5).
		for (let i = 0; i < 6; i++) expect((await add(remi, board, `Remarque ${i}`)).status).toBe(200);
		await until(fac.doc, (d) => !!getNote(d, own) && !!getNote(d, other));

		expect((await sendCommand(nadia, board, { type: 'note.delete', noteId: own })).status).toBe(200);
		deleteNote(fac.doc, other);
		await until(fac.doc, (d) => !getNote(d, own));
		// The facilitator's deletion reaches the server through the socket: wait until it is recorded.
		await expect.poll(() => (db.prepare('select count(*) as n from note_deletions where board_id = ?').get(board) as { n: number }).n).toBe(2);

		const { status, text } = await journal(facilitator, board);
		expect(status).toBe(200);
		expect(text).toContain('Contributions supprimées');
		expect(text).toContain('2 contributions supprimées');
		expect(text).toContain('Manque de places en crèche à Trévoux');
		expect(text).toContain('Nadia Journal (CAF de l’Ain), son auteur');
		expect(text).toContain('Transport à la demande trop cher');
		expect(text).toContain('écrite par Rémi Journal (CCAS de Trévoux)');
		expect(text).toContain('Claire Animatrice (démo), de l’équipe d’animation');
		// Newest first: the facilitator's deletion came last.
		expect(text.indexOf('Transport à la demande trop cher')).toBeLessThan(text.indexOf('Manque de places en crèche'));
		// The board links to it.
		expect(decode(await html(await facilitator.get(`/tables/${board}`)))).toContain('Journal des suppressions');
	});

	it('[JRN2] a move or an edit by a facilitator is not a deletion; a replayed delete command is recorded once', async () => {
		const board = await createBoard(facilitator, db, WORKSHOP, 'Table sans suppression');
		const p = await joinParticipant(server, 'Paule Journal');
		const fac = provider(board);
		await fac.synced;
		const noteId = id();
		expect((await add(p, board, 'Une idée', noteId)).status).toBe(200);
		await until(fac.doc, (d) => !!getNote(d, noteId));
		fac.doc.transact(() => {
			const m = fac.doc.getMap<Y.Map<unknown>>('notes').get(noteId)!;
			m.set('column', 'atouts');
			m.set('text', 'Une idée reformulée');
		});
		const deleteCommand = { id: id(), type: 'note.delete', noteId };
		expect((await sendCommand(p, board, deleteCommand)).status).toBe(200);
		expect((await sendCommand(p, board, deleteCommand)).body.duplicate).toBe(true);
		const { text } = await journal(facilitator, board);
		expect(text).toContain('1 contribution supprimée');
		expect(text).toContain('Une idée reformulée');
	});

	it('[JRN3] on an anonymous table, neither the author nor the participant who deleted is named', async () => {
		const board = await createBoard(facilitator, db, WORKSHOP, 'Table anonyme du journal');
		expect((await facilitator.postJson(`/api/boards/${board}/control`, { action: 'modes', anonymous: true })).status).toBe(200);
		const p = await joinParticipant(server, 'Zoé Secrète', 'Association Discrète');
		const noteId = id();
		expect((await add(p, board, 'Difficile d’en parler', noteId)).status).toBe(200);
		expect((await sendCommand(p, board, { type: 'note.delete', noteId })).status).toBe(200);
		const { text } = await journal(facilitator, board);
		expect(text).toContain('Difficile d’en parler');
		expect(text).toContain('Son auteur (table anonyme)');
		expect(text).not.toContain('Zoé Secrète');
		expect(text).not.toContain('Association Discrète');
	});

	it('[JRN4] only the project’s facilitators and owners see it', async () => {
		const board = await createBoard(facilitator, db, WORKSHOP, 'Table gardée');
		const p = await joinParticipant(server, 'Curieux Journal');
		// A participant has no account: sent to the sign-in page.
		const asParticipant = await journal(p.client, board);
		expect(asParticipant.status).toBe(303);
		expect(asParticipant.location).toMatch(/^\/connexion/);
		const observer = await signUp(server, 'Olga Observatrice', `olga-${id()}@ain.fr`);
		const projectId = (db.prepare('select project_id from workshops where id = ?').get(WORKSHOP) as { project_id: number }).project_id;
		const email = (db.prepare('select email from users where display_name = ?').get('Olga Observatrice') as { email: string }).email;
		await addMember(facilitator, projectId, email, 'observer');
		expect((await journal(observer, board)).status).toBe(403);
		expect(decode(await html(await observer.get(`/tables/${board}`)))).not.toContain('Journal des suppressions');
		expect((await journal(facilitator, board)).text).toContain('Aucune contribution n’a été supprimée');
	});

	it('[JRN5] who sent which update stays after compaction folded the updates away', async () => {
		const board = await createBoard(facilitator, db, WORKSHOP, 'Table de la trace');
		const p = await joinParticipant(server, 'Trace Journal');
		const fac = provider(board);
		await fac.synced;
		for (let i = 0; i < 8; i++) expect((await add(p, board, `Note tracée ${i}`)).status).toBe(200);
		// The facilitator writes through the socket too.
		fac.doc.transact(() => {
			const m = new Y.Map<unknown>();
			fac.doc.getMap('notes').set(id(), m);
			m.set('text', 'Note de l’animatrice');
			m.set('column', 'atouts');
		});
		const name = `board:${board}`;
		await expect
			.poll(() => (db.prepare('select count(*) as n from doc_update_trail where doc_name = ?').get(name) as { n: number }).n)
			.toBeGreaterThanOrEqual(5);
		const trail = db.prepare('select participant_id, user_id, bytes from doc_update_trail where doc_name = ? order by id').all(name) as {
			participant_id: number | null;
			user_id: number | null;
			bytes: number;
		}[];
		expect(trail.filter((t) => t.participant_id === p.id).length).toBeGreaterThanOrEqual(5);
		expect(trail.every((t) => t.bytes > 0)).toBe(true);
		const userId = (db.prepare('select id from users where email = ?').get(DEMO.DEMO_EMAIL) as { id: number }).id;
		await expect
			.poll(() => (db.prepare('select count(*) as n from doc_update_trail t where doc_name = ? and user_id = ?').get(name, userId) as { n: number }).n +
				(db.prepare('select count(*) as n from doc_updates where doc_name = ? and user_id = ?').get(name, userId) as { n: number }).n)
			.toBeGreaterThanOrEqual(1);
		// Every update is either still in the log or in the trail, with its author.
		const inLog = (db.prepare('select count(*) as n from doc_updates where doc_name = ? and participant_id = ?').get(name, p.id) as { n: number }).n;
		expect(trail.filter((t) => t.participant_id === p.id).length + inLog).toBe(8);
	});
});
