import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import SQLite from 'better-sqlite3';
import { addNote, getNotes, hasNote } from '../../src/lib/docs/board.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { Client } from '../helpers/http.ts';
import { connectProvider, until, upgradeStatus, type SyncedClient } from '../helpers/sync-client.ts';
import { seededRandom as mulberry32 } from '../../src/lib/testing/seeded-random.ts';

// The life of docs and sockets: docs leave memory (compacted) once nobody uses them, sockets are
// closed with 4401/4403 when their session or rights end (routes and the periodic re-check), and
// a client that stops answering pings is dropped.

const SEED = Number(process.env.SYNC_SEED ?? Math.floor(Math.random() * 2 ** 31));
const rand = mulberry32(SEED);
const int = (n: number) => Math.floor(rand() * n);
const seedMsg = (m: string) => `${m} (SYNC_SEED=${SEED})`;

const DEMO = { SEED_DEMO: '1', DEMO_EMAIL: 'demo@ain.fr', DEMO_PASSWORD: 'mot-de-passe-demo', DEMO_JOIN_CODE: 'K7M2PQ' };
const PASSWORD = 'correct-horse-battery';
const MB = 1024 * 1024;

/** Fast timers: unload 200 ms after the last user, pings and access re-checks every 100 ms. */
let fast: RunningServer;
/** Default timers: revocations here can only come from the routes, not from the re-check. */
let normal: RunningServer;
const open: SyncedClient[] = [];

interface Metrics {
	docsLoaded: number;
	rooms: number;
	connections: number;
	totals: { refusedWrites: number; protocolErrors: number } | null;
	memory: { rss: number; heapUsed: number };
}

async function signIn(server: RunningServer, email = DEMO.DEMO_EMAIL, password = DEMO.DEMO_PASSWORD) {
	const c = new Client(server.url);
	const res = await c.post('/connexion', { email, password });
	expect(res.status, `sign-in of ${email}`).toBe(303);
	return c;
}

async function join(server: RunningServer, name: string) {
	const c = new Client(server.url);
	const res = await c.postJson('/api/join', { code: DEMO.DEMO_JOIN_CODE, name, organisation: 'Mission locale' });
	expect(res.status).toBe(200);
	return c;
}

async function metrics(admin: Client): Promise<Metrics> {
	const res = await admin.get('/api/metrics');
	expect(res.status).toBe(200);
	return (await res.json()) as Metrics;
}

function provider(server: RunningServer, docName: string, cookie: string): SyncedClient {
	const p = connectProvider(server.url, docName, cookie);
	open.push(p);
	return p;
}

function destroy(...ps: SyncedClient[]) {
	for (const p of ps) {
		if (open.includes(p)) open.splice(open.indexOf(p), 1);
		p.destroy();
	}
}

/** Every close code the provider saw, and a promise of its terminal `closed` event. */
function watchCloses(p: SyncedClient) {
	const codes: (number | null)[] = [];
	p.provider.on('connection-close', (e: CloseEvent | null) => codes.push(e?.code ?? null));
	const closed = new Promise<{ code: number; reason: string }>((resolve) => p.provider.once('closed', resolve));
	return { codes, closed };
}

/** Rejects with `message` if `p` has not settled after `ms` (a bound on an awaited event, not a sleep). */
function within<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
	let timer: ReturnType<typeof setTimeout>;
	return Promise.race([
		p.finally(() => clearTimeout(timer)),
		new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(seedMsg(message))), ms)))
	]);
}

/**
 * Bounded polling of /api/metrics. Used only where the server has no event a client can await:
 * a doc leaving memory on a server-side timer, a server-side counter.
 */
async function pollMetrics(admin: Client, ok: (m: Metrics) => boolean, what: string): Promise<Metrics> {
	let m = await metrics(admin);
	for (let i = 0; i < 150 && !ok(m); i++) {
		await new Promise((r) => setTimeout(r, 20));
		m = await metrics(admin);
	}
	if (!ok(m)) throw new Error(seedMsg(`${what}: still not true after ~3 s: ${JSON.stringify(m)}`));
	return m;
}

const noteOf = (id: string, text = `note ${id}`) => ({ id, text, column: 'atouts', position: int(1000), colour: 'vert' as const, createdAt: Date.now() });

beforeAll(async () => {
	[fast, normal] = await Promise.all([
		startServer({ ...DEMO, DOC_UNLOAD_AFTER_MS: '200', SYNC_PING_INTERVAL_MS: '100', SYNC_RECHECK_INTERVAL_MS: '100' }),
		startServer(DEMO)
	]);
});

afterAll(async () => {
	destroy(...open);
	await Promise.all([fast?.stop(), normal?.stop()]);
});

