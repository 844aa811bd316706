import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import { addNote, deleteNote, getNotes, getSettings } from '../../src/lib/docs/board.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { Client } from '../helpers/http.ts';
import { connectProvider, until, upgradeStatus, type SyncedClient } from '../helpers/sync-client.ts';

const DEMO = { SEED_DEMO: '1', DEMO_EMAIL: 'demo@ain.fr', DEMO_PASSWORD: 'mot-de-passe-demo', DEMO_JOIN_CODE: 'K7M2PQ' };
let server: RunningServer;
let facilitator: Client;
let boardId: number;
let otherWorkshopBoard: number;
const clients: SyncedClient[] = [];

function track(c: SyncedClient) {
	clients.push(c);
	return c;
}

async function participant(name = 'Nadia', code = DEMO.DEMO_JOIN_CODE) {
	const c = new Client(server.url);
	const res = await c.postJson('/api/join', { code, name, organisation: 'CAF' });
	expect(res.status).toBe(200);
	return { client: c, body: (await res.json()) as { boards: { id: number; docName: string }[] } };
}

const id = () => randomUUID().replaceAll('-', '');

beforeAll(async () => {
	server = await startServer(DEMO);
	facilitator = new Client(server.url);
	expect((await facilitator.post('/connexion', { email: DEMO.DEMO_EMAIL, password: DEMO.DEMO_PASSWORD })).status).toBe(303);
	const joined = await participant('Repérage');
	boardId = joined.body.boards[0].id;
	// A second workshop with its own table, to check sessions stay in their workshop.
	const created = await facilitator.post('/projets/1/ateliers/nouveau', { title: 'Autre atelier', phase: 'diagnostic' });
	const wid = created.headers.get('location')!.split('/').pop()!;
	await facilitator.post(`/ateliers/${wid}?/createBoard`, { theme: 'Logement', template: 'afom' });
	const page = await (await facilitator.get(`/ateliers/${wid}`)).text();
	otherWorkshopBoard = Number(/href="\/tables\/(\d+)"/.exec(page)![1]);
});

afterAll(async () => {
	for (const c of clients) c.destroy();
	await server.stop();
});

