import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { addNote, getNotes } from '../../src/lib/docs/board.ts';
import { readComments, readMeta, writeMeta } from '../../src/lib/docs/fiche.ts';
import { MAX_SEND_BUFFER_BYTES } from '../../src/lib/server/realtime/sync-server.ts';
import { deepUpdate, deletionUpdate, syncMessage as syncUpdate } from '../../src/lib/testing/yjs-attacks.ts';
import { Client } from '../helpers/http.ts';
import { connectProvider, until } from '../helpers/sync-client.ts';
import { decode, html, joinParticipant, newId, startDemo, type DemoEnvironment } from './support.ts';

// What one writer's or one participant's socket can do to the others ([REL4]-[REL6], README
// "Reliability"): updates are checked before they are applied, server-owned parts stay the
// server's, presence comes from the session, and a socket that does not read is closed before it
// takes the server's memory.

const DOC = 'board:1';

/** A raw socket speaking the y-websocket protocol, keeping its close code. */
async function rawSocket(env: DemoEnvironment, cookie: string, docName: string, options: { read?: boolean } = {}) {
	const ws = new WebSocket(`${env.server.url.replace(/^http/, 'ws')}/sync/${docName}`, { headers: { cookie, origin: env.server.url } });
	const received: Buffer[] = [];
	const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
	ws.on('message', (d: Buffer) => received.push(d));
	ws.on('error', () => undefined);
	await new Promise<void>((resolve, reject) => {
		ws.once('open', () => resolve());
		ws.once('error', reject);
	});
	// A reader that never reads: the server's sends pile up in its buffers.
	if (options.read === false) (ws as unknown as { _socket: { pause(): void } })._socket.pause();
	env.track({ destroy: () => ws.terminate() });
	return { ws, received, closed };
}

function awareness(entries: { id: number; clock: number; state: unknown; raw?: string }[]): Uint8Array {
	const inner = encoding.createEncoder();
	encoding.writeVarUint(inner, entries.length);
	for (const e of entries) {
		encoding.writeVarUint(inner, e.id);
		encoding.writeVarUint(inner, e.clock);
		encoding.writeVarString(inner, e.raw ?? JSON.stringify(e.state));
	}
	const outer = encoding.createEncoder();
	encoding.writeVarUint(outer, 1);
	encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
	return encoding.toUint8Array(outer);
}

/** The update `fn` makes on `doc` (a writer's client). */
function updateOf(doc: Y.Doc, fn: (d: Y.Doc) => void): Uint8Array {
	const before = Y.encodeStateVector(doc);
	fn(doc);
	return Y.encodeStateAsUpdate(doc, before);
}

async function health(env: DemoEnvironment) {
	return (await (await fetch(`${env.server.url}/api/health`)).json()) as { store: { docsReloaded: number; docsRepaired: number } };
}

