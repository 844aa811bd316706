import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { addNote, getNotes, hasNote } from '../../src/lib/docs/board.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { Client } from '../helpers/http.ts';
import { connectProvider, until, type SyncedClient } from '../helpers/sync-client.ts';
import { seededRandom as mulberry32 } from '../../src/lib/testing/seeded-random.ts';

// Fuzzing the sync protocol from an authorised socket (the demo facilitator, who may write):
// random bytes, valid messages cut short, valid message types with garbage payloads and an
// oversized frame. A message the server cannot read closes that socket with 4400 (1009 when too
// big); the process stays up, a provider keeps syncing through it all, the room converges.

const SEED = Number(process.env.SYNC_SEED ?? Math.floor(Math.random() * 2 ** 31));
const rand = mulberry32(SEED);
const seedMsg = (m: string) => `${m} (SYNC_SEED=${SEED})`;
const int = (n: number) => Math.floor(rand() * n);
const bytes = (n: number) => Uint8Array.from({ length: n }, () => int(256));

const DEMO = { SEED_DEMO: '1', DEMO_EMAIL: 'demo@ain.fr', DEMO_PASSWORD: 'mot-de-passe-demo', DEMO_JOIN_CODE: 'K7M2PQ' };
const DOC = 'board:1';
const MAX_MESSAGE_BYTES = 1024 * 1024;
// Sockets in flight at once (fewer leaves the loopback round trips idle: much slower overall).
const CONCURRENCY = 48;
const COUNTS = { random: 2000, truncated: 400, garbage: 400 };

let server: RunningServer;
let facilitator: Client;
const clients: SyncedClient[] = [];

interface Totals {
	protocolErrors: number;
	awarenessIn: number;
	refusedWrites: number;
}
async function totals(): Promise<Totals> {
	const res = await facilitator.get('/api/metrics');
	expect(res.status).toBe(200);
	return ((await res.json()).totals ?? { protocolErrors: 0, awarenessIn: 0, refusedWrites: 0 }) as Totals;
}

beforeAll(async () => {
	server = await startServer(DEMO);
	facilitator = new Client(server.url);
	expect((await facilitator.post('/connexion', { email: DEMO.DEMO_EMAIL, password: DEMO.DEMO_PASSWORD })).status).toBe(303);
});

afterAll(async () => {
	for (const c of clients) c.destroy();
	await server?.stop();
});

// ---- the cases -------------------------------------------------------------------------------

/** 'closed': must be closed with 4400; 'either': the server may read it (lenient) or close 4400. */
type Expect = 'closed' | 'either' | 'tooBig';
interface Case {
	kind: string;
	payload: Uint8Array;
	expect: Expect;
}

const enc = (f: (e: encoding.Encoder) => void) => {
	const e = encoding.createEncoder();
	f(e);
	return encoding.toUint8Array(e);
};

/**
 * What a strict reader of the framing must conclude: unreadable type or sub-type, or a length
 * prefix running past the end, is malformed ('closed'); a well-framed message whose inner payload
 * is garbage may or may not be valid Yjs / awareness content ('either').
 */
function classify(m: Uint8Array): Expect {
	try {
		const d = decoding.createDecoder(m);
		const type = decoding.readVarUint(d);
		if (type === 3) return 'either';
		if (type === 1) {
			decoding.readVarUint8Array(d);
			return 'either';
		}
		if (type !== 0) return 'closed';
		const sub = decoding.readVarUint(d);
		if (sub > 2) return 'closed';
		decoding.readVarUint8Array(d);
		return 'either';
	} catch {
		return 'closed';
	}
}

function validMessages(): Uint8Array[] {
	const doc = new Y.Doc();
	addNote(doc, { id: `fuzz-${int(1e9)}`, text: 'Message valide', column: 'atouts', position: int(100), colour: 'vert', createdAt: 1 });
	const update = Y.encodeStateAsUpdate(doc);
	const other = new Y.Doc();
	other.getMap('x').set('k', 'v');
	Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
	const aw = new awarenessProtocol.Awareness(doc);
	aw.setLocalState({ user: { name: 'Fuzz' }, cursor: int(1000), long: 'é'.repeat(int(200)) });
	const awUpdate = awarenessProtocol.encodeAwarenessUpdate(aw, [doc.clientID]);
	aw.destroy();
	return [
		enc((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 2), encoding.writeVarUint8Array(e, update))),
		enc((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 1), encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(doc)))),
		enc((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 0), encoding.writeVarUint8Array(e, Y.encodeStateVector(doc)))),
		enc((e) => (encoding.writeVarUint(e, 1), encoding.writeVarUint8Array(e, awUpdate)))
	];
}

