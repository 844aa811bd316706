import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { addNote, getNotes, hasNote } from '../../src/lib/docs/board.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { Client } from '../helpers/http.ts';
import { connectProvider, type SyncedClient } from '../helpers/sync-client.ts';
import { seededRandom as mulberry32 } from '../../src/lib/testing/seeded-random.ts';

// Crash safety of the realtime server: a real process on a real SQLite file, under continuous
// writes from a facilitator's provider and from participants' commands, is SIGKILLed at random
// moments and restarted on the same file. Whatever another client had received from the server
// (it is broadcast only after it is appended) and every command answered 200 must survive, once.

const SEED = Number(process.env.SYNC_SEED ?? Math.floor(Math.random() * 2 ** 31));
const rand = mulberry32(SEED);
const int = (n: number) => Math.floor(rand() * n);
const seedMsg = (m: string) => `${m} (SYNC_SEED=${SEED})`;

const DEMO = { SEED_DEMO: '1', DEMO_EMAIL: 'demo@ain.fr', DEMO_PASSWORD: 'mot-de-passe-demo', DEMO_JOIN_CODE: 'K7M2PQ' };
const CYCLES = 4;
const BOARDS = [1, 2];
/** Notes the writer may have sent that the watcher has not received yet. */
const WINDOW = 4;
const PREFIX = 'crash-';

const dir = mkdtempSync(join(tmpdir(), 'tablee-crash-'));
// A small compaction threshold: the log is folded into snapshots while the kills happen.
const env = { ...DEMO, DATABASE_PATH: join(dir, 'tablee.sqlite'), DOC_COMPACT_AFTER: '25' };

let server: RunningServer | null = null;
const open: SyncedClient[] = [];

afterAll(async () => {
	for (const c of open) c.destroy();
	await server?.stop();
	rmSync(dir, { recursive: true, force: true });
});

/** The same cookies, on the restarted server's URL. */
function rebase(old: Client, url: string): Client {
	const c = new Client(url);
	for (const [k, v] of old.cookies) c.cookies.set(k, v);
	return c;
}

function provider(docName: string, cookie: string): SyncedClient {
	const p = connectProvider(server!.url, docName, cookie);
	open.push(p);
	return p;
}

function destroy(p: SyncedClient) {
	open.splice(open.indexOf(p), 1);
	p.destroy();
}

interface Cmd {
	boardId: number;
	body: { id: string; type: 'note.add'; note: { id: string; text: string; column: string } };
}

