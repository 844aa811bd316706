import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import * as Y from 'yjs';
import { getNote, getNotes, getSettings } from '../../src/lib/docs/board.ts';
import type { RunningServer } from '../helpers/server.ts';
import type { Client } from '../helpers/http.ts';
import { connectProvider, until } from '../helpers/sync-client.ts';
import { createBoard, openRawSocket, newId as id, joinParticipant, sendCommand, startDemo, type DemoEnvironment } from './support.ts';

// Anonymous tables: the author's name and organisation are never written into the board doc,
// not even hidden: not in the doc, not in what the server stores, not in what sockets receive.
// The server still knows who wrote what (SQL), so ownership rules hold.

const WORKSHOP = 1;
let demo: DemoEnvironment;
let server: RunningServer;
let facilitator: Client;
let db: Database.Database;


const participant = (name: string, organisation?: string, code?: string) => joinParticipant(server, name, organisation, code);
type Participant = Awaited<ReturnType<typeof participant>>;

const command = (p: Participant, boardId: number, body: Record<string, unknown>) => sendCommand(p, boardId, body);
const add = (p: Participant, boardId: number, text: string, noteId = id()) => command(p, boardId, { type: 'note.add', note: { id: noteId, text, column: 'problematiques' } });

async function control(boardId: number, body: Record<string, unknown>) {
	const res = await facilitator.postJson(`/api/boards/${boardId}/control`, body);
	expect(res.status).toBe(200);
	return res.json();
}

const track = <T extends { destroy: () => void }>(c: T): T => demo.track(c);

/** A raw socket on a doc (see support.ts), closed after the tests. */
const rawSocket = async (cookie: string, docName: string) => track(await openRawSocket(server.url, cookie, docName));

function storedBlobs(boardId: number): Buffer[] {
	const name = `board:${boardId}`;
	return [
		...(db.prepare('SELECT data FROM doc_updates WHERE doc_name = ?').all(name) as { data: Buffer }[]),
		...(db.prepare('SELECT data FROM doc_snapshots WHERE doc_name = ?').all(name) as { data: Buffer }[])
	].map((r) => r.data);
}

/** The keys of a note's map in the doc, and of its `info` value (what is there, even if the UI would not show it). */
function noteKeys(doc: Y.Doc, noteId: string): string[] {
	const m = doc.getMap<Y.Map<unknown>>('notes').get(noteId);
	if (!m) return [];
	const info = m.get('info') as Record<string, unknown> | undefined;
	return [...m.keys(), ...Object.keys(info ?? {})].sort();
}

/** Asserts that none of the identifying strings is anywhere in the bytes of a board. */
async function expectNoTrace(boardId: number, who: Participant, proof: string, extra: { has: (s: string) => boolean }[] = []) {
	const identifying = [who.name, who.organisation, who.name.split(' ')[1]];
	const fresh = track(connectProvider(server.url, `board:${boardId}`, facilitator.cookieHeader()));
	await fresh.synced;
	const state = Buffer.from(Y.encodeStateAsUpdate(fresh.doc));
	const blobs = storedBlobs(boardId);
	// The search finds what is there: the note's own text is in the state and in the stored log.
	expect(state.includes(proof)).toBe(true);
	expect(blobs.some((b) => b.includes(proof))).toBe(true);
	for (const s of identifying) {
		expect(state.includes(s), `"${s}" in the doc's state`).toBe(false);
		for (const b of blobs) expect(b.includes(s), `"${s}" in a stored blob`).toBe(false);
		for (const e of extra) expect(e.has(s), `"${s}" in a message received`).toBe(false);
	}
}

let boardCount = 0;
async function anonymousBoard(modes: Record<string, unknown> = {}) {
	const board = await createBoard(facilitator, db, WORKSHOP, `Table anonyme ${++boardCount}`);
	await control(board, { action: 'modes', anonymous: true, ...modes });
	return board;
}

beforeAll(async () => {
	demo = await startDemo();
	({ server, facilitator, db } = demo);
});

afterAll(() => demo?.close());

