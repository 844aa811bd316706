// Cross-instance fan-out over the run's own redis-server (RedisBroadcast, the Broadcast port), a
// joiner that loads from PostgreSQL with no gap while another instance writes, and revocations that
// close sockets on every instance. Two "instances" here are two pools and two Redis endpoints.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { RedisBroadcast } from '../../src/lib/server/redis/broadcast.ts';
import { appendAndPublish, followDocsEverywhere, openSharedDoc } from '../../src/lib/server/redis/shared-doc.ts';
import { matchesRevocation, RevocationBus, type Revocation } from '../../src/lib/server/redis/revocations.ts';
import type { BroadcastMessage } from '../../src/lib/server/ports/broadcast.ts';
import type { DocAccess } from '../../src/lib/server/realtime/access.ts';
import { migrateToLatest, type Db } from '../../src/lib/server/db/database.ts';
import { openPostgres } from '../../src/lib/server/db/postgres.ts';
import { PgDocLog } from '../../src/lib/server/postgres/doc-log.ts';
import { createPgDatabase, testRedisUrl } from '../helpers/engines.ts';

const prefix = `b${randomBytes(4).toString('hex')}:`;
const open: Array<{ close: () => Promise<void> }> = [];
function broadcast(holderId?: string) {
	const b = new RedisBroadcast(testRedisUrl(), { prefix, holderId });
	open.push(b);
	return b;
}
afterAll(async () => {
	for (const o of open) await o.close();
});

/** Resolves with the first `n` messages `listen` receives. */
function collect(n: number) {
	const got: BroadcastMessage[] = [];
	let done!: () => void;
	const all = new Promise<void>((r) => (done = r));
	return {
		got,
		all,
		listener: (m: BroadcastMessage) => {
			got.push(m);
			if (got.length === n) done();
		}
	};
}

describe('RedisBroadcast', () => {
	it('carries a doc’s messages to the other holders, once, unchanged and in order, never back to the sender', async () => {
		const [a, b, c] = [broadcast('A'), broadcast('B'), broadcast('C')];
		const atB = collect(50);
		const atA: BroadcastMessage[] = [];
		const atCOther: BroadcastMessage[] = [];
		await b.subscribe('board:1', atB.listener);
		await a.subscribe('board:1', (m) => atA.push(m));
		await c.subscribe('board:2', (m) => atCOther.push(m));
		const sent = Array.from({ length: 50 }, (_, i) => new Uint8Array([i, 0, 255, i * 3 % 256]));
		for (const [i, p] of sent.entries()) await a.publish('board:1', i % 5 ? 'update' : 'awareness', p);
		await atB.all;
		expect(atB.got.map((m) => [...m.payload])).toEqual(sent.map((p) => [...p]));
		expect(atB.got.every((m) => m.from === 'A' && m.docId === 'board:1')).toBe(true);
		expect(atB.got.filter((m) => m.kind === 'awareness')).toHaveLength(10);
		// A's own messages and other docs' subscribers: nothing (checked after one more round trip).
		const fence = collect(1);
		await a.subscribe('board:fence', fence.listener);
		await b.publish('board:fence', 'update', new Uint8Array([1]));
		await fence.all;
		expect(atA).toEqual([]);
		expect(atCOther).toEqual([]);
	});

	it('after unsubscribing a listener gets nothing more, the other listeners keep theirs; after close, publish rejects', async () => {
		const [a, b] = [broadcast(), broadcast()];
		const first: BroadcastMessage[] = [];
		const second = collect(2);
		const stop = await b.subscribe('fiche:9', (m) => first.push(m));
		await b.subscribe('fiche:9', second.listener);
		await a.publish('fiche:9', 'update', new Uint8Array([1]));
		await expect.poll(() => first.length).toBe(1);
		await stop();
		await a.publish('fiche:9', 'update', new Uint8Array([2]));
		await second.all;
		expect(first).toHaveLength(1);
		await a.close();
		await expect(a.publish('fiche:9', 'update', new Uint8Array([3]))).rejects.toThrow();
	});

	it('a listener that throws does not stop the others', async () => {
		const [a, b] = [broadcast(), broadcast()];
		const ok = collect(1);
		await b.subscribe('board:3', () => {
			throw new Error('boom');
		});
		await b.subscribe('board:3', ok.listener);
		await a.publish('board:3', 'update', new Uint8Array([7]));
		await ok.all;
		expect([...ok.got[0].payload]).toEqual([7]);
	});
});