describe('(a) unloading idle docs', () => {
	it('[LIFE1] docs leave memory after the last socket, compacted; memory stays flat over 5 cycles; nothing is lost', async () => {
		const admin = await signIn(fast);
		const written: string[] = [];
		const rss: number[] = [];
		for (let cycle = 0; cycle < 5; cycle++) {
			const peers = [0, 1, 2].map(() => provider(fast, 'board:1', admin.cookieHeader()));
			const other = provider(fast, 'board:2', admin.cookieHeader());
			await Promise.all([...peers, other].map((p) => p.synced));
			const mine: string[] = [];
			for (const [i, p] of peers.entries()) {
				for (let k = 0; k < 10 + int(20); k++) {
					const id = `u${cycle}-${i}-${k}-${randomUUID().slice(0, 6)}`;
					mine.push(id);
					addNote(p.doc, noteOf(id, 'x'.repeat(int(400))));
				}
			}
			written.push(...mine);
			await within(Promise.all(peers.map((p) => until(p.doc, (d) => mine.every((id) => hasNote(d, id))))), 5000, `cycle ${cycle}: peers did not converge`);
			destroy(...peers, other);
			// Unloading is a server-side timer (DOC_UNLOAD_AFTER_MS after the last socket left): no
			// event reaches any client, so we poll the metrics (bounded) until both docs are gone.
			const m = await pollMetrics(admin, (m) => m.docsLoaded === 0 && m.connections === 0 && m.rooms === 0, `cycle ${cycle}: docs unloaded`);
			rss.push(m.memory.rss);
		}
		// The first cycle warms up (code, caches); after it, five more loads and unloads must not pile up.
		expect(rss[rss.length - 1] - rss[0], seedMsg(`rss per cycle: ${rss.map((r) => Math.round(r / MB)).join(', ')} MB`)).toBeLessThan(50 * MB);

		// The log was folded into a snapshot when the doc left memory.
		const db = new SQLite(fast.databasePath, { readonly: true });
		const updates = db.prepare("select count(*) as n from doc_updates where doc_name = 'board:1'").get() as { n: number };
		const snapshot = db.prepare("select last_update_id from doc_snapshots where doc_name = 'board:1'").get() as { last_update_id: number } | undefined;
		db.close();
		expect(updates.n, 'doc_updates rows of board:1 after unload').toBe(0);
		expect(snapshot?.last_update_id, 'snapshot of board:1 covers the log').toBeGreaterThan(0);

		// Loaded again from the snapshot: every note is there.
		const back = provider(fast, 'board:1', admin.cookieHeader());
		await back.synced;
		const ids = new Set(getNotes(back.doc).map((n) => n.id));
		expect(written.filter((id) => !ids.has(id)), 'notes lost across unloads').toEqual([]);
		expect(ids.size).toBe(22 + written.length);
		destroy(back);
	});
});

