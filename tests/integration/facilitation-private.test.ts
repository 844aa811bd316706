import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { addNote, getNote, getNotes, getSettings } from '../../src/lib/docs/board.ts';
import type { RunningServer } from '../helpers/server.ts';
import type { Client } from '../helpers/http.ts';
import { connectProvider, until } from '../helpers/sync-client.ts';
import { createBoard, openRawSocket, newId as id, joinParticipant, sendCommand, startDemo, type DemoEnvironment } from './support.ts';

// Private writing: a participant's note stays on the server (SQL) until the facilitator reveals
// the table (or moves it on to the next phase). Until then its text reaches no other socket, not
// even the facilitator's; only its author sees it, through GET /mine.

const WORKSHOP = 1;
let demo: DemoEnvironment;
let server: RunningServer;
let facilitator: Client;
let db: Database.Database;

/** A text with an ASCII token that cannot appear by chance in any message. */
const secret = (label: string) => {
	const token = `S3CRET${id()}`;
	return { token, text: `${label} ${token} : loyer impayé` };
};

const participant = (name: string, organisation?: string, code?: string) => joinParticipant(server, name, organisation, code);
type Participant = Awaited<ReturnType<typeof participant>>;

const command = (p: Participant, boardId: number, body: Record<string, unknown>) => sendCommand(p, boardId, body);
const add = (p: Participant, boardId: number, text: string, noteId = id(), column = 'atouts') =>
	command(p, boardId, { type: 'note.add', note: { id: noteId, text, column } });

async function mine(p: Participant, boardId: number) {
	const res = await p.client.get(`/api/boards/${boardId}/mine`);
	expect(res.status).toBe(200);
	return (await res.json()) as { privateNotes: { id: string; text: string; column: string; colour: string }[]; myVotes: string[] };
}

async function control(boardId: number, body: Record<string, unknown>) {
	const res = await facilitator.postJson(`/api/boards/${boardId}/control`, body);
	const json = (await res.json()) as { message?: string; revealed?: number };
	expect(res.status, JSON.stringify(json)).toBe(200);
	return json;
}

const track = <T extends { destroy: () => void }>(c: T): T => demo.track(c);

/** A raw socket on a doc (see support.ts), closed after the tests. */
const rawSocket = async (cookie: string, docName: string) => track(await openRawSocket(server.url, cookie, docName));

/** The stock provider, whose socket keeps a copy of every message it receives. */
function capturingProvider(cookie: string, docName: string) {
	const messages: Buffer[] = [];
	class CapturingWebSocket extends WebSocket {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols, { headers: { cookie, origin: server.url } });
			this.on('message', (d: Buffer | ArrayBuffer) => messages.push(Buffer.from(d as ArrayBuffer)));
		}
	}
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(server.url.replace(/^http/, 'ws') + '/sync', docName, doc, {
		WebSocketPolyfill: CapturingWebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true,
		maxBackoffTime: 200
	});
	const synced = new Promise<void>((resolve) => provider.once('sync', (s: boolean) => s && resolve()));
	return track({
		doc,
		synced,
		messages,
		has: (token: string) => messages.some((m) => m.includes(token)),
		destroy: () => {
			provider.destroy();
			doc.destroy();
		}
	});
}

/** Every doc blob the server stored for a board (log and snapshot). */
function storedBlobs(boardId: number): Buffer[] {
	const name = `board:${boardId}`;
	const updates = db.prepare('SELECT data FROM doc_updates WHERE doc_name = ?').all(name) as { data: Buffer }[];
	const snapshots = db.prepare('SELECT data FROM doc_snapshots WHERE doc_name = ?').all(name) as { data: Buffer }[];
	return [...updates, ...snapshots].map((r) => r.data);
}

let boardCount = 0;
async function privateBoard(modes: Record<string, unknown> = {}) {
	const board = await createBoard(facilitator, db, WORKSHOP, `Écriture individuelle ${++boardCount}`);
	await control(board, { action: 'modes', privateWriting: true, ...modes });
	return board;
}

beforeAll(async () => {
	demo = await startDemo();
	({ server, facilitator, db } = demo);
});

afterAll(() => demo?.close());

