// Two server processes behind no proxy (any client may reach either), one database, one Redis
// (REDIS_URL): stock y-websocket clients on each see each other's notes and presence, a
// participant's commands on A reach B's clients, a logout on A closes the session's socket on B,
// and a `kill -9` of A under continuous writes loses nothing that B's clients had: A's client
// reconnects to B and converges.
// The database here is one SQLite file shared by both processes (WAL); PostgreSQL takes its place
// once the realtime layer is wired to PgDocLog (README, "Several instances").
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { addNote, getNotes } from '../../src/lib/docs/board.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { authedWebSocket, connectProvider, type SyncedClient } from '../helpers/sync-client.ts';
import { testRedisUrl } from '../helpers/engines.ts';
import { DEMO, joinParticipant, newId, sendCommand, signIn, startDemo, type DemoEnvironment } from './support.ts';

let demo: DemoEnvironment;
let b: RunningServer;
let cookie: string;
let docName: string;
let boardId: number;
const clients: SyncedClient[] = [];
const track = (c: SyncedClient) => (clients.push(c), c);
const note = (id: string, text: string) => ({ id, text, column: 'atouts', position: 1, colour: 'jaune' as const, createdAt: 1 });
const texts = (doc: Y.Doc) => getNotes(doc).map((n) => n.text);

beforeAll(async () => {
	const redis = { REDIS_URL: testRedisUrl(), REDIS_KEY_PREFIX: `i${randomBytes(4).toString('hex')}:` };
	demo = await startDemo(redis);
	b = await startServer({ ...DEMO, ...redis, DATABASE_PATH: demo.server.databasePath });
	cookie = demo.facilitator.cookieHeader();
	boardId = (demo.db.prepare('select id from boards order by id limit 1').get() as { id: number }).id;
	docName = `board:${boardId}`;
}, 120_000);

afterAll(async () => {
	for (const c of clients) c.destroy();
	await b?.stop();
	await demo?.close().catch(() => undefined);
});

describe('two instances, one Redis', () => {
	it('stock clients on A and on B see each other’s notes and presence', async () => {
		const atA = track(connectProvider(demo.server.url, docName, cookie));
		const atB = track(connectProvider(b.url, docName, cookie));
		await Promise.all([atA.synced, atB.synced]);
		const before = texts(atB.doc).length;
		addNote(atA.doc, note(newId(), 'Écrit sur A'));
		await expect.poll(() => texts(atB.doc), { timeout: 10_000 }).toContain('Écrit sur A');
		addNote(atB.doc, note(newId(), 'Écrit sur B'));
		await expect.poll(() => texts(atA.doc), { timeout: 10_000 }).toContain('Écrit sur B');
		expect(texts(atA.doc).length).toBe(before + 2);
		atA.provider.awareness.setLocalStateField('cursor', { x: 10, y: 20 });
		await expect
			.poll(() => [...atB.provider.awareness.getStates().values()].some((s) => (s as { cursor?: { x: number } }).cursor?.x === 10), { timeout: 10_000 })
			.toBe(true);
	});

	it('a participant’s command answered by A reaches a client of B', async () => {
		const atB = track(connectProvider(b.url, docName, cookie));
		await atB.synced;
		const nadia = await joinParticipant(demo.server, 'Nadia B.');
		const reply = await sendCommand(nadia, boardId, { type: 'note.add', note: { id: newId(), text: 'Commande reçue par A', column: 'problematiques' } });
		expect(reply.status).toBe(200);
		await expect.poll(() => texts(atB.doc), { timeout: 10_000 }).toContain('Commande reçue par A');
	});

	it('a facilitator’s logout on A closes their socket on B (4401); their other session keeps its own', async () => {
		const session = await signIn(demo.server, DEMO.DEMO_EMAIL, DEMO.DEMO_PASSWORD);
		const onB = track(connectProvider(b.url, docName, session.cookieHeader()));
		const bystander = track(connectProvider(b.url, docName, cookie));
		await Promise.all([onB.synced, bystander.synced]);
		const closed = new Promise<{ code: number }>((resolve) => onB.provider.once('connection-close', (e: { code: number } | null) => resolve({ code: e?.code ?? 0 })));
		expect((await session.post('/deconnexion', {})).status).toBe(303);
		expect((await closed).code).toBe(4401);
		expect(onB.provider.shouldConnect).toBe(false);
		// The other session on B still receives what is written.
		addNote(track(connectProvider(demo.server.url, docName, cookie)).doc, note(newId(), 'Après la déconnexion'));
		await expect.poll(() => texts(bystander.doc), { timeout: 10_000 }).toContain('Après la déconnexion');
	});

	it('kill -9 of A under continuous writes: what B’s clients had survives, A’s client moves to B and converges', async () => {
		const writer = track(connectProvider(demo.server.url, docName, cookie));
		const watcher = track(connectProvider(b.url, docName, cookie));
		await Promise.all([writer.synced, watcher.synced]);
		let n = 0;
		const sent: string[] = [];
		const timer = setInterval(() => {
			const text = `continu ${n++}`;
			sent.push(text);
			addNote(writer.doc, note(newId(), text));
		}, 20);
		await expect.poll(() => texts(watcher.doc).filter((t) => t.startsWith('continu')).length, { timeout: 10_000 }).toBeGreaterThan(20);
		await demo.server.kill();
		clearInterval(timer);
		const seenByB = texts(watcher.doc).filter((t) => t.startsWith('continu'));
		// A fresh client of B loads everything B's clients had (it was stored before it was sent).
		const fresh = track(connectProvider(b.url, docName, cookie));
		await fresh.synced;
		for (const t of seenByB) expect(texts(fresh.doc)).toContain(t);
		// A's client, as a browser would after its server died, reconnects through the proxy to B:
		// the same doc on a new provider sends what B lacks and gets what it lacks.
		writer.provider.destroy();
		const moved = new WebsocketProvider(b.url.replace(/^http/, 'ws') + '/sync', docName, writer.doc, {
			WebSocketPolyfill: authedWebSocket(cookie, b.url) as unknown as typeof globalThis.WebSocket,
			disableBc: true
		});
		try {
			await expect.poll(() => texts(watcher.doc).filter((t) => t.startsWith('continu')).sort(), { timeout: 15_000 }).toEqual([...sent].sort());
			await expect.poll(() => texts(writer.doc).sort(), { timeout: 15_000 }).toEqual(texts(watcher.doc).sort());
		} finally {
			moved.destroy();
		}
	});
});