function makeCases(): Case[] {
	const cases: Case[] = [];
	for (let i = 0; i < COUNTS.random; i++) {
		// Mostly short strings, some up to 4 KiB, a few empty.
		const len = i % 200 === 0 ? 0 : rand() < 0.9 ? 1 + int(64) : 1 + int(4096);
		const payload = bytes(len);
		cases.push({ kind: 'random', payload, expect: classify(payload) });
	}
	const valid = validMessages();
	for (let i = 0; i < COUNTS.truncated; i++) {
		const m = valid[i % valid.length];
		const payload = m.slice(0, int(m.length)); // 0 .. length-1 bytes
		cases.push({ kind: 'truncated', payload, expect: 'closed' });
	}
	const garbage: (() => Case)[] = [
		// sync message with an unknown sub-type
		() => ({ kind: 'sync-subtype', payload: enc((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 3 + int(1e6)), encoding.writeUint8Array(e, bytes(int(40))))), expect: 'closed' }),
		// length prefix longer than what follows
		() => {
			const g = bytes(int(40));
			return { kind: 'sync-overlong', payload: enc((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, int(3)), encoding.writeVarUint(e, g.length + 1 + int(1e6)), encoding.writeUint8Array(e, g))), expect: 'closed' };
		},
		() => {
			const g = bytes(int(40));
			return { kind: 'awareness-overlong', payload: enc((e) => (encoding.writeVarUint(e, 1), encoding.writeVarUint(e, g.length + 1 + int(1e6)), encoding.writeUint8Array(e, g))), expect: 'closed' };
		},
		// a type that does not fit in a safe integer
		() => ({ kind: 'huge-type', payload: Uint8Array.from([...Array(9 + int(4)).fill(0xff), 0x01]), expect: 'closed' }),
		// well framed, garbage inside: Yjs / awareness decoding decides
		() => ({ kind: 'sync-update-garbage', payload: enc((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 1 + int(2)), encoding.writeVarUint8Array(e, bytes(1 + int(60))))), expect: 'either' }),
		() => ({ kind: 'sync-step1-garbage', payload: enc((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 0), encoding.writeVarUint8Array(e, bytes(1 + int(60))))), expect: 'either' }),
		() => ({ kind: 'awareness-garbage', payload: enc((e) => (encoding.writeVarUint(e, 1), encoding.writeVarUint8Array(e, bytes(1 + int(60))))), expect: 'either' }),
		// an awareness entry whose state is not JSON
		() => ({
			kind: 'awareness-not-json',
			payload: enc((e) => {
				encoding.writeVarUint(e, 1);
				encoding.writeVarUint8Array(
					e,
					enc((i) => (encoding.writeVarUint(i, 1), encoding.writeVarUint(i, 1 + int(1e9)), encoding.writeVarUint(i, 1), encoding.writeVarString(i, '{pas du json' + 'x'.repeat(int(20)))))
				);
			}),
			expect: 'closed'
		})
	];
	for (let i = 0; i < COUNTS.garbage; i++) cases.push(garbage[i % garbage.length]());
	// Shuffle (seeded) so that every kind runs alongside the others.
	for (let i = cases.length - 1; i > 0; i--) {
		const j = int(i + 1);
		[cases[i], cases[j]] = [cases[j], cases[i]];
	}
	return cases;
}

// ---- one socket per case ---------------------------------------------------------------------

/** A sync step 1 with an empty state vector: the server answers it with a step 2 (0, 1, ...). */
const PROBE = Uint8Array.from([0, 0, 1, 0]);

type Outcome = { closed: number } | { accepted: true } | { error: string };

/**
 * Opens a socket, sends the case then the probe. Messages are handled in order, so either the
 * socket is closed (and the probe never answered), or the probe's answer arrives: the case was read.
 */
function run(payload: Uint8Array): Promise<Outcome> {
	return new Promise((resolve) => {
		const ws = new WebSocket(server.url.replace(/^http/, 'ws') + '/sync/' + DOC, {
			headers: { cookie: facilitator.cookieHeader(), origin: server.url },
			maxPayload: 64 * 1024 * 1024
		});
		let done = false;
		const finish = (o: Outcome) => {
			if (done) return;
			done = true;
			clearTimeout(timer);
			resolve(o);
		};
		const timer = setTimeout(() => {
			finish({ error: 'no close and no answer within 5 s' });
			ws.terminate();
		}, 5000);
		ws.on('open', () => {
			ws.send(payload);
			ws.send(PROBE);
		});
		ws.on('message', (d: Buffer) => {
			if (d[0] === 0 && d[1] === 1) {
				finish({ accepted: true });
				ws.close(1000);
			}
		});
		ws.on('close', (code) => finish({ closed: code }));
		ws.on('error', (e) => {
			// Sending the oversized frame may fail with EPIPE/ECONNRESET once the server closes: the
			// close event (with its code) still follows.
			void e;
		});
		ws.on('unexpected-response', (_req, res) => {
			finish({ error: `upgrade refused: ${res.statusCode}` });
			res.resume();
		});
	});
}