describe('writers cannot break a doc nor touch what the server owns', () => {
	let env: DemoEnvironment;
	beforeAll(async () => {
		env = await startDemo();
	});
	afterAll(async () => env?.close());

	it('[REL4] a deeply nested value is refused (4400) before it is applied; the room goes on; every view renders', async () => {
		const cookie = env.facilitator.cookieHeader();
		const watcher = env.track(connectProvider(env.server.url, DOC, cookie));
		await watcher.synced;
		const attacker = await rawSocket(env, cookie, DOC);
		attacker.ws.send(syncUpdate(deepUpdate(20_000)));
		expect(await attacker.closed).toBe(4400);
		// Then its deletion, from a second socket: nothing to delete, nothing breaks.
		const second = await rawSocket(env, cookie, DOC);
		second.ws.send(syncUpdate(deletionUpdate(424242, 0)));
		// The room is alive: a facilitator's note reaches the watcher, through a doc that was never reloaded.
		const writer = env.track(connectProvider(env.server.url, DOC, cookie));
		await writer.synced;
		addNote(writer.doc, { id: newId(), text: 'Après l’attaque', column: 'atouts', position: 0, colour: 'vert', createdAt: 1 });
		await until(watcher.doc, (d) => getNotes(d).some((n) => n.text === 'Après l’attaque'));
		expect((await health(env)).store.docsReloaded).toBe(0);
		expect((await env.facilitator.get('/tables/1')).status).toBe(200);
		expect((await env.facilitator.get('/tables/1/image.svg')).status).toBe(200);
	});

	it('[REL4] a facilitator socket writing the board settings or tallies is refused; a titleless cluster renders everywhere', async () => {
		const cookie = env.facilitator.cookieHeader();
		const client = env.track(connectProvider(env.server.url, DOC, cookie));
		await client.synced;
		const closed = new Promise<number>((resolve) => client.provider.on('connection-close', (e: { code: number } | null) => resolve(e?.code ?? 0)));
		client.doc.getMap('settings').set('phase', 'n’importe quoi');
		expect(await closed).toBe(4400);
		client.destroy();
		const reader = env.track(connectProvider(env.server.url, DOC, cookie));
		await reader.synced;
		expect(reader.doc.getMap('settings').get('phase')).not.toBe('n’importe quoi');

		// A cluster without a title is a facilitator's right (clusters are theirs): every view copes.
		const raw = await rawSocket(env, cookie, DOC);
		const local = new Y.Doc();
		Y.applyUpdate(local, Y.encodeStateAsUpdate(reader.doc));
		const u = updateOf(local, (d) => {
			const c = new Y.Map<unknown>();
			(d.getMap('clusters') as Y.Map<unknown>).set('sans-titre', c);
			c.set('id', 'sans-titre');
			c.set('column', 'atouts');
			c.set('position', 1);
			c.set('title', 42);
			const note = getNotes(d).find((n) => n.column === 'atouts')!;
			((d.getMap('notes') as Y.Map<Y.Map<unknown>>).get(note.id) as Y.Map<unknown>).set('clusterId', 'sans-titre');
		});
		raw.ws.send(syncUpdate(u));
		await until(reader.doc, (d) => d.getMap('clusters').has('sans-titre'));
		expect((await env.facilitator.get('/tables/1')).status).toBe(200);
		const svg = await env.facilitator.get('/tables/1/image.svg');
		expect(svg.status).toBe(200);
		expect(await svg.text()).toContain('Regroupement sans nom');
	});

	it('[REL4] an invited co-writer cannot rewrite the fiche’s status or a comment’s author; comments carry the session’s name and the server’s time', async () => {
		const ficheId = (env.db.prepare("SELECT id FROM fiches WHERE status = 'validee' OR status IS NOT NULL ORDER BY id LIMIT 1").get() as { id: number }).id;
		const statusBefore = (env.db.prepare('SELECT status FROM fiches WHERE id = ?').get(ficheId) as { status: string }).status;
		const created = await env.facilitator.post(`/fiches/${ficheId}?/invite`, { name: 'Samia', organisation: 'Mission locale' });
		const link = /\/fiches\/invitation\/\d+\/[a-z2-7]+/.exec(decode(await html(created)))![0];
		const partner = new Client(env.server.url);
		expect((await partner.get(link)).status).toBe(303);

		const samia = env.track(connectProvider(env.server.url, `fiche:${ficheId}`, partner.cookieHeader()));
		await samia.synced;
		const closed = new Promise<number>((resolve) => samia.provider.on('connection-close', (e: { code: number } | null) => resolve(e?.code ?? 0)));
		writeMeta(samia.doc, { status: 'abandonnee' });
		expect(await closed).toBe(4400);
		samia.destroy();

		const reader = env.track(connectProvider(env.server.url, `fiche:${ficheId}`, env.facilitator.cookieHeader()));
		await reader.synced;
		expect(readMeta(reader.doc).status).toBe(statusBefore);
		expect((env.db.prepare('SELECT status FROM fiches WHERE id = ?').get(ficheId) as { status: string }).status).toBe(statusBefore);

		// A forged comment through the socket: refused. Through the endpoint: the session's name.
		const forger = await rawSocket(env, partner.cookieHeader(), `fiche:${ficheId}`);
		const local = new Y.Doc();
		Y.applyUpdate(local, Y.encodeStateAsUpdate(reader.doc));
		forger.ws.send(
			syncUpdate(
				updateOf(local, (d) => {
					const m = new Y.Map<unknown>();
					(d.getMap('comments') as Y.Map<unknown>).set('faux', m);
					m.set('authorName', 'Le Président du Département');
					m.set('text', 'Validé');
					m.set('createdAt', 0);
				})
			)
		);
		expect(await forger.closed).toBe(4400);
		const before = Date.now();
		const posted = await partner.postJson(`/api/fiches/${ficheId}/comments`, { field: 'objectifs', text: 'Préciser la tranche d’âge ?', authorName: 'Le Président' });
		expect(posted.status).toBe(200);
		await until(reader.doc, (d) => readComments(d).length > 0);
		const [comment] = readComments(reader.doc);
		expect(comment.authorName).toBe('Samia (Mission locale)');
		expect(comment.createdAt).toBeGreaterThanOrEqual(before - 1000);
		const empty = await partner.postJson(`/api/fiches/${ficheId}/comments`, { field: 'objectifs', text: '   ' });
		expect(empty.status).toBe(400);
		expect(((await empty.json()) as { message: string }).message).toBe('Le commentaire est vide.');
	});
});

