import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { WebsocketProvider } from 'y-websocket';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { Client } from '../helpers/http.ts';
import { seededRandom as mulberry32 } from '../../src/lib/testing/seeded-random.ts';

// Awareness (presence, cursors) through the sync server: inbound traffic per client must not grow
// with the room size (the server coalesces a room's changes every AWARENESS_TICK_MS and drops the
// echoes the stock client sends back), everyone converges on everyone's last state, a departure
// is seen by all, and nobody can speak for a client id another connection owns.

// Seeded randomness: SYNC_SEED=<n> replays a run; the seed is printed in every failure message.
const SEED = Number(process.env.SYNC_SEED ?? Math.floor(Math.random() * 2 ** 31));
const rand = mulberry32(SEED);
const seedMsg = (m: string) => `${m} (SYNC_SEED=${SEED})`;

const DEMO = { SEED_DEMO: '1', DEMO_EMAIL: 'demo@ain.fr', DEMO_PASSWORD: 'mot-de-passe-demo', DEMO_JOIN_CODE: 'K7M2PQ' };
const DOC = 'board:1';
const MOVES = 10;

let server: RunningServer;
let facilitator: Client;
const live = new Set<{ destroy: () => void }>();

interface Metrics {
	docsLoaded: number;
	rooms: number;
	connections: number;
	totals: { refusedWrites: number; awarenessIn: number; awarenessDropped: number; protocolErrors: number; upgradesRefused: number } | null;
}

async function metrics(): Promise<Metrics> {
	const res = await facilitator.get('/api/metrics');
	expect(res.status).toBe(200);
	return (await res.json()) as Metrics;
}

const ZERO = { refusedWrites: 0, awarenessIn: 0, awarenessDropped: 0, protocolErrors: 0, upgradesRefused: 0 };

/** Rejects with `message` if `p` has not settled after `ms` (a bound on an awaited event, not a sleep). */
function within<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
	let timer: ReturnType<typeof setTimeout>;
	return Promise.race([
		p.finally(() => clearTimeout(timer)),
		new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(seedMsg(message))), ms)))
	]);
}

interface Counted {
	doc: Y.Doc;
	provider: WebsocketProvider;
	/** Awareness messages (type 1) this client received from / sent to the server. */
	received: number;
	sent: number;
	synced: Promise<void>;
	destroy: () => void;
}

/** A stock y-websocket provider whose socket counts the awareness messages in both directions. */
function countedProvider(cookie: string): Counted {
	const doc = new Y.Doc();
	const counted = { received: 0, sent: 0 } as Counted;
	const origin = server.url;
	class CountingWebSocket extends WebSocket {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols, { headers: { cookie, origin } });
			// (the provider sets binaryType 'arraybuffer')
			this.on('message', (data: ArrayBuffer | Buffer) => {
				if (new Uint8Array(data as ArrayBuffer)[0] === 1) counted.received++;
			});
		}
		override send(data: any, ...rest: any[]) {
			if ((data as Uint8Array)[0] === 1 && this.readyState === WebSocket.OPEN) counted.sent++;
			return (super.send as any)(data, ...rest);
		}
	}
	const provider = new WebsocketProvider(server.url.replace(/^http/, 'ws') + '/sync', DOC, doc, {
		WebSocketPolyfill: CountingWebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true,
		maxBackoffTime: 200
	});
	counted.doc = doc;
	counted.provider = provider;
	counted.synced = new Promise<void>((resolve) => {
		if (provider.synced) resolve();
		else provider.once('sync', (s: boolean) => s && resolve());
	});
	counted.destroy = () => {
		live.delete(counted);
		provider.destroy();
		doc.destroy();
	};
	live.add(counted);
	return counted;
}

/** Resolves once `predicate` holds on `p`'s view of the room's awareness (re-checked on each change). */
function untilAwareness(p: Counted, predicate: (states: Map<number, any>) => boolean): Promise<void> {
	const aw = p.provider.awareness;
	return new Promise((resolve) => {
		if (predicate(aw.getStates())) return resolve();
		const check = () => {
			if (predicate(aw.getStates())) {
				aw.off('change', check);
				resolve();
			}
		};
		aw.on('change', check);
	});
}

