// The participant write path: a participant posts notes through commands at a steady rate (open
// loop: a slow answer never delays the next note), and some move their latest note now and then.
import http from 'node:http';
import { makeToken, now, sleepUntil } from './protocol.ts';

export interface WriteRecord {
	/** The token looked for at the receivers: the note id, or the move's marker. */
	token: string;
	kind: 'note' | 'move';
	/** The note the write is about (its id). */
	noteId: string;
	/** Writer: participant index, or -1 for the facilitator. */
	writer: number;
	tSend: number;
	tResp: number;
	status: number;
	accepted: boolean;
	column: string;
	text: string;
	error?: string;
	/** HTTP timeline: socket assigned, connected (new sockets only), response headers. */
	tSocket?: number;
	tConnect?: number;
	tHeaders?: number;
	reused?: boolean;
}

export interface WriterPlan {
	url: string;
	boardId: number;
	cookie: string;
	/** Participant index (0..n-1): spreads the n writers evenly over each second. */
	idx: number;
	n: number;
	t0: number;
	durationMs: number;
	notesPerSecond: number;
	/** 0: this participant never moves notes. */
	moveEveryMs: number;
}

export const COLUMNS = ['atouts', 'problematiques'] as const;
const TEXTS = [
	'Peu de places en crèche le mercredi',
	'Un tissu associatif très actif',
	'Mobilité difficile en zone rurale',
	'Centre social bien identifié par les familles',
	'Manque de transports le soir',
	'Des bénévoles investis dans l’aide aux devoirs'
];

export function noteText(k: number): string {
	return `${TEXTS[k % TEXTS.length]} (${k})`;
}

type Answer = { status: number; body: { ok?: boolean; duplicate?: boolean; message?: string } };
type Timeline = { tSocket?: number; tConnect?: number; tHeaders?: number; reused?: boolean };

/**
 * POSTs a command the way a participant's browser would: over that participant's own keep-alive
 * connections, at most 6 at a time (what a browser allows per origin over HTTP/1.1); more wait
 * their turn on the client, and that wait counts in the latency (the send time is the schedule's).
 */
function post(plan: WriterPlan, agent: http.Agent, command: unknown, timeline: Timeline): Promise<Answer> {
	return request(plan, agent, 'POST', `/api/boards/${plan.boardId}/commands`, Buffer.from(JSON.stringify(command)), timeline);
}

function request(plan: WriterPlan, agent: http.Agent, method: string, path: string, body: Buffer | null, timeline: Timeline = {}): Promise<Answer> {
	const url = new URL(plan.url + path);
	const headers: http.OutgoingHttpHeaders = { cookie: plan.cookie, origin: plan.url, accept: 'application/json' };
	if (body) {
		headers['content-type'] = 'application/json';
		headers['content-length'] = body.length;
	}
	return new Promise((resolve, reject) => {
		const req = http.request(
			url,
			{ method, agent, headers, timeout: 30_000 },
			(res) => {
				timeline.tHeaders = now();
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					let parsed = {};
					try {
						parsed = JSON.parse(text);
					} catch {
						parsed = { message: text.slice(0, 200) };
					}
					resolve({ status: res.statusCode ?? 0, body: parsed });
				});
				res.on('error', reject);
			}
		);
		req.on('socket', (socket) => {
			timeline.tSocket = now();
			timeline.reused = req.reusedSocket;
			if ((socket as import('node:net').Socket).connecting) socket.once('connect', () => (timeline.tConnect = now()));
		});
		req.on('timeout', () => req.destroy(new Error('timeout after 30 s')));
		req.on('error', reject);
		req.end(body ?? undefined);
	});
}

/** Runs one participant's writes; resolves with every write once all answers are in. */
export async function runParticipantWriter(plan: WriterPlan): Promise<WriteRecord[]> {
	if (!(plan.notesPerSecond > 0)) return [];
	const records: WriteRecord[] = [];
	const inFlight: Promise<void>[] = [];
	const periodMs = 1000 / plan.notesPerSecond;
	const offset = (plan.idx / plan.n) * periodMs;
	const events: { at: number; kind: 'note' | 'move'; k: number }[] = [];
	const noteCount = Math.floor((plan.durationMs / 1000) * plan.notesPerSecond);
	for (let k = 0; k < noteCount; k++) events.push({ at: plan.t0 + offset + k * periodMs, kind: 'note', k });
	if (plan.moveEveryMs > 0) {
		for (let k = 0; k < 10_000; k++) {
			const at = plan.t0 + offset + plan.moveEveryMs / 2 + k * plan.moveEveryMs;
			if (at >= plan.t0 + plan.durationMs) break;
			events.push({ at, kind: 'move', k });
		}
	}
	events.sort((a, b) => a.at - b.at);
	/** My accepted notes, latest last, with their current column and whether a move is in flight. */
	const mine: { noteId: string; column: string; moving: boolean }[] = [];
	const agent = new http.Agent({ keepAlive: true, maxSockets: 6 });
	// Like a browser that has just loaded the board page, start with an open keep-alive connection
	// (a cheap request before t0; its answer does not matter).
	await request(plan, agent, 'GET', '/api/metrics', null).catch(() => undefined);

	const send = (r: WriteRecord, command: unknown, onAccepted: () => void) => {
		r.tSend = now();
		records.push(r);
		inFlight.push(
			post(plan, agent, command, r).then(
				({ status, body }) => {
					r.tResp = now();
					r.status = status;
					r.accepted = status === 200 && body.ok === true && body.duplicate === false;
					if (!r.accepted) r.error = body.message ?? `status ${status}`;
					else onAccepted();
				},
				(e: Error & { code?: string }) => {
					r.tResp = now();
					r.error = `${e.message}${e.code ? ` (${e.code})` : ''}`;
				}
			)
		);
	};

	for (const ev of events) {
		await sleepUntil(ev.at);
		const base = { writer: plan.idx, tSend: 0, tResp: 0, status: 0, accepted: false };
		if (ev.kind === 'note') {
			const noteId = makeToken('p', plan.idx * 10_000 + ev.k);
			const column = COLUMNS[(plan.idx + ev.k) % 2];
			const text = noteText(ev.k);
			const r: WriteRecord = { ...base, token: noteId, kind: 'note', noteId, column, text };
			send(r, { id: `c${noteId}`, type: 'note.add', note: { id: noteId, text, column } }, () => mine.push({ noteId, column, moving: false }));
		} else {
			// The latest accepted note with no move in flight (one move at a time per note, so the
			// final state is well defined).
			const target = [...mine].reverse().find((x) => !x.moving);
			if (!target) continue;
			target.moving = true;
			const token = makeToken('m', plan.idx * 10_000 + ev.k);
			const column = target.column === COLUMNS[0] ? COLUMNS[1] : COLUMNS[0];
			const text = `Déplacée ${token}`;
			const r: WriteRecord = { ...base, token, kind: 'move', noteId: target.noteId, column, text };
			send(r, { id: `c${token}`, type: 'note.edit', noteId: target.noteId, column, text }, () => (target.column = column));
			const done = inFlight[inFlight.length - 1];
			void done.then(() => (target.moving = false));
		}
	}
	await Promise.all(inFlight);
	agent.destroy();
	return records;
}