describe('presence and a reader that does not read', () => {
	let env: DemoEnvironment;
	beforeAll(async () => {
		env = await startDemo();
	});
	afterAll(async () => env?.close());

	/** The states the server holds now, as a new socket receives them. */
	async function serverStates(): Promise<Map<number, Record<string, unknown>>> {
		const s = await rawSocket(env, env.facilitator.cookieHeader(), DOC);
		const out = new Map<number, Record<string, unknown>>();
		for (let i = 0; i < 200 && !s.received.some((m) => m[0] === 1); i++) await new Promise((r) => setTimeout(r, 10));
		const msg = s.received.find((m) => m[0] === 1);
		if (msg) {
			const { createDecoder, readVarUint, readVarUint8Array, readVarString } = await import('lib0/decoding');
			const d = createDecoder(readVarUint8Array(createDecoder(msg.subarray(1))));
			const n = readVarUint(d);
			for (let i = 0; i < n; i++) {
				const id = readVarUint(d);
				readVarUint(d);
				out.set(id, JSON.parse(readVarString(d)));
			}
		}
		s.ws.close();
		return out;
	}

	it('[REL6] a participant’s presence shows their session’s name and role, whatever the client claims; an oversized state is dropped', async () => {
		const amel = await joinParticipant(env.server, 'Amel', 'CCAS de Trévoux');
		const s = await rawSocket(env, amel.client.cookieHeader(), DOC);
		s.ws.send(awareness([{ id: 1001, clock: 1, state: { user: { name: 'Claire Animatrice', role: 'facilitator', colour: '#a4161a' }, cursor: { x: 10, y: 20 } } }]));
		const bruno = await joinParticipant(env.server, 'Bruno', 'MSA');
		const b = await rawSocket(env, bruno.client.cookieHeader(), DOC);
		b.ws.send(awareness([{ id: 1002, clock: 1, state: { user: { name: 'x' }, blob: 'y'.repeat(5000) } }]));
		const states = await serverStates();
		expect(states.get(1001)).toEqual({ user: { name: 'Amel', organisation: 'CCAS de Trévoux', role: 'participant', colour: '#a4161a' }, cursor: { x: 10, y: 20 } });
		expect(states.has(1002)).toBe(false);
	});

	it('[REL6] an id freed by a closed connection cannot be taken by another session; the same session takes it back', async () => {
		const chloe = await joinParticipant(env.server, 'Chloé', 'ADMR');
		const a = await rawSocket(env, chloe.client.cookieHeader(), DOC);
		a.ws.send(awareness([{ id: 2001, clock: 1, state: { user: { name: 'Chloé' } } }]));
		expect((await serverStates()).get(2001)).toMatchObject({ user: { name: 'Chloé' } });
		a.ws.close();
		await a.closed;
		const intruder = await joinParticipant(env.server, 'Intrus', 'Aucune');
		const i = await rawSocket(env, intruder.client.cookieHeader(), DOC);
		i.ws.send(awareness([{ id: 2001, clock: 5, state: { user: { name: 'Chloé' } } }]));
		expect((await serverStates()).has(2001)).toBe(false);
		const back = await rawSocket(env, chloe.client.cookieHeader(), DOC);
		back.ws.send(awareness([{ id: 2001, clock: 5, state: { user: { name: 'Chloé' } } }]));
		expect((await serverStates()).get(2001)).toMatchObject({ user: { name: 'Chloé' } });
	});

	it(`[REL6] a socket that never reads is closed past ${MAX_SEND_BUFFER_BYTES / 1024 / 1024} MiB of unsent data; queries are rate-limited; the server's memory stays bounded and notes keep flowing`, async () => {
		const metrics = async () => (await (await env.facilitator.get('/api/metrics')).json()) as { memory: { rss: number }; totals: { overflowCloses: number; queriesIgnored: number } };
		// Give the board some weight: each sync request is answered with the whole doc.
		const filler = env.track(connectProvider(env.server.url, DOC, env.facilitator.cookieHeader()));
		await filler.synced;
		filler.doc.transact(() => {
			for (let k = 0; k < 300; k++) addNote(filler.doc, { id: `lest-${k}`, text: `Contribution de lest ${k} `.repeat(10), column: 'problematiques', position: k, colour: 'jaune', createdAt: k });
		});
		const watcher = env.track(connectProvider(env.server.url, DOC, env.facilitator.cookieHeader()));
		await until(watcher.doc, (d) => getNotes(d).some((n) => n.id === 'lest-299'));
		const before = await metrics();

		const dana = await joinParticipant(env.server, 'Dana', 'CAF');
		const flooder = await rawSocket(env, dana.client.cookieHeader(), DOC, { read: false });
		const step1 = Uint8Array.from([0, 0, 1, 0]);
		for (let k = 0; k < 2000 && flooder.ws.readyState === WebSocket.OPEN; k++) {
			flooder.ws.send(step1);
			flooder.ws.send(Uint8Array.from([3]));
		}
		// The server closes it (the client, not reading, cannot even see the close yet).
		let after = await metrics();
		for (let i = 0; i < 500 && after.totals.overflowCloses === before.totals.overflowCloses; i++) {
			await new Promise((r) => setTimeout(r, 20));
			after = await metrics();
		}
		expect(after.totals.overflowCloses - before.totals.overflowCloses).toBe(1);
		expect(after.totals.queriesIgnored - before.totals.queriesIgnored).toBeGreaterThan(0);
		// Bounded: the send buffer's bound plus what the server needs to build its messages.
		expect(after.memory.rss - before.memory.rss).toBeLessThan(3 * MAX_SEND_BUFFER_BYTES + 64 * 1024 * 1024);

		// Meanwhile the room works: a participant's note reaches the watcher.
		const text = `Après l’inondation ${newId()}`;
		const res = await dana.client.postJson('/api/boards/1/commands', { id: newId(), type: 'note.add', note: { id: newId(), text, column: 'atouts', colour: 'jaune' } });
		expect(res.status).toBe(200);
		await until(watcher.doc, (d) => getNotes(d).some((n) => n.text === text));
	});
});


