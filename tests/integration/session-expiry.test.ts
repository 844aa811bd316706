import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { Browser, DAY, createBoard, createProject, createWorkshop, join, joinCodeOf, openDb, setCookies, sha256Hex, signIn, signUp } from './support.ts';

// Facilitator sessions last 30 days and slide forward when used with less than 15 days left;
// participant sessions last 7 days and slide forward in their second half (under 3.5 days left).

let server: RunningServer;
let db: Database.Database;
let code: string;
let boardId: number;

beforeAll(async () => {
	server = await startServer();
	db = openDb(server);
	const owner = await signUp(server, 'Claire Martin', 'claire@ain.fr');
	const projectId = await createProject(owner);
	const workshopId = await createWorkshop(owner, projectId);
	code = joinCodeOf(db, workshopId);
	boardId = await createBoard(owner, db, workshopId, 'Insertion');
});
afterAll(async () => {
	db?.close();
	await server?.stop();
});

function sessionRow(table: 'sessions' | 'participant_sessions', token: string) {
	return db.prepare(`SELECT expires_at FROM ${table} WHERE id = ?`).get(sha256Hex(token)) as { expires_at: number } | undefined;
}
function setExpiry(table: 'sessions' | 'participant_sessions', token: string, expiresAt: number) {
	const r = db.prepare(`UPDATE ${table} SET expires_at = ? WHERE id = ?`).run(expiresAt, sha256Hex(token));
	expect(r.changes).toBe(1);
}
/** Expires=... of a Set-Cookie line, in ms. */
function cookieExpiry(line: string): number {
	const m = /expires=([^;]+)/i.exec(line);
	expect(m, line).not.toBeNull();
	return Date.parse(m![1]);
}

