// Shared steps for the integration tests (not a test file: vitest only runs *.test.ts).
// Every step goes through the real HTTP routes, as a browser would; the database is opened
// directly only to read what the routes do not show (ids, hashes, expiry times) or to age a row.
import { createHash, randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { Client } from '../helpers/http.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import WebSocket from 'ws';

export const PASSWORD = 'correct-horse-battery';
export const JOIN_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const DAY = 24 * 3600 * 1000;

/** A second connection to the server's SQLite file (WAL: reads and small updates are safe). */
export function openDb(server: RunningServer): Database.Database {
	const db = new Database(server.databasePath, { fileMustExist: true });
	db.pragma('busy_timeout = 5000');
	return db;
}

export function sha256Hex(text: string): string {
	return createHash('sha256').update(text).digest('hex');
}

/** The page's text with the entities Svelte and SvelteKit emit turned back into characters. */
export async function html(res: Response): Promise<string> {
	return decode(await res.text());
}

export function decode(s: string): string {
	return s
		.replace(/&#39;|&#x27;|&apos;/g, "'")
		.replace(/&quot;|&#34;/g, '"')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&nbsp;|&#160;/g, '\u00a0')
		.replace(/&amp;/g, '&');
}

/**
 * The helper's Client, with the Accept header a browser sends. Without it SvelteKit takes a form
 * POST for an `enhance` fetch (Node's fetch sends `Accept: *\/*`) and answers its JSON action
 * result with status 200 instead of the HTML page and the 303/400/... status a browser gets.
 */
export class Browser extends Client {
	override request(path: string, init: RequestInit = {}): Promise<Response> {
		const headers = new Headers(init.headers);
		if (!headers.has('accept')) headers.set('accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8');
		return super.request(path, { ...init, headers });
	}
}

/** A browser that says it comes from `address` (the server must run with ADDRESS_HEADER=x-forwarded-for). */
export class IpClient extends Browser {
	constructor(base: string, readonly address: string) {
		super(base, address);
	}
	override request(path: string, init: RequestInit = {}): Promise<Response> {
		const headers = new Headers(init.headers);
		headers.set('x-forwarded-for', this.address);
		return super.request(path, { ...init, headers });
	}
}

/** Signs up a new account through /inscription; returns the signed-in client. */
export async function signUp(
	server: RunningServer,
	displayName: string,
	email: string,
	password = PASSWORD,
	client = new Browser(server.url)
): Promise<Browser> {
	const res = await client.post('/inscription', { displayName, email, password });
	expect(res.status, `sign-up of ${email}`).toBe(303);
	expect(res.headers.get('location')).toBe('/projets');
	expect(client.cookies.has('tablee_session')).toBe(true);
	return client;
}

/** Signs in through /connexion; returns the signed-in client. */
export async function signIn(server: RunningServer, email: string, password = PASSWORD, client = new Browser(server.url)) {
	const res = await client.post('/connexion', { email, password });
	expect(res.status, `sign-in of ${email}`).toBe(303);
	expect(client.cookies.has('tablee_session')).toBe(true);
	return client;
}

export interface ProjectFields {
	name?: string;
	departement?: string;
	territory?: string;
	periodStart?: string;
	periodEnd?: string;
	axes?: { code: string; label: string }[];
}

export function projectForm(f: ProjectFields = {}): Record<string, string | string[]> {
	const axes = f.axes ?? [
		{ code: 'COOR', label: 'Coordination' },
		{ code: 'INS', label: 'Insertion' }
	];
	return {
		name: f.name ?? 'Projet social de territoire Bresse',
		departement: f.departement ?? 'Ain',
		territory: f.territory ?? 'DT Bresse',
		periodStart: f.periodStart ?? '2024',
		periodEnd: f.periodEnd ?? '2030',
		axisCode: axes.map((a) => a.code),
		axisLabel: axes.map((a) => a.label)
	};
}

/** Creates a project through /projets/nouveau; returns its id. */
export async function createProject(client: Client, f: ProjectFields = {}): Promise<number> {
	const res = await client.post('/projets/nouveau', projectForm(f));
	expect(res.status, 'project creation').toBe(303);
	const m = /^\/projets\/(\d+)$/.exec(res.headers.get('location') ?? '');
	expect(m, `location ${res.headers.get('location')}`).not.toBeNull();
	return Number(m![1]);
}

/** Creates a workshop through /projets/<id>/ateliers/nouveau; returns its id. */
export async function createWorkshop(
	client: Client,
	projectId: number,
	f: { title?: string; date?: string; place?: string; phase?: string } = {}
): Promise<number> {
	const res = await client.post(`/projets/${projectId}/ateliers/nouveau`, {
		title: f.title ?? 'Diagnostic partagé',
		// Today: joining closes by itself some time after the workshop's date (JOIN_CLOSE_AFTER_HOURS).
		date: f.date ?? new Date().toISOString().slice(0, 10),
		place: f.place ?? 'Salle des fêtes de Trévoux',
		phase: f.phase ?? 'diagnostic'
	});
	expect(res.status, 'workshop creation').toBe(303);
	const m = /^\/ateliers\/(\d+)$/.exec(res.headers.get('location') ?? '');
	expect(m, `location ${res.headers.get('location')}`).not.toBeNull();
	return Number(m![1]);
}

/** Adds a round table through ?/createBoard; returns its id (read from the database). */
export async function createBoard(
	client: Client,
	db: Database.Database,
	workshopId: number,
	theme: string,
	template = 'atouts_problematiques'
): Promise<number> {
	const res = await client.post(`/ateliers/${workshopId}?/createBoard`, { theme, template });
	expect(res.status, `board creation "${theme}"`).toBe(200);
	const row = db.prepare('SELECT id FROM boards WHERE workshop_id = ? AND theme = ? ORDER BY id DESC').get(workshopId, theme) as
		| { id: number }
		| undefined;
	expect(row, `board "${theme}" in the database`).toBeDefined();
	return row!.id;
}

/** Invites an existing account into a project with a role (as an owner). */
export async function addMember(owner: Client, projectId: number, email: string, role: string) {
	const res = await owner.post(`/projets/${projectId}/parametres?/addMember`, { email, role });
	expect(res.status, `invitation of ${email} as ${role}`).toBe(200);
}

export function joinCodeOf(db: Database.Database, workshopId: number): string {
	return (db.prepare('SELECT join_code FROM workshops WHERE id = ?').get(workshopId) as { join_code: string }).join_code;
}

/** Joins a workshop by code through /api/join; returns the participant's client and the answer. */
export async function join(server: RunningServer, code: string, name = 'Nadia B.', organisation = 'CAF de l’Ain') {
	const client = new Browser(server.url);
	const res = await client.postJson('/api/join', { code, name, organisation });
	expect(res.status, `join with ${code}`).toBe(200);
	const body = (await res.json()) as {
		workshop: { id: number; title: string };
		participant: { id: number; name: string; organisation: string };
		boards: { id: number; theme: string; template: string; docName: string }[];
	};
	expect(client.cookies.has('tablee_participant')).toBe(true);
	return { client, body };
}

/** The seeded demo instance (known account, password and join code) many tests start. */
export const DEMO = { SEED_DEMO: '1', DEMO_EMAIL: 'demo@ain.fr', DEMO_PASSWORD: 'mot-de-passe-demo', DEMO_JOIN_CODE: 'K7M2PQ' };

/** An id as clients make them (commands, notes). */
export const newId = () => randomUUID().replaceAll('-', '');

export interface Participant {
	client: Client;
	id: number;
	name: string;
	organisation: string;
}

/** A participant who joined (the demo workshop by default) through /api/join. */
export async function joinParticipant(server: RunningServer, name: string, organisation = 'CAF de l’Ain', code = DEMO.DEMO_JOIN_CODE): Promise<Participant> {
	const { client, body } = await join(server, code, name, organisation);
	return { client, id: body.participant.id, name, organisation };
}

export interface CommandReply {
	status: number;
	body: { message?: string; ok?: boolean; duplicate?: boolean; noteId?: string; private?: boolean; myVotes?: string[] };
}

/** A participant's command on a board, with a fresh command id unless `body` has one. */
export async function sendCommand(p: { client: Client }, boardId: number, body: Record<string, unknown>): Promise<CommandReply> {
	const res = await p.client.postJson(`/api/boards/${boardId}/commands`, { id: newId(), ...body });
	return { status: res.status, body: await res.json() };
}

/** `set-cookie` lines of a response for one cookie name. */
export function setCookies(res: Response, name: string): string[] {
	return res.headers.getSetCookie().filter((l) => l.startsWith(`${name}=`));
}

/** A raw `ws` socket on a doc that asks for the whole doc and keeps every message it receives. */
export async function openRawSocket(baseUrl: string, cookie: string, docName: string) {
	const ws = new WebSocket(baseUrl.replace(/^http/, 'ws') + '/sync/' + docName, { headers: { cookie, origin: baseUrl } });
	const messages: Buffer[] = [];
	const waiters = new Set<() => void>();
	ws.on('message', (d: Buffer) => {
		messages.push(Buffer.from(d));
		for (const w of [...waiters]) w();
	});
	await new Promise<void>((resolve, reject) => {
		ws.once('open', () => resolve());
		ws.once('error', reject);
	});
	// Resolves with the server's answer to our sync step 1 (the whole doc): from then on, any
	// message is a later change.
	const synced = new Promise<void>((resolve) => {
		const onMessage = (d: Buffer) => {
			if (d[0] === 0 && d[1] === 1) {
				ws.off('message', onMessage);
				resolve();
			}
		};
		ws.on('message', onMessage);
	});
	ws.send(Uint8Array.from([0, 0, 1, 0])); // sync step 1 with an empty state vector
	await synced;
	const has = (token: string) => messages.some((m) => m.includes(token));
	return {
		messages,
		has,
		/** Resolves once some message received contains `token`. */
		waitFor: (token: string) =>
			new Promise<void>((resolve) => {
				if (has(token)) return resolve();
				const w = () => {
					if (has(token)) {
						waiters.delete(w);
						resolve();
					}
				};
				waiters.add(w);
			}),
		destroy: () => ws.terminate()
	};
}

/** A demo server (see DEMO), its facilitator signed in, its database open, and what the tests opened. */
export interface DemoEnvironment {
	server: RunningServer;
	facilitator: Client;
	db: Database.Database;
	/** Keeps a provider or socket, destroyed by `close`. */
	track<T extends { destroy: () => void }>(c: T): T;
	/** Destroys what was tracked, closes the database, stops the server. */
	close(): Promise<void>;
}

export async function startDemo(env: Record<string, string> = {}): Promise<DemoEnvironment> {
	const server = await startServer({ ...DEMO, ...env });
	const facilitator = new Client(server.url);
	expect((await facilitator.post('/connexion', { email: DEMO.DEMO_EMAIL, password: DEMO.DEMO_PASSWORD })).status).toBe(303);
	const db = openDb(server);
	const open: { destroy: () => void }[] = [];
	return {
		server,
		facilitator,
		db,
		track(c) {
			open.push(c);
			return c;
		},
		async close() {
			for (const c of open) c.destroy();
			db.close();
			await server.stop();
		}
	};
}

/**
 * Moves the clock of a server started with TABLEE_TEST_CLOCK_FILE=`file` to `offsetMs` ahead of
 * the real time (src/lib/server/clock.ts), and waits until the server says it did.
 */
export async function setServerClock(server: RunningServer, file: string, offsetMs: number): Promise<void> {
	const { writeFileSync } = await import('node:fs');
	writeFileSync(file, String(offsetMs));
	const line = `Horloge de test : décalage ${offsetMs} ms`;
	const seen = () => server.output().split('\n').filter((l) => l === line).length;
	const before = seen();
	await new Promise<void>((resolve) => {
		const onData = () => {
			if (seen() > before) {
				server.child.stdout!.off('data', onData);
				resolve();
			}
		};
		server.child.stdout!.on('data', onData);
		server.child.kill('SIGUSR2');
	});
}
