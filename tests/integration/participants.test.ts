import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { getNote, getTallies } from '../../src/lib/docs/board.ts';
import type { RunningServer } from '../helpers/server.ts';
import type { Client } from '../helpers/http.ts';
import { connectProvider, until } from '../helpers/sync-client.ts';
import { Browser, createBoard, DEMO, html, newId as id, joinParticipant, sendCommand, startDemo, type DemoEnvironment, type Participant } from './support.ts';

// Issue 13, point 1: one person, one participant. A browser that already joined is taken back to
// its place; another device takes it back with the personal resume code; the facilitator merges
// duplicates and removes a participant; counts of people follow.

const WORKSHOP = 1;
let demo: DemoEnvironment;
let server: RunningServer;
let facilitator: Client;
let db: Database.Database;

const participantCount = () => (db.prepare('select count(*) as n from participants where workshop_id = ?').get(WORKSHOP) as { n: number }).n;
async function steer(body: Record<string, unknown>) {
	const res = await facilitator.postJson(`/api/workshops/${WORKSHOP}/control`, body);
	return { status: res.status, body: (await res.json()) as { message?: string; withdrawnDots?: number } };
}
async function control(boardId: number, body: Record<string, unknown>) {
	const res = await facilitator.postJson(`/api/boards/${boardId}/control`, body);
	expect(res.status).toBe(200);
}
/** Joins through the form, as a phone does; returns the browser. */
async function joinByForm(name: string, organisation = 'MSA Ain-Rhône', browser = new Browser(server.url)) {
	const res = await browser.post('/rejoindre', { code: DEMO.DEMO_JOIN_CODE, name, organisation });
	expect(res.status).toBe(303);
	expect(res.headers.get('location')).toBe('/atelier');
	return browser;
}

let boards = 0;
async function votingBoard(writer: Participant, budget: number, cap: number | null = null) {
	const board = await createBoard(facilitator, db, WORKSHOP, `Table des personnes ${++boards}`);
	const notes = [id(), id(), id()];
	for (const [i, noteId] of notes.entries()) {
		expect((await sendCommand(writer, board, { type: 'note.add', note: { id: noteId, text: `Constat ${i}`, column: 'problematiques' } })).status).toBe(200);
	}
	await control(board, { action: 'phase', phase: 'vote' });
	await control(board, { action: 'modes', voteBudget: budget, voteCap: cap, votesHidden: false });
	return { board, notes };
}

beforeAll(async () => {
	demo = await startDemo();
	({ server, facilitator, db } = demo);
});
afterAll(() => demo?.close());