describe('anonymous tables', () => {
	it('[ANON1] a note written on an anonymous table carries no author, anywhere in the doc bytes', async () => {
		const board = await anonymousBoard();
		const author = await participant('Zéphyrine Quastelbaum', 'Association Hirondelles-Xylophone');
		const other = await participant('Rémi Témoin', 'CCAS de Trévoux');
		const fac = track(connectProvider(server.url, `board:${board}`, facilitator.cookieHeader()));
		const otherRaw = await rawSocket(other.client.cookieHeader(), `board:${board}`);
		await fac.synced;
		expect(getSettings(fac.doc).anonymous).toBe(true);

		const noteId = id();
		const proof = `ANON${id()}`;
		expect((await add(author, board, `Accès aux droits ${proof}`, noteId)).status).toBe(200);
		await until(fac.doc, (d) => !!getNote(d, noteId));
		await otherRaw.waitFor(proof);
		const note = getNote(fac.doc, noteId)!;
		expect(note.authorName).toBeUndefined();
		expect(note.organisation).toBeUndefined();
		expect(noteKeys(fac.doc, noteId)).not.toContain('authorName');
		expect(noteKeys(fac.doc, noteId)).not.toContain('organisation');

		// The author edits it (still anonymous), another participant cannot touch it.
		const edited = `Accès aux droits en ligne ${proof}`;
		expect((await command(author, board, { type: 'note.edit', noteId, text: edited })).status).toBe(200);
		await until(fac.doc, (d) => getNote(d, noteId)?.text === edited);
		for (const body of [
			{ type: 'note.edit', noteId, text: 'Je signe : Rémi' },
			{ type: 'note.delete', noteId }
		]) {
			const r = await command(other, board, body);
			expect(r.status).toBe(403);
			expect(r.body.message).toMatch(/vos propres contributions/);
		}
		expect(noteKeys(fac.doc, noteId)).not.toContain('authorName');
		await expectNoTrace(board, author, proof, [otherRaw, { has: (s) => Buffer.from(Y.encodeStateAsUpdate(fac.doc)).includes(s) }]);

		// And deletes it.
		const gone = id();
		expect((await add(author, board, `À retirer ${proof}`, gone)).status).toBe(200);
		expect((await command(author, board, { type: 'note.delete', noteId: gone })).status).toBe(200);
		await until(fac.doc, (d) => getNotes(d).some((n) => n.id === noteId) && !getNote(d, gone));
	});

	it('[ANON1] notes revealed from private writing on an anonymous table carry no author either', async () => {
		const board = await anonymousBoard({ privateWriting: true });
		const author = await participant('Philibert Wenceslas', 'Collectif Orties-Quetzal');
		const other = await participant('Sarah Voisine', 'CAF de l’Ain');
		const proof = `PRIVANON${id()}`;
		const noteId = id();
		const r = await add(author, board, `Logement indigne ${proof}`, noteId);
		expect(r.body.private).toBe(true);
		const otherNoteId = id();
		expect((await add(other, board, `Mobilité ${proof}`, otherNoteId)).body.private).toBe(true);

		// Before the reveal, the author may still edit, the other may not.
		expect((await command(other, board, { type: 'note.edit', noteId, text: 'Détournée' })).status).toBe(403);
		const edited = `Logement indigne et insalubre ${proof}`;
		expect((await command(author, board, { type: 'note.edit', noteId, text: edited })).status).toBe(200);

		const fac = track(connectProvider(server.url, `board:${board}`, facilitator.cookieHeader()));
		const otherRaw = await rawSocket(other.client.cookieHeader(), `board:${board}`);
		await fac.synced;
		expect(await control(board, { action: 'reveal' })).toMatchObject({ revealed: 2 });
		await until(fac.doc, (d) => !!getNote(d, noteId) && !!getNote(d, otherNoteId));
		await otherRaw.waitFor(proof);
		for (const n of [noteId, otherNoteId]) {
			expect(noteKeys(fac.doc, n)).not.toContain('authorName');
			expect(noteKeys(fac.doc, n)).not.toContain('organisation');
		}
		expect(getNote(fac.doc, noteId)!.text).toBe(edited);
		await expectNoTrace(board, author, proof, [otherRaw]);
		await expectNoTrace(board, other, proof);

		// Ownership survives the reveal: the author deletes it, the other cannot.
		expect((await command(other, board, { type: 'note.delete', noteId })).status).toBe(403);
		expect((await command(author, board, { type: 'note.delete', noteId })).status).toBe(200);
		await until(fac.doc, (d) => !getNote(d, noteId));
		expect(getNote(fac.doc, otherNoteId)).toBeDefined();
	});

	it('[ANON1] a note written privately on an anonymous table stays anonymous even if anonymity is lifted before the reveal', async () => {
		const board = await anonymousBoard({ privateWriting: true });
		const author = await participant('Romane Confiante', 'Association Pivoine-Zircon');
		const proof = `LIFTED${id()}`;
		const noteId = id();
		expect((await add(author, board, `Violences intrafamiliales ${proof}`, noteId)).body.private).toBe(true);
		// Written under the promise of anonymity; then the facilitator switches it off and reveals.
		await control(board, { action: 'modes', anonymous: false });
		expect(await control(board, { action: 'reveal' })).toMatchObject({ revealed: 1 });
		const fac = track(connectProvider(server.url, `board:${board}`, facilitator.cookieHeader()));
		await fac.synced;
		expect(getNote(fac.doc, noteId)?.text).toContain(proof);
		expect(noteKeys(fac.doc, noteId), 'written anonymously, revealed with its author').not.toContain('authorName');
		await expectNoTrace(board, author, proof);
	});

	it('[ANON1] the same participant on a named table is named: the check above would see it', async () => {
		// Control: without the anonymous mode the author is in the doc and in the bytes.
		const board = await createBoard(facilitator, db, WORKSHOP, 'Table nominative');
		const author = await participant('Théodora Nominative', 'Mairie de Châtillon-sur-Chalaronne');
		const noteId = id();
		expect((await add(author, board, 'Signé', noteId)).status).toBe(200);
		const fac = track(connectProvider(server.url, `board:${board}`, facilitator.cookieHeader()));
		await fac.synced;
		expect(getNote(fac.doc, noteId)).toMatchObject({ authorName: author.name, organisation: author.organisation });
		expect(Buffer.from(Y.encodeStateAsUpdate(fac.doc)).includes(author.name)).toBe(true);
		expect(storedBlobs(board).some((b) => b.includes(author.name))).toBe(true);
	});
});