describe('sync server (y-websocket protocol)', () => {
	it('[SYNC1] gives a stock provider the whole board in its first sync', async () => {
		const a = track(connectProvider(server.url, `board:${boardId}`, facilitator.cookieHeader()));
		await a.synced;
		expect(getNotes(a.doc).length).toBe(22);
	});

	it('[SYNC2] two facilitators see each other’s changes', async () => {
		const a = track(connectProvider(server.url, `board:${boardId}`, facilitator.cookieHeader()));
		const b = track(connectProvider(server.url, `board:${boardId}`, facilitator.cookieHeader()));
		await Promise.all([a.synced, b.synced]);
		const before = getNotes(b.doc).length;
		expect(getNotes(a.doc)).toHaveLength(before);
		addNote(a.doc, { id: 'f-1', text: 'Manque de transports le soir', column: 'problematiques', position: 99, colour: 'rose', createdAt: 1 });
		// B receives A's note as A wrote it (text, column, colour), once.
		await expect
			.poll(() => getNotes(b.doc).filter((n) => n.id === 'f-1'), { timeout: 5000 })
			.toEqual([expect.objectContaining({ text: 'Manque de transports le soir', column: 'problematiques', colour: 'rose' })]);
		expect(getNotes(b.doc)).toHaveLength(before + 1);
		// And A sees B's deletion: the note is gone, the others are all still there.
		deleteNote(b.doc, 'f-1');
		await expect.poll(() => getNotes(a.doc).map((n) => n.id), { timeout: 5000 }).not.toContain('f-1');
		expect(getNotes(a.doc)).toHaveLength(before);
		expect(getNotes(a.doc).map((n) => n.id).sort()).toEqual(getNotes(b.doc).map((n) => n.id).sort());
	});

	it('[AUTH1] refuses before the upgrade: no cookie, bad Origin, foreign workshop, unknown doc', async () => {
		const origin = server.url;
		expect(await upgradeStatus(server.url, `board:${boardId}`, { origin })).toBe(401);
		expect(await upgradeStatus(server.url, `board:${boardId}`, { origin: 'http://evil.example', cookie: facilitator.cookieHeader() })).toBe(403);
		expect(await upgradeStatus(server.url, `board:${boardId}`, { cookie: facilitator.cookieHeader() })).toBe(403);
		const p = await participant('Intrus');
		expect(await upgradeStatus(server.url, `board:${otherWorkshopBoard}`, { origin, cookie: p.client.cookieHeader() })).toBe(403);
		expect(await upgradeStatus(server.url, 'board:999999', { origin, cookie: facilitator.cookieHeader() })).toBe(404);
		expect(await upgradeStatus(server.url, 'fichier:1', { origin, cookie: facilitator.cookieHeader() })).toBe(404);
		expect(await upgradeStatus(server.url, `board:${boardId}`, { origin, cookie: facilitator.cookieHeader() })).toBe(101);
	});

	it('[RO1] a participant reads the board but its raw Yjs writes change nothing for anyone', async () => {
		const p = await participant('Malicieux');
		const watcher = track(connectProvider(server.url, `board:${boardId}`, facilitator.cookieHeader()));
		const rogue = track(connectProvider(server.url, `board:${boardId}`, p.client.cookieHeader()));
		await Promise.all([watcher.synced, rogue.synced]);
		const before = getNotes(watcher.doc).length;
		const victim = getNotes(rogue.doc)[0].id;
		deleteNote(rogue.doc, victim); // a raw update, sent by the stock provider
		addNote(rogue.doc, { id: 'rogue', text: 'injection', column: 'atouts', position: 0, colour: 'jaune', createdAt: 1 });
		// A marker written by the facilitator after the rogue writes: once it arrives, the rogue
		// updates (sent earlier on the other socket) have been handled.
		const markerId = `marker-${id()}`;
		addNote(watcher.doc, { id: markerId, text: 'repère', column: 'atouts', position: 0, colour: 'jaune', createdAt: 1 });
		const fresh = track(connectProvider(server.url, `board:${boardId}`, facilitator.cookieHeader()));
		await fresh.synced;
		// The participant's connection stays usable: it receives what is written after its refusal.
		await until(rogue.doc, (d) => getNotes(d).some((n) => n.id === markerId));
		expect(rogue.provider.wsconnected).toBe(true);
		expect(getNotes(fresh.doc).some((n) => n.id === victim)).toBe(true);
		expect(getNotes(fresh.doc).some((n) => n.id === 'rogue')).toBe(false);
		expect(getNotes(fresh.doc).length).toBe(before + 1);
	});

	it('[CMD1] a participant adds, edits and deletes their own note through commands; everyone sees it', async () => {
		const p = await participant('Sophie');
		const watcher = track(connectProvider(server.url, `board:${boardId}`, facilitator.cookieHeader()));
		await watcher.synced;
		const noteId = id();
		const add = { id: id(), type: 'note.add', note: { id: noteId, text: 'Peu de places en crèche', column: 'problematiques' } };
		const r1 = await p.client.postJson(`/api/boards/${boardId}/commands`, add);
		expect(r1.status).toBe(200);
		expect(await r1.json()).toMatchObject({ ok: true, duplicate: false, noteId });
		await until(watcher.doc, (d) => getNotes(d).some((n) => n.id === noteId && n.authorName === 'Sophie'));

		const edit = await p.client.postJson(`/api/boards/${boardId}/commands`, { id: id(), type: 'note.edit', noteId, text: 'Peu de places en crèche le mercredi', colour: 'bleu' });
		expect(edit.status).toBe(200);
		await until(watcher.doc, (d) => getNotes(d).some((n) => n.id === noteId && n.text.endsWith('mercredi') && n.colour === 'bleu'));

		const del = await p.client.postJson(`/api/boards/${boardId}/commands`, { id: id(), type: 'note.delete', noteId });
		expect(del.status).toBe(200);
		await until(watcher.doc, (d) => !getNotes(d).some((n) => n.id === noteId));
	});

	it('[CMD2] a replayed command is a no-op, never a duplicate', async () => {
		const p = await participant('Karim');
		const command = { id: id(), type: 'note.add', note: { id: id(), text: 'Mobilité en zone rurale', column: 'problematiques' } };
		const first = await p.client.postJson(`/api/boards/${boardId}/commands`, command);
		const again = await p.client.postJson(`/api/boards/${boardId}/commands`, command);
		expect(await first.json()).toMatchObject({ duplicate: false });
		expect(await again.json()).toMatchObject({ duplicate: true });
		const reader = track(connectProvider(server.url, `board:${boardId}`, facilitator.cookieHeader()));
		await reader.synced;
		expect(getNotes(reader.doc).filter((n) => n.text === 'Mobilité en zone rurale')).toHaveLength(1);
	});

	it('[CMD3] refuses edits of someone else’s note, bad columns, long text and foreign boards, in French', async () => {
		const owner = await participant('Élodie');
		const other = await participant('Marc');
		const noteId = id();
		await owner.client.postJson(`/api/boards/${boardId}/commands`, { id: id(), type: 'note.add', note: { id: noteId, text: 'Illettrisme', column: 'problematiques' } });
		const steal = await other.client.postJson(`/api/boards/${boardId}/commands`, { id: id(), type: 'note.delete', noteId });
		expect(steal.status).toBe(403);
		expect((await steal.json()).message).toContain('vos propres contributions');
		const col = await owner.client.postJson(`/api/boards/${boardId}/commands`, { id: id(), type: 'note.add', note: { id: id(), text: 'x', column: 'menaces' } });
		expect(col.status).toBe(400);
		expect((await col.json()).message).toContain('Colonne inconnue');
		const long = await owner.client.postJson(`/api/boards/${boardId}/commands`, { id: id(), type: 'note.add', note: { id: id(), text: 'x'.repeat(501), column: 'atouts' } });
		expect(long.status).toBe(400);
		expect((await long.json()).message).toContain('500 caractères');
		const foreign = await owner.client.postJson(`/api/boards/${otherWorkshopBoard}/commands`, { id: id(), type: 'note.add', note: { id: id(), text: 'x', column: 'points_forts' } });
		expect(foreign.status).toBe(403);
		const anonymous = await new Client(server.url).postJson(`/api/boards/${boardId}/commands`, { id: id(), type: 'note.add', note: { id: id(), text: 'x', column: 'atouts' } });
		expect(anonymous.status).toBe(401);
		const reader = track(connectProvider(server.url, `board:${boardId}`, facilitator.cookieHeader()));
		await reader.synced;
		expect(getNotes(reader.doc).some((n) => n.id === noteId)).toBe(true);
	});

	it('[LOG1] records who sent each accepted update', async () => {
		const { default: SQLite } = await import('better-sqlite3');
		const db = new SQLite(server.databasePath, { readonly: true });
		const rows = db.prepare('select user_id, participant_id from doc_updates where doc_name = ?').all(`board:${boardId}`) as { user_id: number | null; participant_id: number | null }[];
		db.close();
		expect(rows.some((r) => r.user_id === 1)).toBe(true);
		expect(rows.some((r) => r.participant_id !== null)).toBe(true);
		expect(rows.every((r) => r.user_id !== null || r.participant_id !== null)).toBe(true);
	});
});