describe('one person, one participant', () => {
	it('[ID1] a browser that already joined is taken back to its workshop: "déjà inscrit·e", and joining again with the same name creates no one', async () => {
		const phone = await joinByForm('Élise Martin');
		const before = participantCount();
		const page = await html(await phone.get(`/rejoindre/${DEMO.DEMO_JOIN_CODE}`));
		expect(page).toContain('Vous êtes déjà inscrit·e comme Élise Martin (MSA Ain-Rhône)');
		expect(page).toContain('Continuer comme Élise Martin');
		expect(page).toContain('Ce n’est pas moi');

		// Back button, the form posted again (accents and case aside): the same participant.
		const cookie = phone.cookies.get('tablee_participant');
		await joinByForm('elise  MARTIN', 'MSA', phone);
		expect(participantCount()).toBe(before);
		expect(phone.cookies.get('tablee_participant')).toBe(cookie);
		const api = await phone.postJson('/api/join', { code: DEMO.DEMO_JOIN_CODE, name: 'Élise Martin', organisation: 'MSA Ain-Rhône' });
		expect(api.status).toBe(200);
		expect(await api.json()).toMatchObject({ rejoined: true });
		expect(participantCount()).toBe(before);

		// "Ce n'est pas moi": this device is signed out and back on the join form; someone else joins.
		const out = await phone.post('/atelier?/quitter', { next: `/rejoindre/${DEMO.DEMO_JOIN_CODE}` });
		expect(out.status).toBe(303);
		expect(out.headers.get('location')).toBe(`/rejoindre/${DEMO.DEMO_JOIN_CODE}`);
		expect(phone.cookies.has('tablee_participant')).toBe(false);
		expect(await html(await phone.get(`/rejoindre/${DEMO.DEMO_JOIN_CODE}`))).toContain('Rejoindre l’atelier');
		await joinByForm('Paul Girard', 'Mission locale', phone);
		expect(participantCount()).toBe(before + 1);
		// The redirect after "Ce n'est pas moi" goes to the join page only.
		const evil = await (await joinByForm('Zoé', 'CPAM')).post('/atelier?/quitter', { next: 'https://ailleurs.example/rejoindre' });
		expect(evil.headers.get('location')).toBe('/');
	});

	it('[ID2] the personal resume code is shown once, and gives the person their place on another device: own notes, same dots', async () => {
		const first = await joinByForm('Karim Haddad', 'France Services de Thoissey');
		const welcome = await html(await first.get('/atelier'));
		const code = /Votre code personnel : <span class="code[^"]*">([A-Z0-9]{4}-[A-Z0-9]{4})</.exec(welcome)?.[1];
		expect(code, 'the resume code on the workshop page').toBeDefined();
		expect(await html(await first.get('/atelier'))).not.toContain('Votre code personnel');

		const karim = { client: first };
		const { board, notes } = await votingBoard(await joinParticipant(server, 'Rédactrice'), 2);
		expect((await sendCommand(karim, board, { type: 'vote.cast', targetId: notes[0] })).status).toBe(200);

		// Another device: wrong or malformed codes are refused in French; the right one resumes.
		const laptop = new Browser(server.url);
		const bad = await laptop.post('/rejoindre/reprendre', { code: DEMO.DEMO_JOIN_CODE, resumeCode: 'ABCD-EFGH' });
		expect(bad.status).toBe(401);
		expect(await html(bad)).toContain('Code personnel inconnu');
		const malformed = await laptop.post('/rejoindre/reprendre', { code: DEMO.DEMO_JOIN_CODE, resumeCode: '12' });
		expect(malformed.status).toBe(400);
		expect(await html(malformed)).toContain('Code personnel invalide');
		const before = participantCount();
		const ok = await laptop.post('/rejoindre/reprendre', { code: DEMO.DEMO_JOIN_CODE.toLowerCase(), resumeCode: code!.toLowerCase() });
		expect(ok.status).toBe(303);
		expect(participantCount()).toBe(before);
		expect(await html(await laptop.get('/atelier'))).toContain('Bienvenue Karim Haddad');
		// Same budget: one dot left, whichever device spends it.
		expect((await sendCommand({ client: laptop }, board, { type: 'vote.cast', targetId: notes[1] })).body.myVotes).toEqual([notes[0], notes[1]]);
		expect((await sendCommand({ client: laptop }, board, { type: 'vote.cast', targetId: notes[2] })).status).toBe(409);
	});

	it('[ID3] the facilitator merges a duplicate: one person, one budget (dots beyond it withdrawn), their notes theirs, counted once', async () => {
		const writer = await joinParticipant(server, 'Rédacteur');
		const { board, notes } = await votingBoard(writer, 3, 2);
		const nadia = await joinParticipant(server, 'Nadia Benali', 'CAF de l’Ain');
		const twin = await joinParticipant(server, 'Nadia  Benali', 'CAF');
		// Written as the duplicate, before the merge: a note in a writing board.
		const writing = await createBoard(facilitator, db, WORKSHOP, `Table d’écriture ${++boards}`);
		const twinNote = id();
		expect((await sendCommand(twin, writing, { type: 'note.add', note: { id: twinNote, text: 'Écrit sur le 2e téléphone', column: 'atouts' } })).status).toBe(200);
		for (const t of [notes[0], notes[1]]) expect((await sendCommand(nadia, board, { type: 'vote.cast', targetId: t })).status).toBe(200);
		for (const t of [notes[0], notes[2], notes[2]]) expect((await sendCommand(twin, board, { type: 'vote.cast', targetId: t })).status).toBe(200);

		const consoleBefore = await html(await facilitator.get(`/ateliers/${WORKSHOP}/console`));
		expect(consoleBefore).toContain('Doublon probable');
		const n = participantCount();
		expect(consoleBefore).toContain(`Former les groupes (${n} participants)`);

		const watcher = demo.track(connectProvider(server.url, `board:${board}`, facilitator.cookieHeader()));
		await watcher.synced;
		const merged = await steer({ action: 'participants.merge', keepId: nadia.id, dropId: twin.id });
		expect(merged.status, JSON.stringify(merged.body)).toBe(200);
		// Kept: her 2 dots first, then the twin's while within budget 3 and cap 2: the twin's dot on
		// notes[0] fits (its 2nd there), then the budget is spent: both dots on notes[2] withdrawn.
		expect(merged.body.withdrawnDots).toBe(2);
		expect((await fetchMine(nadia, board)).sort()).toEqual([notes[0], notes[0], notes[1]].sort());
		const tallies = db.prepare('select target_id, count(*) as n from votes where board_id = ? group by target_id').all(board) as { target_id: string; n: number }[];
		expect(tallies.reduce((s, t) => s + t.n, 0)).toBe(3);
		await until(watcher.doc, (d) => [...getTallies(d).values()].reduce((s, v) => s + v, 0) === 3);
		// The duplicate's phone is now Nadia: the note it wrote is hers, she may edit it.
		await control(writing, { action: 'phase', phase: 'ecriture' });
		expect((await sendCommand(nadia, writing, { type: 'note.edit', noteId: twinNote, text: 'Écrit sur le 2e téléphone (relu)' })).status).toBe(200);
		expect((await sendCommand(twin, writing, { type: 'note.edit', noteId: twinNote, text: 'Depuis le 2e téléphone' })).status).toBe(200);
		expect(participantCount()).toBe(n - 1);
		expect(await html(await facilitator.get(`/ateliers/${WORKSHOP}/console`))).toContain(`Former les groupes (${n - 1} participants)`);
		// Merging someone with themselves, or a stranger to this workshop, is refused in French.
		expect((await steer({ action: 'participants.merge', keepId: nadia.id, dropId: nadia.id })).status).toBe(400);
		expect((await steer({ action: 'participants.merge', keepId: nadia.id, dropId: 999_999 })).body.message).toMatch(/introuvable/);
	});

	it('[ID6] a table link opened without joining goes to the join page, and joining lands on that table', async () => {
		const board = await createBoard(facilitator, db, WORKSHOP, `Table au QR code ${++boards}`);
		const partner = new Browser(server.url);
		const opened = await partner.get(`/tables/${board}`);
		expect(opened.status).toBe(303);
		expect(opened.headers.get('location')).toBe(`/rejoindre?table=${board}`);
		expect(await html(await partner.get(`/rejoindre?table=${board}`))).toContain(`name="table" value="${board}"`);
		const joined = await partner.post('/rejoindre', { code: DEMO.DEMO_JOIN_CODE, name: 'Yvette QR', organisation: 'CCAS', table: String(board) });
		expect(joined.status).toBe(303);
		expect(joined.headers.get('location')).toBe(`/tables/${board}`);
		expect((await partner.get(`/tables/${board}`)).status).toBe(200);
		// Already joined: "Continuer" goes to that table.
		expect(await html(await partner.get(`/rejoindre?table=${board}`))).toContain(`href="/tables/${board}"`);
		// A table of another workshop, or garbage, is ignored: the workshop page.
		const other = new Browser(server.url);
		expect((await other.post('/rejoindre', { code: DEMO.DEMO_JOIN_CODE, name: 'Yann', organisation: 'CCAS', table: '999999' })).headers.get('location')).toBe('/atelier');
		expect((await new Browser(server.url).post('/rejoindre', { code: DEMO.DEMO_JOIN_CODE, name: 'Yanis', organisation: 'CCAS', table: '../admin' })).headers.get('location')).toBe('/atelier');
	});

	it('[ID4] the facilitator removes a participant: their sessions end, their dots leave the tallies, their notes stay', async () => {
		const writer = await joinParticipant(server, 'Rédactrice bis');
		const { board, notes } = await votingBoard(writer, 3);
		const gone = await joinParticipant(server, 'Inscrit par erreur', 'Test');
		const writing = await createBoard(facilitator, db, WORKSHOP, `Table d’écriture ${++boards}`);
		const kept = id();
		expect((await sendCommand(gone, writing, { type: 'note.add', note: { id: kept, text: 'Ce qui a été dit reste', column: 'atouts' } })).status).toBe(200);
		expect((await sendCommand(gone, board, { type: 'vote.cast', targetId: notes[0] })).status).toBe(200);
		const n = participantCount();
		const removed = await steer({ action: 'participants.remove', participantId: gone.id });
		expect(removed.status).toBe(200);
		expect(participantCount()).toBe(n - 1);
		expect((await sendCommand(gone, board, { type: 'vote.cast', targetId: notes[1] })).status).toBe(401);
		expect((db.prepare('select count(*) as n from votes where board_id = ?').get(board) as { n: number }).n).toBe(0);
		const view = demo.track(connectProvider(server.url, `board:${writing}`, facilitator.cookieHeader()));
		await view.synced;
		expect(getNote(view.doc, kept)?.text).toBe('Ce qui a été dit reste');
		const bad = await steer({ action: 'participants.remove', participantId: 'x' });
		expect(bad.status).toBe(400);
	});
});

async function fetchMine(p: { client: Client }, boardId: number): Promise<string[]> {
	const res = await p.client.get(`/api/boards/${boardId}/mine`);
	expect(res.status).toBe(200);
	return ((await res.json()) as { myVotes: string[] }).myVotes;
}