describe('(b) revocation by the routes', () => {
	let admin: Client;
	let staleCookie = '';
	beforeAll(async () => {
		admin = await signIn(normal);
	});

	it('[LIFE2] logout closes that session’s sockets with 4401, and the provider stops reconnecting', async () => {
		const second = await signIn(normal);
		const p = provider(normal, 'board:1', second.cookieHeader());
		const bystander = provider(normal, 'board:1', admin.cookieHeader()); // same user, other session
		await Promise.all([p.synced, bystander.synced]);
		const { codes, closed } = watchCloses(p);
		const cookie = second.cookieHeader();
		expect((await second.post('/deconnexion', {})).status).toBe(303);
		const terminal = await within(closed, 5000, 'no close after logout');
		expect(terminal.code).toBe(4401);
		expect(codes).toEqual([4401]);
		// y-websocket gives up on 4400-4499: its scheduled reconnect is a no-op.
		expect(p.provider.shouldConnect).toBe(false);
		expect(p.provider.wsconnected || p.provider.wsconnecting).toBe(false);
		// The other session of the same user keeps its socket: it still receives updates.
		const writer = provider(normal, 'board:1', admin.cookieHeader());
		await writer.synced;
		const id = `apres-deconnexion-${randomUUID()}`;
		addNote(writer.doc, noteOf(id));
		await within(until(bystander.doc, (d) => hasNote(d, id)), 5000, 'the other session lost its socket');
		expect(p.provider.shouldConnect).toBe(false);
		destroy(p, bystander, writer);
		staleCookie = cookie;
	});

	it('[LIFE2b] after the logout, an upgrade with the old cookie is refused as unauthenticated (401), as the 4401 close said', async () => {
		expect(staleCookie, 'LIFE2 ran').not.toBe('');
		expect(await upgradeStatus(normal.url, 'board:1', { cookie: staleCookie, origin: normal.url })).toBe(401);
	});

	it('[LIFE3] a participant who leaves the workshop gets 4401', async () => {
		const nadia = await join(normal, 'Nadia');
		const p = provider(normal, 'board:1', nadia.cookieHeader());
		await p.synced;
		const { closed } = watchCloses(p);
		expect((await nadia.post('/atelier?/quitter', {})).status).toBe(303);
		expect((await within(closed, 5000, 'no close after leaving')).code).toBe(4401);
		destroy(p);
	});

	it('[LIFE4] archiving a board closes its participants’ sockets (4403), not those of other boards', async () => {
		const onTwo = await join(normal, 'Karim');
		const onOne = await join(normal, 'Sophie');
		const p2 = provider(normal, 'board:2', onTwo.cookieHeader());
		const p1 = provider(normal, 'board:1', onOne.cookieHeader());
		const writer = provider(normal, 'board:1', admin.cookieHeader());
		await Promise.all([p1.synced, p2.synced, writer.synced]);
		const c2 = watchCloses(p2);
		const c1 = watchCloses(p1);
		expect((await admin.post('/ateliers/1?/archiveBoard', { boardId: '2' })).status).toBe(200);
		expect((await within(c2.closed, 5000, 'participant of the archived board kept its socket')).code).toBe(4403);
		// Board 1's participant still receives updates (a close would have come before them).
		const id = `apres-archivage-${randomUUID()}`;
		addNote(writer.doc, noteOf(id));
		await within(until(p1.doc, (d) => hasNote(d, id)), 5000, 'board 1 participant lost its socket');
		expect(c1.codes).toEqual([]);
		expect((await admin.post('/ateliers/1?/archiveBoard', { boardId: '2', archived: '0' })).status).toBe(200);
		destroy(p1, p2, writer);
	});

	it('[LIFE5] an observer reads but cannot write; promoted to facilitator, his old socket gets 4403 and a new one writes', async () => {
		const email = `observateur-${randomUUID().slice(0, 8)}@ain.fr`;
		const observer = new Client(normal.url);
		expect((await observer.post('/inscription', { displayName: 'Olivier Observateur', email, password: PASSWORD })).status).toBe(303);
		expect((await admin.post('/projets/1/parametres?/addMember', { email, role: 'observer' })).status).toBe(200);
		const db = new SQLite(normal.databasePath, { readonly: true });
		const { id: userId } = db.prepare('select id from users where email = ?').get(email) as { id: number };
		db.close();

		const watcher = provider(normal, 'board:1', admin.cookieHeader());
		const o = provider(normal, 'board:1', observer.cookieHeader());
		await Promise.all([watcher.synced, o.synced]);
		expect(getNotes(o.doc).length, 'the observer syncs the board').toBeGreaterThanOrEqual(22);
		const before = (await metrics(admin)).totals!.refusedWrites;
		const refusedId = `observateur-${randomUUID()}`;
		addNote(o.doc, noteOf(refusedId));
		// The refusal is a server-side counter with no message back: bounded polling of the metrics.
		await pollMetrics(admin, (m) => m.totals!.refusedWrites > before, 'refused write counted');
		// Refused, hence never applied: neither the watcher nor a newcomer has it.
		const fresh = provider(normal, 'board:1', admin.cookieHeader());
		await fresh.synced;
		expect(hasNote(fresh.doc, refusedId)).toBe(false);
		expect(hasNote(watcher.doc, refusedId)).toBe(false);

		const { closed } = watchCloses(o);
		expect((await admin.post('/projets/1/parametres?/changeRole', { userId: String(userId), role: 'facilitator' })).status).toBe(200);
		expect((await within(closed, 5000, 'old socket kept after the role change')).code).toBe(4403);
		const promoted = provider(normal, 'board:1', observer.cookieHeader());
		await promoted.synced;
		const id = `promu-${randomUUID()}`;
		addNote(promoted.doc, noteOf(id));
		await within(until(watcher.doc, (d) => hasNote(d, id)), 5000, 'the promoted facilitator’s write did not reach the others');

		// Removed from the project: 4403 again.
		const removed = watchCloses(promoted);
		expect((await admin.post('/projets/1/parametres?/removeMember', { userId: String(userId) })).status).toBe(200);
		expect((await within(removed.closed, 5000, 'socket kept after removal')).code).toBe(4403);
		expect(await upgradeStatus(normal.url, 'board:1', { cookie: observer.cookieHeader(), origin: normal.url })).toBe(403);
		destroy(watcher, o, fresh, promoted);
	});

	it('[LIFE6] archiving the workshop closes every participant socket with 4403; facilitators stay', async () => {
		const a = await join(normal, 'Élodie');
		const b = await join(normal, 'Marc');
		const pa = provider(normal, 'board:1', a.cookieHeader());
		const pb = provider(normal, 'board:2', b.cookieHeader());
		const facil = provider(normal, 'board:1', admin.cookieHeader());
		await Promise.all([pa.synced, pb.synced, facil.synced]);
		const ca = watchCloses(pa);
		const cb = watchCloses(pb);
		const cf = watchCloses(facil);
		expect((await admin.post('/ateliers/1?/archive', {})).status).toBe(200);
		const [ea, eb] = await within(Promise.all([ca.closed, cb.closed]), 5000, 'participants kept their sockets');
		expect([ea.code, eb.code]).toEqual([4403, 4403]);
		const writer = provider(normal, 'board:1', admin.cookieHeader());
		await writer.synced;
		const id = `apres-archivage-atelier-${randomUUID()}`;
		addNote(writer.doc, noteOf(id));
		await within(until(facil.doc, (d) => hasNote(d, id)), 5000, 'the facilitator lost its socket');
		expect(cf.codes).toEqual([]);
		destroy(pa, pb, facil, writer);
	});
});