describe('a doc shared by two instances (PostgreSQL log + Redis)', () => {
	let dbA: Db;
	let dbB: Db;
	let drop: () => Promise<void>;
	beforeAll(async () => {
		const d = await createPgDatabase();
		drop = d.drop;
		dbA = openPostgres(d.url).db;
		dbB = openPostgres(d.url).db;
		await migrateToLatest(dbA);
	});
	afterAll(async () => {
		await dbA?.destroy();
		await dbB?.destroy();
		await drop?.();
	});

	it('an instance that opens the doc while another writes gets every note: no gap between load and subscription', async () => {
		const [logA, logB] = [new PgDocLog(dbA), new PgDocLog(dbB)];
		const [busA, busB] = [broadcast('inst-A'), broadcast('inst-B')];
		const writer = new Y.Doc();
		const notes = writer.getArray<string>('notes');
		let writing = true;
		let written = 0;
		// Instance A: a batch of 3 notes after another, each appended then published.
		const loop = (async () => {
			while (writing || written < 60) {
				const before = Y.encodeStateVector(writer);
				notes.push([`n${written++}`, `n${written++}`, `n${written++}`]);
				await appendAndPublish(logA, busA, 'board:7', [Y.encodeStateAsUpdate(writer, before)]);
			}
		})();
		// Instance B opens the doc in the middle of it.
		await expect.poll(() => written).toBeGreaterThan(20);
		const shared = await openSharedDoc('board:7', logB, busB);
		writing = false;
		await loop;
		const expected = notes.toArray();
		await expect.poll(() => shared.doc.getArray<string>('notes').length, { timeout: 10_000 }).toBe(expected.length);
		expect(shared.doc.getArray<string>('notes').toArray()).toEqual(expected);
		// And B's writes reach A's subscribers.
		const atA = await openSharedDoc('board:7', logA, busA);
		const before = Y.encodeStateVector(shared.doc);
		shared.doc.getArray<string>('notes').push(['depuis B']);
		await appendAndPublish(logB, busB, 'board:7', [Y.encodeStateAsUpdate(shared.doc, before)]);
		await expect.poll(() => atA.doc.getArray<string>('notes').toArray().at(-1)).toBe('depuis B');
		await shared.close();
		await atA.close();
	});
});

describe('live restitution across instances', () => {
	it('slides followed on B hear of a change made on A to any table of the workshop, not of presence', async () => {
		const [a, b] = [broadcast(), broadcast()];
		let changes = 0;
		const stop = await followDocsEverywhere(b, ['board:11', 'board:12'], () => changes++);
		await a.publish('board:12', 'awareness', new Uint8Array([1]));
		await a.publish('board:12', 'update', new Uint8Array([2]));
		await a.publish('board:13', 'update', new Uint8Array([3]));
		await a.publish('board:11', 'update', new Uint8Array([4]));
		await expect.poll(() => changes).toBe(2);
		await stop();
		await a.publish('board:11', 'update', new Uint8Array([5]));
		const fence = collect(1);
		await b.subscribe('board:fence2', fence.listener);
		await a.publish('board:fence2', 'update', new Uint8Array([6]));
		await fence.all;
		expect(changes).toBe(2);
	});
});

describe('revocations on every instance', () => {
	const access = (over: Partial<DocAccess>): DocAccess => ({
		docName: 'board:1',
		mode: 'read',
		sessionId: 's1',
		userId: null,
		participantId: 5,
		workshopId: 3,
		projectId: 2,
		displayName: 'Nadia',
		presenceRole: 'participant',
		...over
	});

	it('a rule matches what the routes close today, and never everyone', () => {
		expect(matchesRevocation({ sessionId: 's1' }, access({}))).toBe(true);
		expect(matchesRevocation({ sessionId: 's2' }, access({}))).toBe(false);
		expect(matchesRevocation({ participantsOnly: true, workshopId: 3 }, access({}))).toBe(true);
		expect(matchesRevocation({ participantsOnly: true, workshopId: 3 }, access({ participantId: null, userId: 1 }))).toBe(false);
		expect(matchesRevocation({ userId: 1, projectId: 2 }, access({ participantId: null, userId: 1 }))).toBe(true);
		expect(matchesRevocation({ docName: 'fiche:4', mode: 'write' }, access({ docName: 'fiche:4', mode: 'read' }))).toBe(false);
		expect(matchesRevocation({}, access({}))).toBe(false);
	});

	it('a logout decided on A reaches B (and not A again)', async () => {
		const atA: Revocation[] = [];
		const atB: Revocation[] = [];
		const a = new RevocationBus(testRedisUrl(), (r) => atA.push(r), prefix);
		const b = new RevocationBus(testRedisUrl(), (r) => atB.push(r), prefix);
		open.push(a, b);
		await Promise.all([a.ready, b.ready]);
		await a.publish({ filter: { sessionId: 'abc' }, code: 4401, reason: 'Déconnecté' });
		await expect.poll(() => atB).toEqual([{ filter: { sessionId: 'abc' }, code: 4401, reason: 'Déconnecté' }]);
		expect(atA).toEqual([]);
	});
});
