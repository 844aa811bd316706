import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import * as Y from 'yjs';
import { deleteNote, getNote } from '../../src/lib/docs/board.ts';
import type { RunningServer } from '../helpers/server.ts';
import type { Client } from '../helpers/http.ts';
import { connectProvider, until, type SyncedClient } from '../helpers/sync-client.ts';
import { addMember, createBoard, decode, html, signUp, DEMO, newId as id, joinParticipant, sendCommand, type Participant, startDemo, type DemoEnvironment } from './support.ts';

// The board's journal of deleted notes: a facilitator can see who removed which note, when, and
// what it said, whether the author removed it (command) or a facilitator did (socket). It outlives
// compaction, as does the trail of who sent which update.

const WORKSHOP = 1;
let demo: DemoEnvironment;
let server: RunningServer;
let facilitator: Client;
let db: Database.Database;

const add = (p: Participant, boardId: number, text: string, noteId = id()) =>
	sendCommand(p, boardId, { type: 'note.add', note: { id: noteId, text, column: 'problematiques' } });

function provider(boardId: number): SyncedClient {
	const c = connectProvider(server.url, `board:${boardId}`, facilitator.cookieHeader());
	return demo.track(c);
}

async function journal(client: Client, boardId: number) {
	const res = await client.get(`/tables/${boardId}/journal`);
	return { status: res.status, location: res.headers.get('location'), text: res.status === 200 ? decode(await html(res)) : '' };
}

beforeAll(async () => {
	// Compaction after a few updates: the journal and the trail must outlive it.
	demo = await startDemo({ DOC_COMPACT_AFTER: '5' });
	({ server, facilitator, db } = demo);
});

afterAll(() => demo?.close());

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
		// Another screen has the edit: the server applied it before the delete command comes.
		const witness = provider(board);
		await until(witness.doc, (d) => getNote(d, noteId)?.text === 'Une idée reformulée');
		expect((db.prepare('select count(*) as n from note_deletions where board_id = ?').get(board) as { n: number }).n).toBe(0);
		const deleteCommand = { id: id(), type: 'note.delete', noteId };
		expect((await sendCommand(p, board, deleteCommand)).status).toBe(200);
		expect((await sendCommand(p, board, deleteCommand)).body.duplicate).toBe(true);
		const { text } = await journal(facilitator, board);
		expect(text).toContain('1 contribution supprimée');
		expect(text).toContain('Une idée reformulée');
	});

	it('[JRN3] a note written or deleted while the table was anonymous names nobody, even once anonymity is switched off', async () => {
		const board = await createBoard(facilitator, db, WORKSHOP, 'Table anonyme du journal');
		const anonymity = async (on: boolean) => expect((await facilitator.postJson(`/api/boards/${board}/control`, { action: 'modes', anonymous: on })).status).toBe(200);
		await anonymity(true);
		const zoe = await joinParticipant(server, 'Zoé Secrète', 'Association Discrète');
		const yann = await joinParticipant(server, 'Yann Discret', 'Collectif Silencieux');
		const deletedWhileAnonymous = id();
		expect((await add(zoe, board, 'Difficile d’en parler', deletedWhileAnonymous)).status).toBe(200);
		expect((await sendCommand(zoe, board, { type: 'note.delete', noteId: deletedWhileAnonymous })).status).toBe(200);
		const writtenWhileAnonymous = id();
		expect((await add(yann, board, 'Personne ne nous écoute', writtenWhileAnonymous)).status).toBe(200);
		await anonymity(false);
		// Written anonymously, deleted by its author once the table is no longer anonymous.
		expect((await sendCommand(yann, board, { type: 'note.delete', noteId: writtenWhileAnonymous })).status).toBe(200);
		const { text } = await journal(facilitator, board);
		expect(text).toContain('Difficile d’en parler');
		expect(text).toContain('Personne ne nous écoute');
		expect(text.match(/<strong>son auteur \(contribution anonyme\)<\/strong>/g)).toHaveLength(2);
		for (const s of [zoe.name, zoe.organisation, yann.name, yann.organisation]) expect(text).not.toContain(s);
	});

	it('[JRN3b] a note a facilitator brought back (undo) is marked as back on the table', async () => {
		const board = await createBoard(facilitator, db, WORKSHOP, 'Table du retour');
		const p = await joinParticipant(server, 'Bruno Retour');
		const fac = provider(board);
		await fac.synced;
		const noteId = id();
		expect((await add(p, board, 'Une note à rétablir', noteId)).status).toBe(200);
		await until(fac.doc, (d) => !!getNote(d, noteId));
		const local = { facilitator: true };
		const undo = new Y.UndoManager(fac.doc.getMap('notes'), { trackedOrigins: new Set([local]) });
		deleteNote(fac.doc, noteId, local);
		await expect.poll(() => (db.prepare('select count(*) as n from note_deletions where board_id = ?').get(board) as { n: number }).n).toBe(1);
		expect((await journal(facilitator, board)).text).not.toContain('Rétablie depuis');
		undo.undo();
		const witness = provider(board);
		await until(witness.doc, (d) => getNote(d, noteId)?.text === 'Une note à rétablir');
		const { text } = await journal(facilitator, board);
		expect(text).toContain('Une note à rétablir');
		expect(text).toContain('Rétablie depuis : elle est de nouveau sur la table');
	});

	it('[JRN3c] a deletion the journal cannot read (not a note) still goes through, and the writer stays connected', async () => {
		const board = await createBoard(facilitator, db, WORKSHOP, 'Table étrange');
		const fac = provider(board);
		await fac.synced;
		// A value under "notes" that is not a note map: reading it for the journal fails.
		fac.doc.getMap('notes').set('bizarre', 'pas une note');
		const witness = provider(board);
		await until(witness.doc, (d) => d.getMap('notes').has('bizarre'));
		// The board still shows for everyone.
		const page = await facilitator.get(`/tables/${board}`);
		expect(page.status).toBe(200);
		expect(decode(await html(page))).toContain('Table étrange');
		fac.doc.getMap('notes').delete('bizarre');
		await until(witness.doc, (d) => !d.getMap('notes').has('bizarre'));
		// Still connected and writing: a note written after it arrives.
		const after = id();
		fac.doc.transact(() => {
			const m = new Y.Map<unknown>();
			fac.doc.getMap('notes').set(after, m);
			m.set('text', 'Toujours là');
			m.set('column', 'atouts');
		});
		await until(witness.doc, (d) => getNote(d, after)?.text === 'Toujours là');
		expect(fac.provider.wsconnected).toBe(true);
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
		const boardPage = await observer.get(`/tables/${board}`);
		expect(boardPage.status).toBe(200);
		const seen = decode(await html(boardPage));
		expect(seen).toContain('Table gardée');
		expect(seen).not.toContain('Journal des suppressions');
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
			.poll(
				() =>
					(
						db
							.prepare(
								`select (select count(*) from doc_update_trail where doc_name = @name and user_id = @who)
								      + (select count(*) from doc_updates where doc_name = @name and user_id = @who) as n`
							)
							.get({ name, who: userId }) as { n: number }
					).n
			)
			.toBeGreaterThanOrEqual(1);
		// Every update is either still in the log or in the trail, with its author (one statement: one
		// consistent reading, whatever compaction does meanwhile).
		const both = db
			.prepare(
				`select (select count(*) from doc_update_trail where doc_name = @name and participant_id = @who)
				      + (select count(*) from doc_updates where doc_name = @name and participant_id = @who) as n`
			)
			.get({ name, who: p.id }) as { n: number };
		expect(both.n).toBe(8);
	});
});