const othersAt = (p: Counted, all: Counted[], cursor: number) => (states: Map<number, any>) =>
	all.every((o) => o === p || states.get(o.doc.clientID)?.field === String(cursor));

/**
 * Server-side connections are gone only once the server has handled the closes: no event reaches
 * the test for that, so we poll /api/metrics (bounded) until the room is empty.
 */
async function untilNoConnections() {
	for (let i = 0; i < 200; i++) {
		if ((await metrics()).connections === 0) return;
		await new Promise((r) => setTimeout(r, 20));
	}
	throw new Error('the server still counts open connections after 4 s');
}

const wsUrl = () => server.url.replace(/^http/, 'ws') + '/sync/' + DOC;

/** A raw socket on the room (not a provider): sends exactly what we want. */
async function rawSocket(cookie: string) {
	const ws = new WebSocket(wsUrl(), { headers: { cookie, origin: server.url } });
	await new Promise<void>((resolve, reject) => {
		ws.once('open', () => resolve());
		ws.once('error', reject);
	});
	/** Resolves once the server has handled everything sent before: it answers a sync step 1
	 * (empty state vector) with a step 2, and handles a socket's messages in order. */
	function barrier(): Promise<void> {
		return new Promise((resolve) => {
			const onMessage = (d: Buffer) => {
				if (d[0] === 0 && d[1] === 1) {
					ws.off('message', onMessage);
					resolve();
				}
			};
			ws.on('message', onMessage);
			ws.send(Uint8Array.from([0, 0, 1, 0]));
		});
	}
	return { ws, barrier };
}

/**
 * The room's awareness states as the server holds them now: a new socket receives them all in
 * one awareness message right after the sync step 1 (the room must have at least one state).
 */
function serverStates(cookie: string): Promise<Map<number, { clock: number; state: any }>> {
	const ws = new WebSocket(wsUrl(), { headers: { cookie, origin: server.url } });
	return within(
		new Promise((resolve) => {
			ws.on('message', (d: Buffer) => {
				if (d[0] === 1) {
					resolve(decodeAwareness(new Uint8Array(d)));
					ws.close();
				}
			});
		}),
		5000,
		'no awareness states for a new socket'
	);
}

function decodeAwareness(message: Uint8Array) {
	const outer = decoding.createDecoder(message);
	decoding.readVarUint(outer); // type 1
	const d = decoding.createDecoder(decoding.readVarUint8Array(outer));
	const out = new Map<number, { clock: number; state: any }>();
	const n = decoding.readVarUint(d);
	for (let i = 0; i < n; i++) {
		const id = decoding.readVarUint(d);
		const clock = decoding.readVarUint(d);
		out.set(id, { clock, state: JSON.parse(decoding.readVarString(d)) });
	}
	return out;
}

function awarenessMessage(entries: { id: number; clock: number; state: unknown }[]): Uint8Array {
	const inner = encoding.createEncoder();
	encoding.writeVarUint(inner, entries.length);
	for (const e of entries) {
		encoding.writeVarUint(inner, e.id);
		encoding.writeVarUint(inner, e.clock);
		encoding.writeVarString(inner, JSON.stringify(e.state));
	}
	const outer = encoding.createEncoder();
	encoding.writeVarUint(outer, 1);
	encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
	return encoding.toUint8Array(outer);
}

beforeAll(async () => {
	server = await startServer(DEMO);
	facilitator = new Client(server.url);
	expect((await facilitator.post('/connexion', { email: DEMO.DEMO_EMAIL, password: DEMO.DEMO_PASSWORD })).status).toBe(303);
});

afterAll(async () => {
	for (const c of [...live]) c.destroy();
	await server?.stop();
});

const results = new Map<number, { inPerClient: number; receivedPerClient: number; dropped: number }>();

