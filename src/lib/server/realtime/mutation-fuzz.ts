import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { addNote, createCluster, deleteNote, getNotes, updateNote } from '../../docs/board.ts';
import { seededRandom } from '../../testing/seeded-random.ts';
import { deepUpdate, syncMessage } from '../../testing/yjs-attacks.ts';
import { DocStore } from './doc-store.ts';
import { MemoryDocPersistence, applyStored } from './persistence.ts';
import { SyncServer } from './sync-server.ts';
import type { DocAccess } from './access.ts';

// A seeded fuzzer that starts from VALID messages (the updates a real board client makes, real
// presence states, sync requests) and mutates them (bit flips, truncations, splices, blown-up
// lengths, swapped types), sent through real sockets to a real sync server over a doc store.
// After every batch it checks what users rely on: the server still answers, the doc is not deaf
// (a change made after the batch is stored AND broadcast), no connection grew the heap without
// bound. A failing case prints its seed and index so it can be replayed alone.

export interface FuzzReport {
	seed: number;
	messages: number;
	closes: Record<string, number>;
	probes: number;
	heapGrowthBytes: number;
	failure: string | null;
	elapsedMs: number;
}

const DOC = 'board:1';

/** The valid messages a board's clients send, to be mutated. */
function corpus(rand: () => number): Uint8Array[] {
	const out: Uint8Array[] = [];
	const doc = new Y.Doc();
	const sync = syncMessage;
	doc.on('update', (u: Uint8Array) => out.push(sync(u)));
	for (let i = 0; i < 30; i++) {
		addNote(doc, { id: `fz${i}`, text: `Contribution ${i} sur le logement et la mobilité`, column: i % 2 ? 'atouts' : 'problematiques', position: i, colour: 'jaune', createdAt: i });
	}
	for (let i = 0; i < 10; i++) updateNote(doc, `fz${i}`, { text: `Modifiée ${i}`, colour: 'bleu' });
	createCluster(doc, { id: 'c1', title: 'Mobilité', column: 'atouts', position: 1 }, ['fz1', 'fz3']);
	for (let i = 20; i < 25; i++) deleteNote(doc, `fz${i}`);
	out.push(sync(Y.encodeStateAsUpdate(doc), 1));
	const sv = encoding.createEncoder();
	encoding.writeVarUint(sv, 0);
	encoding.writeVarUint(sv, 0);
	encoding.writeVarUint8Array(sv, Y.encodeStateVector(doc));
	out.push(encoding.toUint8Array(sv));
	out.push(Uint8Array.from([0, 0, 1, 0]), Uint8Array.from([3]));
	// Presence as the board and the fiche clients set it.
	const aw = new awarenessProtocol.Awareness(new Y.Doc());
	aw.setLocalState({ user: { name: 'Claire', organisation: 'Département', role: 'facilitator', colour: '#1d4e89' }, cursor: { x: 120, y: 80 } });
	for (let i = 0; i < 5; i++) {
		aw.setLocalStateField('cursor', { x: Math.floor(rand() * 1000), y: Math.floor(rand() * 800) });
		const e = encoding.createEncoder();
		encoding.writeVarUint(e, 1);
		encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(aw, [aw.clientID]));
		out.push(encoding.toUint8Array(e));
	}
	// And one known-bad: a deep structure (the guard must refuse it every time, mutated or not).
	out.push(sync(deepUpdate(50, 99)));
	return out;
}

function mutate(rand: () => number, pool: Uint8Array[]): Uint8Array {
	const base = pool[Math.floor(rand() * pool.length)];
	const m = Uint8Array.from(base);
	const kind = Math.floor(rand() * 8);
	const at = () => Math.floor(rand() * Math.max(1, m.length));
	switch (kind) {
		case 0: // bit flips
			for (let k = 0; k < 1 + Math.floor(rand() * 4); k++) if (m.length) m[at()] ^= 1 << Math.floor(rand() * 8);
			return m;
		case 1: // truncation
			return m.subarray(0, at());
		case 2: // random bytes appended
			return Uint8Array.from([...m, ...Array.from({ length: 1 + Math.floor(rand() * 16) }, () => Math.floor(rand() * 256))]);
		case 3: {
			// a varint blown up (a huge length or count)
			const out = Array.from(m);
			out.splice(at(), 0, 0xff, 0xff, 0xff, 0xff, 0x0f);
			return Uint8Array.from(out);
		}
		case 4: {
			// a splice of two valid messages
			const other = pool[Math.floor(rand() * pool.length)];
			return Uint8Array.from([...m.subarray(0, at()), ...other.subarray(Math.floor(rand() * other.length))]);
		}
		case 5: // the message type or sub-type swapped
			if (m.length > 1) m[Math.floor(rand() * 2)] = Math.floor(rand() * 5);
			return m;
		case 6: // a byte replaced everywhere it repeats (ids, clocks)
			if (m.length) {
				const from = m[at()];
				const to = Math.floor(rand() * 256);
				for (let k = 0; k < m.length; k++) if (m[k] === from && rand() < 0.5) m[k] = to;
			}
			return m;
		default: // valid as it is (keeps the doc moving)
			return m;
	}
}