describe('private writing', () => {
	it('[PRIV1] a private note is {private:true}, listed by /mine for its author only, and its text reaches no socket', async () => {
		const board = await privateBoard();
		const author = await participant('Inès Discrète');
		const neighbour = await participant('Jules Voisin', 'CCAS de Trévoux');

		// Everyone listening from before the write.
		const facProvider = capturingProvider(facilitator.cookieHeader(), `board:${board}`);
		const facRaw = await rawSocket(facilitator.cookieHeader(), `board:${board}`);
		const neighbourRaw = await rawSocket(neighbour.client.cookieHeader(), `board:${board}`);
		const neighbourProvider = capturingProvider(neighbour.client.cookieHeader(), `board:${board}`);
		await Promise.all([facProvider.synced, neighbourProvider.synced]);
		expect(getSettings(facProvider.doc)).toMatchObject({ privateWriting: true, privateCount: 0 });

		const one = secret('Première');
		const noteId = id();
		const r = await add(author, board, one.text, noteId, 'problematiques');
		expect(r.status).toBe(200);
		expect(r.body).toMatchObject({ ok: true, private: true, noteId, duplicate: false });
		await until(facProvider.doc, (d) => getSettings(d).privateCount === 1);

		expect((await mine(author, board)).privateNotes).toEqual([expect.objectContaining({ id: noteId, text: one.text, column: 'problematiques', colour: 'jaune' })]);
		expect((await mine(neighbour, board)).privateNotes).toEqual([]);
		expect((await facilitator.get(`/api/boards/${board}/mine`)).status).toBe(401);

		// A second one, by the neighbour: counted, listed for the neighbour only.
		const two = secret('Seconde');
		expect((await add(neighbour, board, two.text)).body).toMatchObject({ private: true });
		await until(facProvider.doc, (d) => getSettings(d).privateCount === 2);
		expect((await mine(author, board)).privateNotes.map((n) => n.id)).toEqual([noteId]);
		expect((await mine(neighbour, board)).privateNotes.map((n) => n.text)).toEqual([two.text]);

		// A marker written after both: once every socket has it, they have had everything before it.
		const marker = `REPERE${id()}`;
		const writer = track(connectProvider(server.url, `board:${board}`, facilitator.cookieHeader()));
		await writer.synced;
		addNote(writer.doc, { id: id(), text: marker, column: 'atouts', position: 0, colour: 'bleu', createdAt: Date.now() });
		await Promise.all([facRaw.waitFor(marker), neighbourRaw.waitFor(marker), until(facProvider.doc, (d) => getNotes(d).some((n) => n.text === marker))]);
		await until(neighbourProvider.doc, (d) => getNotes(d).some((n) => n.text === marker));

		const listeners = { facProvider, facRaw, neighbourRaw, neighbourProvider };
		for (const [who, l] of Object.entries(listeners)) {
			expect(l.messages.length, who).toBeGreaterThan(0);
			expect(l.has(one.token), `${who} received the author's private text`).toBe(false);
			expect(l.has(two.token), `${who} received the neighbour's private text`).toBe(false);
		}
		expect(getNotes(facProvider.doc).some((n) => n.id === noteId)).toBe(false);
		// Nor is it in what the server stores for the doc, nor in a late joiner's whole doc.
		for (const blob of storedBlobs(board)) expect(blob.includes(one.token)).toBe(false);
		const late = await rawSocket(facilitator.cookieHeader(), `board:${board}`);
		await late.waitFor(marker);
		expect(late.has(one.token) || late.has(two.token)).toBe(false);
	});

	it('[PRIV2] on reveal every private note appears for all at once, with its author; /mine empties', async () => {
		const board = await privateBoard();
		const a = await participant('Karine Auteure', 'Mission locale Dombes');
		const b = await participant('Loïc Auteur', 'Centre social');
		const watcherP = await participant('Maya Spectatrice');
		const notes = [
			{ by: a, ...secret('A1'), noteId: id() },
			{ by: a, ...secret('A2'), noteId: id() },
			{ by: b, ...secret('B1'), noteId: id() }
		];
		for (const n of notes) expect((await add(n.by, board, n.text, n.noteId)).body.private).toBe(true);

		const fac = track(connectProvider(server.url, `board:${board}`, facilitator.cookieHeader()));
		const raw = await rawSocket(watcherP.client.cookieHeader(), `board:${board}`);
		await fac.synced;
		await until(fac.doc, (d) => getSettings(d).privateCount === 3);
		const ids = notes.map((n) => n.noteId);
		const seenPerUpdate: number[] = [];
		fac.doc.on('update', () => seenPerUpdate.push(ids.filter((i) => getNote(fac.doc, i)).length));
		const messagesBefore = raw.messages.length;

		expect(await control(board, { action: 'reveal' })).toMatchObject({ ok: true, revealed: 3 });
		await until(fac.doc, (d) => ids.every((i) => getNote(d, i)) && getSettings(d).privateCount === 0);
		await Promise.all(notes.map((n) => raw.waitFor(n.token)));

		// One update: the first that shows any of them shows them all; one message carries them all.
		expect(seenPerUpdate.find((n) => n > 0)).toBe(3);
		const carrying = raw.messages.slice(messagesBefore).filter((m) => notes.some((n) => m.includes(n.token)));
		expect(carrying).toHaveLength(1);
		for (const n of notes) expect(carrying[0].includes(n.token)).toBe(true);

		for (const n of notes) {
			expect(getNote(fac.doc, n.noteId)).toMatchObject({ text: n.text, authorName: n.by.name, organisation: n.by.organisation, column: 'atouts' });
		}
		expect((await mine(a, board)).privateNotes).toEqual([]);
		expect((await mine(b, board)).privateNotes).toEqual([]);
		// Still private writing: a new note is private again, and revealed when the phase moves on.
		const late = { ...secret('Tardive'), noteId: id() };
		expect((await add(b, board, late.text, late.noteId)).body.private).toBe(true);
		await until(fac.doc, (d) => getSettings(d).privateCount === 1);
		const before = raw.messages.length;
		await control(board, { action: 'phase', phase: 'regroupement' });
		await until(fac.doc, (d) => !!getNote(d, late.noteId) && getSettings(d).phase === 'regroupement' && getSettings(d).privateCount === 0);
		expect(getNote(fac.doc, late.noteId)).toMatchObject({ text: late.text, authorName: b.name });
		await raw.waitFor(late.token);
		expect(raw.messages.slice(before).filter((m) => m.includes(late.token))).toHaveLength(1);
		expect((await mine(b, board)).privateNotes).toEqual([]);
		// Nothing is revealed twice.
		expect(getNotes(fac.doc).filter((n) => n.text.includes('S3CRET'))).toHaveLength(4);
	});

	it('[PRIV2] turning private writing off reveals too, at once', async () => {
		const board = await privateBoard();
		const a = await participant('Nora Silencieuse');
		const n = { ...secret('Mode'), noteId: id() };
		expect((await add(a, board, n.text, n.noteId)).body.private).toBe(true);
		const fac = track(connectProvider(server.url, `board:${board}`, facilitator.cookieHeader()));
		await fac.synced;
		expect(getNote(fac.doc, n.noteId)).toBeUndefined();
		await control(board, { action: 'modes', privateWriting: false });
		await until(fac.doc, (d) => !!getNote(d, n.noteId) && !getSettings(d).privateWriting);
		expect(getNote(fac.doc, n.noteId)).toMatchObject({ text: n.text, authorName: a.name });
		expect((await mine(a, board)).privateNotes).toEqual([]);
		// From now on notes are public straight away.
		const r = await add(a, board, 'Note publique');
		expect(r.body.private).toBeUndefined();
		await until(fac.doc, (d) => getNotes(d).some((x) => x.text === 'Note publique'));
	});

	it('[PRIV3] own private notes can be edited and deleted before the reveal; another participant cannot', async () => {
		const board = await privateBoard();
		const author = await participant('Octave Brouillon');
		const other = await participant('Pauline Fouineuse', 'CCAS de Trévoux');
		const fac = track(connectProvider(server.url, `board:${board}`, facilitator.cookieHeader()));
		await fac.synced;
		const kept = { ...secret('Gardée'), noteId: id() };
		const dropped = { ...secret('Jetée'), noteId: id() };
		expect((await add(author, board, kept.text, kept.noteId)).status).toBe(200);
		expect((await add(author, board, dropped.text, dropped.noteId)).status).toBe(200);
		await until(fac.doc, (d) => getSettings(d).privateCount === 2);

		const edited = { ...secret('Corrigée') };
		const edit = await command(author, board, { type: 'note.edit', noteId: kept.noteId, text: edited.text, column: 'problematiques', colour: 'rose' });
		expect(edit.status, JSON.stringify(edit.body)).toBe(200);
		expect((await mine(author, board)).privateNotes.find((n) => n.id === kept.noteId)).toMatchObject({ text: edited.text, column: 'problematiques', colour: 'rose' });
		// A colour-only edit keeps the text.
		expect((await command(author, board, { type: 'note.edit', noteId: kept.noteId, colour: 'vert' })).status).toBe(200);
		expect((await mine(author, board)).privateNotes.find((n) => n.id === kept.noteId)).toMatchObject({ text: edited.text, colour: 'vert' });

		// Someone else: refused, nothing changes.
		for (const body of [
			{ type: 'note.edit', noteId: kept.noteId, text: 'Pris en main par un autre' },
			{ type: 'note.delete', noteId: kept.noteId }
		]) {
			const r = await command(other, board, body);
			expect(r.status).toBe(403);
			expect(r.body.message).toMatch(/vos propres contributions/);
		}
		expect((await mine(other, board)).privateNotes).toEqual([]);
		expect((await mine(author, board)).privateNotes.map((n) => n.id).sort()).toEqual([kept.noteId, dropped.noteId].sort());

		expect((await command(author, board, { type: 'note.delete', noteId: dropped.noteId })).status).toBe(200);
		await until(fac.doc, (d) => getSettings(d).privateCount === 1);
		expect((await mine(author, board)).privateNotes.map((n) => n.id)).toEqual([kept.noteId]);

		await control(board, { action: 'reveal' });
		await until(fac.doc, (d) => !!getNote(d, kept.noteId));
		expect(getNote(fac.doc, kept.noteId)).toMatchObject({ text: edited.text, column: 'problematiques', colour: 'vert', authorName: author.name });
		expect(getNote(fac.doc, dropped.noteId)).toBeUndefined();
		expect(getNotes(fac.doc).some((n) => n.text.includes(kept.token) || n.text.includes(dropped.token))).toBe(false);
		for (const blob of storedBlobs(board)) {
			expect(blob.includes(kept.token), 'the text before the edit').toBe(false);
			expect(blob.includes(dropped.token), 'the deleted note').toBe(false);
		}

		// Revealed, it is an ordinary note: still its author's only.
		expect((await command(other, board, { type: 'note.delete', noteId: kept.noteId })).status).toBe(403);
		expect((await command(author, board, { type: 'note.edit', noteId: kept.noteId, text: 'Corrigée après la révélation' })).status).toBe(200);
		await until(fac.doc, (d) => getNote(d, kept.noteId)?.text === 'Corrigée après la révélation');
	});

	it('[PRIV3] a private note cannot claim the id of a note already on the board (and so take it over)', async () => {
		const board = await privateBoard();
		const pirate = await participant('Quentin Usurpateur');
		const fac = track(connectProvider(server.url, `board:${board}`, facilitator.cookieHeader()));
		await fac.synced;
		const facNote = id();
		addNote(fac.doc, { id: facNote, text: 'Note de l’animatrice', column: 'atouts', position: 1, colour: 'bleu', createdAt: Date.now() });
		const reader = track(connectProvider(server.url, `board:${board}`, pirate.client.cookieHeader()));
		await reader.synced;
		await until(reader.doc, (d) => !!getNote(d, facNote)); // the server has it

		const claim = await add(pirate, board, 'Même identifiant, écrit en privé', facNote);
		expect.soft(claim.status, `private note.add re-using ${facNote}: ${JSON.stringify(claim.body)}`).toBe(409);
		expect.soft((await mine(pirate, board)).privateNotes).toEqual([]);
		await control(board, { action: 'reveal' });
		const edit = await command(pirate, board, { type: 'note.edit', noteId: facNote, text: 'Détournée après la révélation' });
		expect(edit.status, 'the facilitator’s note is not the participant’s to edit').toBe(403);
		const fresh = track(connectProvider(server.url, `board:${board}`, facilitator.cookieHeader()));
		await fresh.synced;
		expect(getNote(fresh.doc, facNote)?.text).toBe('Note de l’animatrice');
	});
});