/** Rejects with `message` if `p` has not settled after `ms` (a bound on an awaited event, not a sleep). */
function within<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
	let timer: ReturnType<typeof setTimeout>;
	return Promise.race([
		p.finally(() => clearTimeout(timer)),
		new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(seedMsg(message))), ms)))
	]);
}

function hex(b: Uint8Array) {
	return Buffer.from(b.slice(0, 24)).toString('hex') + (b.length > 24 ? `…(${b.length} bytes)` : '');
}

describe('sync protocol fuzzing', () => {
	it('[FUZZ1] malformed messages close their socket with 4400 (1009 when too big); the server stays up; writes keep flowing; the room converges; the log is rate-limited', async () => {
		const a = connectProvider(server.url, DOC, facilitator.cookieHeader());
		const b = connectProvider(server.url, DOC, facilitator.cookieHeader());
		clients.push(a, b);
		await Promise.all([a.synced, b.synced]);
		const before = await totals();
		const isCloseLine = (l: string) => l.includes('[sync] closing user') && l.includes('malformed message');
		const logLinesBefore = server.output().split('\n').filter(isCloseLine).length;
		const fuzzStartedAt = Date.now();

		// A writer interleaved with the fuzzing: every few finished cases A writes a note (at most
		// three not yet seen by B), and B must keep receiving them.
		const written: string[] = [];
		let writing = true;
		let seenByB = 0; // notes arrive in the order A wrote them
		const pump = () => {
			while (seenByB < written.length && hasNote(b.doc, written[seenByB])) seenByB++;
			if (writing && written.length - seenByB < 3) {
				const id = `w-${written.length}-${int(1e9)}`;
				written.push(id);
				addNote(a.doc, { id, text: `Note ${written.length}`, column: 'atouts', position: written.length, colour: 'jaune', createdAt: written.length });
			}
		};
		b.doc.on('update', () => {
			while (seenByB < written.length && hasNote(b.doc, written[seenByB])) seenByB++;
		});

		const cases = makeCases();
		cases.push({ kind: 'oversized-random', payload: bytes(MAX_MESSAGE_BYTES + 1), expect: 'tooBig' });
		cases.push({
			kind: 'oversized-update',
			payload: enc((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 2), encoding.writeVarUint8Array(e, new Uint8Array(MAX_MESSAGE_BYTES + 1000)))),
			expect: 'tooBig'
		});

		const failures: string[] = [];
		const tally = { closed4400: 0, closed1009: 0, accepted: 0 };
		const acceptedKinds: Record<string, number> = {}; // well-framed cases the server could read
		let next = 0;
		const worker = async () => {
			while (next < cases.length) {
				const i = next++;
				const c = cases[i];
				const o = await run(c.payload);
				if (i % 8 === 0) pump();
				const ok =
					'closed' in o &&
					((o.closed === 4400 && (c.expect === 'closed' || c.expect === 'either')) || (o.closed === 1009 && c.expect === 'tooBig'));
				if ('closed' in o && o.closed === 4400) tally.closed4400++;
				if ('closed' in o && o.closed === 1009) tally.closed1009++;
				if ('accepted' in o) {
					tally.accepted++;
					acceptedKinds[`${c.kind}:${c.payload[0]}`] = (acceptedKinds[`${c.kind}:${c.payload[0]}`] ?? 0) + 1;
				}
				if (!ok && !('accepted' in o && c.expect === 'either')) {
					failures.push(`case #${i} ${c.kind} ${hex(c.payload)}: expected ${c.expect}, got ${JSON.stringify(o)}`);
				}
			}
		};
		const writtenBefore = seenByB;
		await Promise.all(Array.from({ length: CONCURRENCY }, worker));
		const writtenDuring = seenByB - writtenBefore;

		expect(failures.slice(0, 20), seedMsg(`${failures.length} unexpected outcomes of ${cases.length}`)).toEqual([]);
		expect(tally.closed1009, seedMsg('oversized frames')).toBe(2);
		expect(server.child.exitCode, seedMsg('the server process died')).toBeNull();
		// Writes kept flowing while the fuzzers ran.
		expect(writtenDuring, seedMsg('notes written (and received by B) during the fuzzing')).toBeGreaterThan(10);

		// Every 4400 is one protocol error in the metrics. The log names the principal and the reason,
		// one line per closed connection at most, and no more than 20 lines per 10 s in all: thousands
		// of bad messages must not fill the disk.
		const after = await totals();
		expect(after.protocolErrors - before.protocolErrors, seedMsg(`protocolErrors vs observed 4400 (${JSON.stringify(tally)})`)).toBe(tally.closed4400);
		const logged = server.output().split('\n').filter(isCloseLine).length - logLinesBefore;
		const windows = Math.ceil((Date.now() - fuzzStartedAt) / 10_000) + 1;
		expect(logged, seedMsg('"[sync] closing … malformed message" log lines')).toBeGreaterThan(0);
		expect(logged, seedMsg(`log lines for ${tally.closed4400} closes over ${windows} windows`)).toBeLessThanOrEqual(Math.min(tally.closed4400, 20 * windows));

		// Stop writing; one last note after the storm; B gets everything; a newcomer too; all agree.
		writing = false;
		const last = `w-last-${int(1e9)}`;
		written.push(last);
		addNote(a.doc, { id: last, text: 'Après la tempête', column: 'problematiques', position: 0, colour: 'rose', createdAt: 0 });
		await within(until(b.doc, (d) => written.every((id) => getNotes(d).some((n) => n.id === id))), 5000, 'B never got every note A wrote');
		const c = connectProvider(server.url, DOC, facilitator.cookieHeader());
		clients.push(c);
		await c.synced;
		// Whatever the server did accept reached A and B as broadcasts: wait until they match C.
		const sv = (d: Y.Doc) => Buffer.from(Y.encodeStateVector(d)).toString('hex');
		await within(until(a.doc, (d) => sv(d) === sv(c.doc)), 5000, 'A and C did not converge (state vectors)');
		await within(until(b.doc, (d) => sv(d) === sv(c.doc)), 5000, 'B and C did not converge (state vectors)');
		expect(getNotes(a.doc), seedMsg('A and C')).toEqual(getNotes(c.doc));
		expect(getNotes(b.doc), seedMsg('B and C')).toEqual(getNotes(c.doc));
		for (const id of written) expect(getNotes(c.doc).some((n) => n.id === id), seedMsg(`note ${id}`)).toBe(true);
		expect(getNotes(c.doc).length).toBe(22 + written.length);
		console.info(`[FUZZ1] ${cases.length} cases, ${JSON.stringify(tally)}, accepted (kind:first byte) ${JSON.stringify(acceptedKinds)}, ${written.length} notes written (SYNC_SEED=${SEED})`);
	}, 60_000); // ~5-10 s alone; more when the machine is shared

	it('[FUZZ2] an update the server rejects as malformed (4400) has no effect: not applied, not stored, not broadcast', async () => {
		const a = connectProvider(server.url, DOC, facilitator.cookieHeader());
		const b = connectProvider(server.url, DOC, facilitator.cookieHeader());
		clients.push(a, b);
		await Promise.all([a.synced, b.synced]);
		// A valid note update with its last byte (the empty delete set) cut off, correctly framed:
		// Yjs reads the note, then fails on the missing delete set.
		const scratch = new Y.Doc();
		const badId = `partiel-${int(1e9)}`;
		addNote(scratch, { id: badId, text: 'Message rejeté', column: 'atouts', position: 0, colour: 'rose', createdAt: 1 });
		const update = Y.encodeStateAsUpdate(scratch);
		const payload = enc((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 2), encoding.writeVarUint8Array(e, update.slice(0, -1))));
		const outcome = await run(payload);
		expect(outcome, seedMsg('the cut update is malformed')).toEqual({ closed: 4400 });
		// A marker written after the close: had the rejected note been applied, it was broadcast before.
		const marker = `repère-${int(1e9)}`;
		addNote(a.doc, { id: marker, text: 'repère', column: 'atouts', position: 0, colour: 'jaune', createdAt: 1 });
		await within(until(b.doc, (d) => hasNote(d, marker)), 5000, 'marker not received');
		const fresh = connectProvider(server.url, DOC, facilitator.cookieHeader());
		clients.push(fresh);
		await fresh.synced;
		const { default: SQLite } = await import('better-sqlite3');
		const db = new SQLite(server.databasePath, { readonly: true });
		const logged = (db.prepare('select data from doc_updates where doc_name = ?').all(DOC) as { data: Buffer }[]).some((r) =>
			Buffer.from(r.data).includes(Buffer.from(badId))
		);
		db.close();
		expect(
			{ seenByOthers: hasNote(b.doc, badId), inServerDoc: hasNote(fresh.doc, badId), inLog: logged },
			seedMsg('a message closed as malformed was nonetheless applied')
		).toEqual({ seenByOthers: false, inServerDoc: false, inLog: false });
	});
});