describe('an update made by a route reaches connected sockets', () => {
	it('[ONE1] a command (HTTP route) and a socket share one doc store', async () => {
		const watcher = track(connectProvider(server.url, `board:${boardId}`, facilitator.cookieHeader()));
		await watcher.synced;
		const p = await participant('Hélène');
		const noteId = id();
		// Answered by the server entry (the common case of a participant's command)...
		const res = await p.client.postJson(`/api/boards/${boardId}/commands`, { id: id(), type: 'note.add', note: { id: noteId, text: 'Vu par la socket', column: 'atouts' } });
		expect(res.status).toBe(200);
		expect(await res.json()).toMatchObject({ ok: true, noteId });
		// ...and the facilitator's socket holds that very note, from the same doc store.
		await expect
			.poll(() => getNotes(watcher.doc).filter((n) => n.id === noteId), { timeout: 5000 })
			.toEqual([expect.objectContaining({ text: 'Vu par la socket', column: 'atouts', authorName: 'Hélène' })]);
	});

	it('[ONE2] a change made by a SvelteKit route (the facilitator’s board control) reaches the sockets', async () => {
		const watcher = track(connectProvider(server.url, `board:${boardId}`, facilitator.cookieHeader()));
		await watcher.synced;
		expect(getSettings(watcher.doc).locked).toBe(false);
		const res = await facilitator.postJson(`/api/boards/${boardId}/control`, { action: 'modes', locked: true });
		expect(res.status).toBe(200);
		await until(watcher.doc, (d) => getSettings(d).locked);
		expect((await facilitator.postJson(`/api/boards/${boardId}/control`, { action: 'modes', locked: false })).status).toBe(200);
		await until(watcher.doc, (d) => !getSettings(d).locked);
	});
});

// Keep Y imported for typings of docs created by providers.
void Y;