describe('crash safety (SIGKILL under load, restart on the same SQLite file)', () => {
	it(`[CRASH1] ${CYCLES} kill/restart cycles: everything another client saw and every command answered 200 survives, with no duplicate`, async () => {
		server = await startServer(env);
		let facilitator = new Client(server.url);
		expect((await facilitator.post('/connexion', { email: DEMO.DEMO_EMAIL, password: DEMO.DEMO_PASSWORD })).status).toBe(303);
		let participants: Client[] = [];
		for (const name of ['Nadia', 'Karim']) {
			const c = new Client(server.url);
			expect((await c.postJson('/api/join', { code: DEMO.DEMO_JOIN_CODE, name, organisation: 'CAF' })).status).toBe(200);
			participants.push(c);
		}

		/** Note id → board id, for every note that must survive. */
		const mustSurvive = new Map<string, number>();
		const acknowledged: Cmd[] = [];
		const unanswered: Cmd[] = [];
		const log: string[] = [];

		/** A fresh provider on each board holds every note that must survive, each exactly once. */
		async function verify(when: string) {
			for (const boardId of BOARDS) {
				const fresh = provider(`board:${boardId}`, facilitator.cookieHeader());
				await fresh.synced;
				const notes = getNotes(fresh.doc);
				const missing = [...mustSurvive].filter(([id, b]) => b === boardId && !notes.some((n) => n.id === id)).map(([id]) => id);
				expect(missing, seedMsg(`${when}, board ${boardId}: lost notes; ${log.join('; ')}`)).toEqual([]);
				// Every note of ours carries its id in its text: a note appearing twice (under another
				// id, or a command applied twice) shows as a repeated text.
				const texts = notes.filter((n) => n.text.startsWith(PREFIX)).map((n) => n.text);
				const repeated = texts.filter((t, i) => texts.indexOf(t) !== i);
				expect(repeated, seedMsg(`${when}, board ${boardId}: duplicated notes`)).toEqual([]);
				for (const n of notes.filter((n) => n.text.startsWith(PREFIX))) expect(n.text, seedMsg('note text / id')).toBe(`${PREFIX}${n.id}`);
				destroy(fresh);
			}
		}

		for (let cycle = 1; cycle <= CYCLES; cycle++) {
			const writer = provider('board:1', facilitator.cookieHeader());
			const watcher = provider('board:1', facilitator.cookieHeader());
			await Promise.all([writer.synced, watcher.synced]);

			// The kill comes at a random (seeded) moment: once the watcher has received a random
			// number of this cycle's notes and a random number of commands have been answered.
			const killAfter = 10 + int(60);
			const killAfterCommands = 1 + int(6);
			let received = 0;
			let answered = 0;
			let killed = false;
			let killing: Promise<void> | null = null;
			const maybeKill = () => {
				if (!killed && received >= killAfter && answered >= killAfterCommands) {
					killed = true;
					killing = server!.kill();
				}
			};
			const written: string[] = [];
			let seen = 0;
			const pump = () => {
				while (seen < written.length && hasNote(watcher.doc, written[seen])) seen++;
				while (!killed && written.length - seen < WINDOW) {
					const id = `c${cycle}w${written.length}-${randomUUID().slice(0, 8)}`;
					written.push(id);
					addNote(writer.doc, { id, text: `${PREFIX}${id}`, column: 'atouts', position: 1000 + written.length, colour: 'bleu', createdAt: Date.now() });
				}
			};
			// The watcher counts the notes it receives (the writer's and the commands' on board 1).
			const known = new Set(getNotes(watcher.doc).map((n) => n.id));
			watcher.doc.on('update', () => {
				for (const n of getNotes(watcher.doc)) {
					if (!known.has(n.id)) {
						known.add(n.id);
						received++;
					}
				}
				maybeKill();
				pump();
			});

			// Participants post note.add commands back to back, each on a random board.
			const commandLoop = async (client: Client, who: number) => {
				for (let k = 0; !killed; k++) {
					const noteId = `c${cycle}p${who}n${k}-${randomUUID().slice(0, 8)}`;
					const cmd: Cmd = {
						boardId: BOARDS[int(BOARDS.length)],
						body: { id: randomUUID(), type: 'note.add', note: { id: noteId, text: `${PREFIX}${noteId}`, column: int(2) ? 'atouts' : 'problematiques' } }
					};
					let status: number;
					try {
						const res = await client.postJson(`/api/boards/${cmd.boardId}/commands`, cmd.body);
						status = res.status;
						await res.arrayBuffer();
					} catch {
						unanswered.push(cmd); // the process died with the request in flight
						return;
					}
					if (status === 200) {
						acknowledged.push(cmd);
						mustSurvive.set(noteId, cmd.boardId);
						answered++;
						maybeKill();
					} else {
						throw new Error(seedMsg(`command answered ${status}`));
					}
				}
			};
			const loops = participants.map((c, i) => commandLoop(c, i));
			pump();

			// The process is gone...
			const closed = new Promise<void>((resolve) => watcher.provider.once('connection-close', () => resolve()));
			await Promise.all(loops);
			await closed;
			await killing;
			expect(server!.child.signalCode, seedMsg('the server was SIGKILLed')).toBe('SIGKILL');
			// ...and the watcher's socket is closed: every byte the server sent it has been read.
			for (const n of getNotes(watcher.doc)) if (!mustSurvive.has(n.id)) mustSurvive.set(n.id, 1);
			log.push(`cycle ${cycle}: kill after ${killAfter} notes seen, ${written.length} written, ${acknowledged.length} commands acknowledged, ${unanswered.length} unanswered`);
			destroy(writer);
			destroy(watcher);

			// Restart on the same file.
			const t0 = Date.now();
			server = await startServer(env);
			log.push(`restart ${Date.now() - t0} ms`);
			facilitator = rebase(facilitator, server.url);
			participants = participants.map((p) => rebase(p, server!.url));
			await verify(`after restart ${cycle}`);
		}

		// Commands answered 200 are known to the restarted server: replaying one is a no-op.
		const authorOf = (cmd: Cmd) => participants[Number(/p(\d)n/.exec(cmd.body.note.id)![1])];
		for (const cmd of acknowledged.filter(() => rand() < 0.1)) {
			const res = await authorOf(cmd).postJson(`/api/boards/${cmd.boardId}/commands`, cmd.body);
			expect(res.status).toBe(200);
			expect(await res.json(), seedMsg(`replay of acknowledged command ${cmd.body.id}`)).toMatchObject({ ok: true, duplicate: true });
		}
		// Commands whose answer was lost in the crash: the client retries them; each applies once.
		for (const cmd of unanswered) {
			const res = await authorOf(cmd).postJson(`/api/boards/${cmd.boardId}/commands`, cmd.body);
			expect(res.status, seedMsg(`retry of ${cmd.body.id}`)).toBe(200);
			mustSurvive.set(cmd.body.note.id, cmd.boardId);
		}
		await verify('after the retries');
		console.info(seedMsg(`[CRASH1] ${log.join('; ')}; ${mustSurvive.size} notes checked`));
	}, 90_000); // five server starts (~2 s each on a 2-core machine) plus the load
});