describe('(c) keepalive', () => {
	it('[LIFE7] a client that stops answering pings is terminated within a few intervals; one that answers stays', async () => {
		const admin = await signIn(fast);
		const url = fast.url.replace(/^http/, 'ws') + '/sync/board:1';
		const headers = { cookie: admin.cookieHeader(), origin: fast.url };
		const silent = new WebSocket(url, { headers, autoPong: false });
		const polite = new WebSocket(url, { headers });
		let silentPings = 0;
		silent.on('ping', () => silentPings++);
		let politePings = 0;
		let politeClosed = false;
		polite.on('ping', () => politePings++);
		polite.on('close', () => (politeClosed = true));
		const opened = Date.now();
		await Promise.all([silent, polite].map((ws) => new Promise((r) => ws.once('open', r))));
		const code = await within(new Promise<number>((r) => silent.once('close', (c) => r(c))), 3000, 'the silent client was not terminated');
		const elapsed = Date.now() - opened;
		expect(code, 'terminated, not closed politely').toBe(1006);
		expect(silentPings, 'it had been pinged').toBeGreaterThanOrEqual(1);
		expect(elapsed, 'within a few 100 ms intervals').toBeLessThan(1000);
		// The polite client is still there three pings later.
		const target = politePings + 3;
		await within(
			new Promise<void>((resolve) => {
				const check = () => politePings >= target && (polite.off('ping', check), resolve());
				polite.on('ping', check);
			}),
			3000,
			'the polite client stopped being pinged'
		);
		expect(politeClosed).toBe(false);
		expect(polite.readyState).toBe(WebSocket.OPEN);
		polite.close();
	});
});

describe('(d) session expiry while connected', () => {
	it('[LIFE8] a session that expires in the database closes its socket with 4401 (periodic re-check)', async () => {
		const admin = await signIn(fast);
		const doomed = await signIn(fast);
		const p = provider(fast, 'board:1', doomed.cookieHeader());
		const keeper = provider(fast, 'board:1', admin.cookieHeader());
		await Promise.all([p.synced, keeper.synced]);
		const { closed } = watchCloses(p);
		const k = watchCloses(keeper);
		const token = doomed.cookies.get('tablee_session')!;
		const sessionId = createHash('sha256').update(token).digest('hex');
		const db = new SQLite(fast.databasePath);
		db.pragma('busy_timeout = 5000');
		const changed = db.prepare('update sessions set expires_at = ? where id = ?').run(Date.now() - 1000, sessionId).changes;
		db.close();
		expect(changed, 'the session row (SHA-256 of the cookie token)').toBe(1);
		expect((await within(closed, 3000, 'socket of an expired session kept open')).code).toBe(4401);
		expect(p.provider.shouldConnect).toBe(false);
		// The other session is untouched.
		const check = provider(fast, 'board:1', admin.cookieHeader());
		await check.synced;
		const id = `apres-expiration-${randomUUID()}`;
		addNote(keeper.doc, noteOf(id));
		await within(until(check.doc, (d) => hasNote(d, id)), 3000, 'the other session’s socket stopped working');
		expect(k.codes).toEqual([]);
		destroy(p, keeper, check);
	});

	it('[LIFE9] a participant session that expires in the database closes its socket with 4401', async () => {
		const nadia = await join(fast, 'Nadia');
		const p = provider(fast, 'board:2', nadia.cookieHeader());
		await p.synced;
		const { closed } = watchCloses(p);
		const sessionId = createHash('sha256').update(nadia.cookies.get('tablee_participant')!).digest('hex');
		const db = new SQLite(fast.databasePath);
		db.pragma('busy_timeout = 5000');
		const changed = db.prepare('update participant_sessions set expires_at = ? where id = ?').run(Date.now() - 1000, sessionId).changes;
		db.close();
		expect(changed, 'the participant session row (SHA-256 of the cookie token)').toBe(1);
		expect((await within(closed, 3000, 'socket of an expired participant session kept open')).code).toBe(4401);
		destroy(p);
	});
});