describe('awareness: coalesced, echo-free, converging', () => {
	for (const n of [5, 10, 20]) {
		it(`[AW1] N=${n}: every client sees every other's final cursor; server inbound stays per-client constant`, async () => {
			await untilNoConnections();
			const before = (await metrics()).totals ?? ZERO;
			const peers = Array.from({ length: n }, () => countedProvider(facilitator.cookieHeader()));
			await Promise.all(peers.map((p) => p.synced));
			for (const [i, p] of peers.entries()) p.provider.awareness.setLocalState({ user: { name: `Animatrice ${i}` }, field: '0' });
			await within(
				Promise.all(peers.map((p) => untilAwareness(p, othersAt(p, peers, 0)))),
				5000,
				`N=${n}: initial states did not reach everyone`
			);
			// Ten cursor moves, in rounds: everybody moves (in a random order), then we wait until
			// everybody sees everybody's move before the next round.
			for (let r = 1; r <= MOVES; r++) {
				const order = [...peers];
				for (let i = order.length - 1; i > 0; i--) {
					const j = Math.floor(rand() * (i + 1));
					[order[i], order[j]] = [order[j], order[i]];
				}
				for (const p of order) p.provider.awareness.setLocalStateField('field', String(r));
				await within(
					Promise.all(peers.map((p) => untilAwareness(p, othersAt(p, peers, r)))),
					5000,
					`N=${n}: round ${r} did not converge`
				);
			}
			for (const p of peers) {
				for (const o of peers) expect(p.provider.awareness.getStates().get(o.doc.clientID)?.field, seedMsg(`N=${n}`)).toBe(String(MOVES));
			}

			const sent = peers.reduce((s, p) => s + p.sent, 0);
			const received = peers.reduce((s, p) => s + p.received, 0);
			// Every awareness message the clients sent was counted by the server.
			let after = (await metrics()).totals!;
			// (the counter is bumped when the server reads the message: poll until the last echoes are in)
			for (let i = 0; i < 100 && after.awarenessIn - before.awarenessIn < sent; i++) {
				await new Promise((r) => setTimeout(r, 20));
				after = (await metrics()).totals!;
			}
			const inbound = after.awarenessIn - before.awarenessIn;
			const dropped = after.awarenessDropped - before.awarenessDropped;
			expect(inbound, seedMsg(`N=${n}: server count vs client count`)).toBe(sent);
			// The stock client sends back every state it receives: the server drops those echoes.
			expect(dropped, seedMsg(`N=${n}: echoes dropped`)).toBeGreaterThan(0);
			const inPerClient = inbound / n;
			const receivedPerClient = received / n;
			// Per client: its own 1 + 1 + 10 changes plus about one echo per coalesced broadcast.
			// Quadratic behaviour (one broadcast per change) would give ~n messages per round.
			expect(inPerClient, seedMsg(`N=${n}: inbound per client`)).toBeLessThan(8 * MOVES);
			expect(receivedPerClient, seedMsg(`N=${n}: broadcasts received per client`)).toBeLessThan(6 * MOVES);
			results.set(n, { inPerClient, receivedPerClient, dropped });

			// A departure: its state disappears from every other client's awareness.
			const leaving = peers[Math.floor(rand() * n)];
			const stay = peers.filter((p) => p !== leaving);
			const gone = Promise.all(stay.map((p) => untilAwareness(p, (s) => !s.has(leaving.doc.clientID))));
			leaving.destroy();
			await within(gone, 5000, `N=${n}: the departed client's state stayed visible`);
			for (const p of stay) p.destroy();
		});
	}

	it('[AW2] inbound awareness traffic grows linearly with the room, not quadratically', () => {
		expect([...results.keys()], seedMsg('the AW1 runs must have completed')).toEqual([5, 10, 20]);
		const per = [...results.values()].map((r) => r.inPerClient);
		const rec = [...results.values()].map((r) => r.receivedPerClient);
		const detail = JSON.stringify(Object.fromEntries(results));
		console.info(seedMsg(`[AW2] awareness messages per client by room size: ${detail}`));
		expect(Math.max(...per) / Math.min(...per), seedMsg(`inbound per client across N: ${detail}`)).toBeLessThan(2);
		expect(Math.max(...rec) / Math.min(...rec), seedMsg(`received per client across N: ${detail}`)).toBeLessThan(2);
	});
});

