// A load-generator process for `bench:sync --writers N` (forked by bench/writers.ts): holds a share
// of the writer sockets. Each socket speaks the y-websocket protocol as a facilitator's stock client
// does: it syncs, writes a note a second through Yjs (a sync update), moves a cursor at 10 Hz, and
// notes when every note token first arrives. Raw sockets with a Y.Doc holding only the socket's own
// notes: 500 full replicas of the board would measure the generator, not the server.
import WebSocket from 'ws';
import * as Y from 'yjs';
import { addNote } from '../../src/lib/docs/board.ts';
import { syncMessage as syncUpdate } from '../../src/lib/testing/yjs-attacks.ts';
import { EMPTY_STEP1, awarenessMessage, makeToken, now, parseMessage, scanTokens, sleepUntil } from './protocol.ts';

type Setup = { type: 'setup'; url: string; docName: string; cookie: string; first: number; count: number; echo: boolean };
type Start = { type: 'start'; t0: number; durationMs: number; notesPerSecond: number; cursorHz: number; total: number };

interface Sock {
	idx: number;
	ws: WebSocket;
	doc: Y.Doc;
	synced: Promise<void>;
	awarenessId: number;
	clock: number;
	closeCode: number | null;
}

let socks: Sock[] = [];
/** token → arrivals (count) and the last arrival time, over this process's sockets. */
const arrivals = new Map<string, { n: number; last: number }>();
const sent: { token: string; t: number }[] = [];
/** Bytes this process's sockets received, by kind: what presence costs next to the notes. */
const bytesIn = { update: 0, awareness: 0 };
let echo = false;

function open(url: string, docName: string, cookie: string, idx: number): Sock {
	const ws = new WebSocket(url.replace(/^http/, 'ws') + '/sync/' + docName, { headers: { cookie, origin: url }, perMessageDeflate: false });
	ws.binaryType = 'nodebuffer';
	let resolve!: () => void;
	const s: Sock = { idx, ws, doc: new Y.Doc(), synced: new Promise((r) => (resolve = r)), awarenessId: 1 + Math.floor(Math.random() * 0xfffffffe), clock: 0, closeCode: null };
	ws.on('open', () => ws.send(EMPTY_STEP1));
	ws.on('message', (data: Buffer) => {
		const t = now();
		let m;
		try {
			m = parseMessage(data);
		} catch {
			return;
		}
		if (m.type === 'step1') {
			// The server asks for what we have: nothing it lacks (our notes go as updates).
			s.ws.send(Uint8Array.from([0, 1, 2, 0, 0]));
		} else if (m.type === 'step2') resolve();
		else if (m.type === 'update') {
			bytesIn.update += data.byteLength;
			scanTokens(m.payload, (tok) => {
				const a = arrivals.get(tok);
				if (a) {
					a.n++;
					a.last = t;
				} else arrivals.set(tok, { n: 1, last: t });
			});
		} else if (m.type === 'awareness') {
			bytesIn.awareness += data.byteLength;
			if (echo && ws.readyState === WebSocket.OPEN) ws.send(data);
		}
	});
	ws.on('close', (code) => {
		s.closeCode = code;
		resolve();
	});
	ws.on('error', () => undefined);
	return s;
}

process.on('message', async (m: Setup | Start | { type: 'results' } | { type: 'close' }) => {
	if (m.type === 'setup') {
		echo = m.echo;
		socks = Array.from({ length: m.count }, (_, k) => open(m.url, m.docName, m.cookie, m.first + k));
		await Promise.all(socks.map((s) => s.synced));
		process.send!({ type: 'ready', failed: socks.filter((s) => s.closeCode !== null).length });
	} else if (m.type === 'start') {
		const { t0, durationMs, notesPerSecond, cursorHz, total } = m;
		const jobs = socks.map(async (s) => {
			const notePeriod = 1000 / notesPerSecond;
			const cursorPeriod = 1000 / cursorHz;
			// Spread over the second: socket idx writes at its own phase.
			const notePhase = (s.idx / total) * notePeriod;
			const cursorPhase = Math.random() * cursorPeriod;
			const events: { t: number; kind: 'note' | 'cursor'; k: number }[] = [];
			for (let k = 0; notePhase + k * notePeriod < durationMs; k++) events.push({ t: t0 + notePhase + k * notePeriod, kind: 'note', k });
			for (let k = 0; cursorPhase + k * cursorPeriod < durationMs; k++) events.push({ t: t0 + cursorPhase + k * cursorPeriod, kind: 'cursor', k });
			events.sort((a, b) => a.t - b.t);
			for (const e of events) {
				await sleepUntil(e.t);
				if (s.ws.readyState !== WebSocket.OPEN) return;
				if (e.kind === 'cursor') {
					s.ws.send(awarenessMessage(s.awarenessId, ++s.clock, { user: { name: `Animateur ${s.idx}`, colour: '#1d4e89' }, cursor: { x: (e.k * 7) % 1600, y: (e.k * 11) % 900 } }));
					continue;
				}
				const token = makeToken('f', s.idx * 100_000 + e.k);
				let update: Uint8Array | null = null;
				const capture = (u: Uint8Array) => (update = u);
				s.doc.on('update', capture);
				addNote(s.doc, { id: `${token}-id`, text: `${token} Mobilité en zone rurale`, column: e.k % 2 ? 'atouts' : 'problematiques', position: e.k, colour: 'jaune', createdAt: Date.now() });
				s.doc.off('update', capture);
				sent.push({ token, t: now() });
				s.ws.send(syncUpdate(update!));
			}
		});
		await Promise.all(jobs);
		process.send!({ type: 'done' });
	} else if (m.type === 'results') {
		process.send!({ type: 'results', sent, bytesIn, arrivals: [...arrivals.entries()], closes: socks.map((s) => s.closeCode).filter((c) => c !== null) });
	} else if (m.type === 'close') {
		for (const s of socks) s.ws.terminate();
		process.exit(0);
	}
});