export async function runMutationFuzz(options: { seed: number; messages: number; sockets?: number; log?: (line: string) => void }): Promise<FuzzReport> {
	const started = Date.now();
	const rand = seededRandom(options.seed);
	const persistence = new MemoryDocPersistence();
	const store = new DocStore(persistence, { failureCooldownMs: 0 });
	let n = 0;
	const sync = new SyncServer(store, {
		authorize: async (req) => {
			n++;
			const write = req.headers['x-mode'] !== 'read';
			const access: DocAccess = {
				docName: DOC,
				mode: write ? 'write' : 'read',
				sessionId: `s${n}`,
				userId: write ? n : null,
				participantId: write ? null : n,
				workshopId: 1,
				projectId: 1,
				displayName: `Personne ${n}`,
				presenceRole: write ? 'facilitator' : 'participant'
			};
			return { ok: true, access };
		},
		allowedOrigin: () => ['http://fuzz'],
		log: () => undefined
	});
	const http: Server = createServer((_req, res) => res.end());
	http.on('upgrade', (req, socket, head) => sync.handleUpgrade(req, socket, head));
	await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
	const url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/sync/${DOC}`;

	const closes: Record<string, number> = {};
	const open = (k: number) =>
		new Promise<WebSocket>((resolve, reject) => {
			const ws = new WebSocket(url, { headers: { origin: 'http://fuzz', 'x-mode': k % 3 === 2 ? 'read' : 'write' } });
			ws.on('close', (code) => (closes[code] = (closes[code] ?? 0) + 1));
			ws.on('message', () => undefined);
			ws.on('error', () => undefined);
			ws.once('open', () => resolve(ws));
			ws.once('unexpected-response', () => reject(new Error('upgrade refused')));
		});
	const count = options.sockets ?? 6;
	const sockets: WebSocket[] = [];
	for (let k = 0; k < count; k++) sockets.push(await open(k));
	// The server's own view of the doc: every probe must reach it through the room.
	const pool = corpus(rand);
	let probes = 0;
	let failure: string | null = null;
	global.gc?.();
	const heapBefore = process.memoryUsage().heapUsed;
	let heapMax = heapBefore;
	const batch = 200;

	try {
		for (let i = 0; i < options.messages; i++) {
			const k = Math.floor(rand() * count);
			if (sockets[k].readyState !== WebSocket.OPEN) sockets[k] = await open(k);
			sockets[k].send(mutate(rand, pool));
			if ((i + 1) % batch === 0 || i === options.messages - 1) {
				// Let the server read everything sent so far: a round trip on every socket.
				await Promise.all(
					sockets.map(
						(ws) =>
							new Promise<void>((resolve) => {
								if (ws.readyState !== WebSocket.OPEN) return resolve();
								ws.ping();
								const done = () => resolve();
								ws.once('pong', done);
								ws.once('close', done);
							})
					)
				);
				// Not deaf: a server-side change is stored (a fresh store reads it) and the room hears it.
				const id = `probe-${i}`;
				let heard = false;
				const listener = () => (heard = true);
				store.acquire(DOC, listener);
				try {
					store.transact(DOC, (d) => addNote(d, { id, text: 'sonde', column: 'atouts', position: 0, colour: 'jaune', createdAt: 0 }));
				} catch (e) {
					failure = `seed ${options.seed}, before message ${i + 1}: the doc refused a server change (${(e as Error).message})`;
				} finally {
					store.release(DOC, listener);
				}
				if (!failure && !heard) failure = `seed ${options.seed}, before message ${i + 1}: the doc is deaf (no update emitted)`;
				if (!failure) {
					const stored = new Y.Doc();
					applyStored(stored, persistence.load(DOC));
					if (!getNotes(stored).some((x) => x.id === id)) failure = `seed ${options.seed}, before message ${i + 1}: a change was not stored`;
					stored.destroy();
				}
				probes++;
				heapMax = Math.max(heapMax, process.memoryUsage().heapUsed);
				if (failure) break;
			}
		}
	} catch (e) {
		failure = `seed ${options.seed}: ${(e as Error).stack ?? e}`;
	} finally {
		for (const ws of sockets) ws.terminate();
		await sync.close();
		await new Promise<void>((r) => http.close(() => r()));
		store.closeAll();
	}
	if (failure) options.log?.(`FUZZ FAILED — replay with the same seed: ${failure}`);
	return { seed: options.seed, messages: options.messages, closes, probes, heapGrowthBytes: heapMax - heapBefore, failure, elapsedMs: Date.now() - started };
}