describe('awareness ownership', () => {
	it('[AW3] a raw client cannot change or remove the state of a client id another connection owns', async () => {
		await untilNoConnections();
		const victim = countedProvider(facilitator.cookieHeader());
		const watcher = countedProvider(facilitator.cookieHeader());
		await Promise.all([victim.synced, watcher.synced]);
		victim.provider.awareness.setLocalState({ user: { name: 'Claire' }, field: 'légitime-1' });
		await within(untilAwareness(watcher, (s) => s.get(victim.doc.clientID)?.field === 'légitime-1'), 5000, 'victim state not seen');

		const seenByWatcher: unknown[] = [];
		watcher.provider.awareness.on('change', () => seenByWatcher.push(watcher.provider.awareness.getStates().get(victim.doc.clientID)?.field));

		const raw = await rawSocket(facilitator.cookieHeader());
		const id = victim.doc.clientID;
		const clock = victim.provider.awareness.meta.get(id)!.clock;
		// A far newer clock: if the server took it, the victim's own next change would lose.
		raw.ws.send(awarenessMessage([{ id, clock: clock + 100, state: { user: { name: 'Usurpateur' }, field: 'pirate' } }]));
		await raw.barrier();
		let states = await serverStates(facilitator.cookieHeader());
		expect(states.get(id)?.state?.field, seedMsg('the server kept the victim’s state')).toBe('légitime-1');
		// Nor can it remove it.
		raw.ws.send(awarenessMessage([{ id, clock: clock + 200, state: null }]));
		await raw.barrier();
		states = await serverStates(facilitator.cookieHeader());
		expect(states.get(id)?.state?.field).toBe('légitime-1');

		// The victim's own next change still goes through, and nobody ever saw the forged one.
		victim.provider.awareness.setLocalStateField('field', 'légitime-2');
		await within(untilAwareness(watcher, (s) => s.get(id)?.field === 'légitime-2'), 5000, 'the owner’s own change was lost after a forgery');
		expect(seenByWatcher).not.toContain('pirate');
		expect(seenByWatcher).not.toContain(undefined);
		raw.ws.close();
		victim.destroy();
		watcher.destroy();
	});

	it('[AW4] a client that reconnects with the same client id (network blip) is visible again', async () => {
		await untilNoConnections();
		const a = countedProvider(facilitator.cookieHeader());
		const b = countedProvider(facilitator.cookieHeader());
		const c = countedProvider(facilitator.cookieHeader());
		const all = [a, b, c];
		await Promise.all(all.map((p) => p.synced));
		for (const p of all) p.provider.awareness.setLocalState({ field: '1' });
		await within(Promise.all(all.map((p) => untilAwareness(p, othersAt(p, all, 1)))), 5000, 'initial states');

		// A's socket drops; the others see it leave.
		const left = Promise.all([b, c].map((p) => untilAwareness(p, (s) => !s.has(a.doc.clientID))));
		a.provider.disconnect();
		await within(left, 5000, 'A did not leave');

		// A comes back on a new socket, same Y.Doc (same client id), as y-websocket does after a drop.
		const back = new Promise<void>((resolve) => a.provider.once('sync', (s: boolean) => s && resolve()));
		a.provider.connect();
		await within(back, 5000, 'A did not resync');
		a.provider.awareness.setLocalStateField('field', '2');
		try {
			await within(Promise.all([b, c].map((p) => untilAwareness(p, (s) => s.get(a.doc.clientID)?.field === '2'))), 3000, 'timeout');
		} catch {
			// Tell where it was lost: does the server itself hold A's state?
			const held = (await serverStates(facilitator.cookieHeader())).get(a.doc.clientID);
			throw new Error(
				seedMsg(
					`after reconnecting with the same client id, A's presence never reached B and C again; ` +
						`the server holds for A: ${JSON.stringify(held ?? 'nothing')} (A's local clock ${a.provider.awareness.meta.get(a.doc.clientID)!.clock})`
				)
			);
		}
		for (const p of all) p.destroy();
	});
});