describe('a doc stored broken before the guard existed', () => {
	it('[REL5] loads repaired (the deep structure dropped, every note kept), is shown to staff, and loads plainly afterwards', async () => {
		const { mkdtempSync, rmSync } = await import('node:fs');
		const { tmpdir } = await import('node:os');
		const { join } = await import('node:path');
		const { startServer } = await import('../helpers/server.ts');
		const { DEMO } = await import('./support.ts');
		const dir = mkdtempSync(join(tmpdir(), 'tablee-poison-'));
		const env = { ...DEMO, DATABASE_PATH: join(dir, 'tablee.sqlite') };
		let server = await startServer(env);
		try {
			const facilitator = new Client(server.url);
			expect((await facilitator.post('/connexion', { email: DEMO.DEMO_EMAIL, password: DEMO.DEMO_PASSWORD })).status).toBe(303);
			const first = connectProvider(server.url, DOC, facilitator.cookieHeader());
			await first.synced;
			const notesBefore = getNotes(first.doc).map((n) => n.text).sort();
			first.destroy();
			await server.stop();
			// What an older Tablée wrote: the deep structure, then its deletion, in the update log.
			const Database = (await import('better-sqlite3')).default;
			const db = new Database(env.DATABASE_PATH);
			const insert = db.prepare('INSERT INTO doc_updates (doc_name, data, created_at) VALUES (?, ?, ?)');
			insert.run(DOC, deepUpdate(20_000, 5150), Date.now());
			insert.run(DOC, deletionUpdate(5150, 0), Date.now());
			db.close();

			server = await startServer(env);
			const again = new Client(server.url);
			expect((await again.post('/connexion', { email: DEMO.DEMO_EMAIL, password: DEMO.DEMO_PASSWORD })).status).toBe(303);
			expect((await again.get('/tables/1')).status).toBe(200);
			const reader = connectProvider(server.url, DOC, again.cookieHeader());
			await reader.synced;
			expect(getNotes(reader.doc).map((n) => n.text).sort()).toEqual(notesBefore);
			addNote(reader.doc, { id: newId(), text: 'Après la réparation', column: 'atouts', position: 0, colour: 'rose', createdAt: 1 });
			const watcher = connectProvider(server.url, DOC, again.cookieHeader());
			await until(watcher.doc, (d) => getNotes(d).some((n) => n.text === 'Après la réparation'));
			reader.destroy();
			watcher.destroy();
			expect(((await (await fetch(`${server.url}/api/health`)).json()) as { store: { docsRepaired: number } }).store.docsRepaired).toBe(1);
			expect(server.output()).toMatch(/\[docstore\] board:1 repaired on load: .*imbriqué/);
			expect(await (await again.get('/projets')).text()).toContain('document(s) ont dû être réparés');

			// The repaired state was stored: the next start loads it without a repair.
			await server.stop();
			server = await startServer(env);
			const third = new Client(server.url);
			expect((await third.post('/connexion', { email: DEMO.DEMO_EMAIL, password: DEMO.DEMO_PASSWORD })).status).toBe(303);
			const last = connectProvider(server.url, DOC, third.cookieHeader());
			await last.synced;
			expect(getNotes(last.doc).some((n) => n.text === 'Après la réparation')).toBe(true);
			last.destroy();
			expect(((await (await fetch(`${server.url}/api/health`)).json()) as { store: { docsRepaired: number } }).store.docsRepaired).toBe(0);
		} finally {
			await server.stop();
			rmSync(dir, { recursive: true, force: true });
		}
		// Three starts of the server: more than the default 30 s on a busy machine.
	}, 120_000);
});