describe('facilitator sessions', () => {
	it('starts a session that lasts 30 days', async () => {
		const c = await signIn(server, 'claire@ain.fr');
		const row = sessionRow('sessions', c.cookies.get('tablee_session')!);
		expect(row).toBeDefined();
		expect(Math.abs(row!.expires_at - (Date.now() + 30 * DAY))).toBeLessThan(60_000);
	});

	it('rejects an expired session: the visitor is sent to sign in and the session row is deleted', async () => {
		const c = await signIn(server, 'claire@ain.fr');
		const token = c.cookies.get('tablee_session')!;
		setExpiry('sessions', token, Date.now() - 1000);

		const res = await c.get('/projets');
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/connexion?suite=%2Fprojets');
		expect(sessionRow('sessions', token)).toBeUndefined();
		// The browser is told to forget the cookie.
		expect(c.cookies.has('tablee_session')).toBe(false);
	});

	it('renews a session used with less than 15 days left: 30 days from now, with a fresh cookie', async () => {
		const c = await signIn(server, 'claire@ain.fr');
		const token = c.cookies.get('tablee_session')!;
		setExpiry('sessions', token, Date.now() + 10 * DAY);

		const res = await c.get('/projets');
		expect(res.status).toBe(200);
		const row = sessionRow('sessions', token)!;
		expect(Math.abs(row.expires_at - (Date.now() + 30 * DAY))).toBeLessThan(60_000);
		const lines = setCookies(res, 'tablee_session');
		expect(lines).toHaveLength(1);
		expect(lines[0].startsWith(`tablee_session=${token};`)).toBe(true);
		expect(Math.abs(cookieExpiry(lines[0]) - row.expires_at)).toBeLessThan(2000);
	});

	it('leaves a session with more than 15 days left untouched', async () => {
		const c = await signIn(server, 'claire@ain.fr');
		const token = c.cookies.get('tablee_session')!;
		const expiresAt = Date.now() + 20 * DAY;
		setExpiry('sessions', token, expiresAt);

		const res = await c.get('/projets');
		expect(res.status).toBe(200);
		expect(sessionRow('sessions', token)!.expires_at).toBe(expiresAt);
		expect(setCookies(res, 'tablee_session')).toEqual([]);
	});

	it('forgets a cookie whose session does not exist', async () => {
		const c = new Browser(server.url);
		c.cookies.set('tablee_session', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
		const res = await c.get('/projets');
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toMatch(/^\/connexion/);
		expect(c.cookies.has('tablee_session')).toBe(false);
	});
});

describe('participant sessions', () => {
	it('starts a participant session that lasts 7 days', async () => {
		const { client } = await join(server, code);
		const row = sessionRow('participant_sessions', client.cookies.get('tablee_participant')!);
		expect(row).toBeDefined();
		expect(Math.abs(row!.expires_at - (Date.now() + 7 * DAY))).toBeLessThan(60_000);
	});

	it('rejects an expired participant session: /atelier sends back to /rejoindre and the row is deleted', async () => {
		const { client } = await join(server, code);
		const token = client.cookies.get('tablee_participant')!;
		setExpiry('participant_sessions', token, Date.now() - 1000);

		const res = await client.get('/atelier');
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/rejoindre');
		expect(sessionRow('participant_sessions', token)).toBeUndefined();
		expect(client.cookies.has('tablee_participant')).toBe(false);
	});

	it('renews a participant session used in its second half: 7 days from now, with a fresh cookie', async () => {
		const { client } = await join(server, code);
		const token = client.cookies.get('tablee_participant')!;
		setExpiry('participant_sessions', token, Date.now() + 2 * DAY);

		const res = await client.get('/atelier');
		expect(res.status).toBe(200);
		const row = sessionRow('participant_sessions', token)!;
		expect(Math.abs(row.expires_at - (Date.now() + 7 * DAY))).toBeLessThan(60_000);
		const lines = setCookies(res, 'tablee_participant');
		expect(lines).toHaveLength(1);
		expect(lines[0].startsWith(`tablee_participant=${token};`)).toBe(true);
		expect(Math.abs(cookieExpiry(lines[0]) - row.expires_at)).toBeLessThan(2000);
	});

	// A command is the request participants send most: in production it is answered without
	// SvelteKit when nothing about the session must change, and by SvelteKit otherwise.
	it('renews a participant session on a command too, with a fresh cookie', async () => {
		const { client } = await join(server, code);
		const token = client.cookies.get('tablee_participant')!;
		setExpiry('participant_sessions', token, Date.now() + 2 * DAY);
		const res = await client.postJson(`/api/boards/${boardId}/commands`, { id: 'renouvellement-1', type: 'note.add', note: { id: 'renouvellement-note', text: 'Une contribution', column: 'atouts' } });
		expect(res.status).toBe(200);
		const row = sessionRow('participant_sessions', token)!;
		expect(Math.abs(row.expires_at - (Date.now() + 7 * DAY))).toBeLessThan(60_000);
		expect(setCookies(res, 'tablee_participant')).toHaveLength(1);
	});

	it('refuses a command with an expired participant session (401) and forgets it; a live one works with no cookie change', async () => {
		const { client } = await join(server, code);
		const board = boardId;
		const token = client.cookies.get('tablee_participant')!;
		const ok = await client.postJson(`/api/boards/${board}/commands`, { id: 'commande-vivante', type: 'note.add', note: { id: 'note-vivante', text: 'Encore là', column: 'atouts' } });
		expect(ok.status).toBe(200);
		expect(setCookies(ok, 'tablee_participant')).toHaveLength(0);
		setExpiry('participant_sessions', token, Date.now() - 1000);
		const refused = await client.postJson(`/api/boards/${board}/commands`, { id: 'commande-expiree', type: 'note.add', note: { id: 'note-expiree', text: 'Trop tard', column: 'atouts' } });
		expect(refused.status).toBe(401);
		expect(await refused.json()).toEqual({ message: 'Rejoignez l’atelier avec son code pour contribuer.' });
		expect(sessionRow('participant_sessions', token)).toBeUndefined();
	});

	it('leaves a participant session in its first half untouched', async () => {
		const { client } = await join(server, code);
		const token = client.cookies.get('tablee_participant')!;
		const expiresAt = Date.now() + 5 * DAY;
		setExpiry('participant_sessions', token, expiresAt);

		const res = await client.get('/atelier');
		expect(res.status).toBe(200);
		expect(sessionRow('participant_sessions', token)!.expires_at).toBe(expiresAt);
		expect(setCookies(res, 'tablee_participant')).toEqual([]);
	});
});
