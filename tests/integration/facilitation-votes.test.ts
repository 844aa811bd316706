import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { createCluster, getClusters, getNote, getSettings, getTallies } from '../../src/lib/docs/board.ts';
import type { RunningServer } from '../helpers/server.ts';
import { Client } from '../helpers/http.ts';
import { connectProvider, until } from '../helpers/sync-client.ts';
import { createBoard, newId as id, joinParticipant, sendCommand, startDemo, type DemoEnvironment } from './support.ts';

// Dot voting (gommettes): counted in SQL against a budget and a per-target cap, whatever the
// concurrency; targets are the board's clusters, or its notes when it has none; tallies reach the
// doc only when the facilitator shows them or the table is closed.

const WORKSHOP = 1;
let demo: DemoEnvironment;
let server: RunningServer;
let facilitator: Client;
let db: Database.Database;

const track = <T extends { destroy: () => void }>(c: T): T => demo.track(c);

const participant = (name: string, organisation?: string, code?: string) => joinParticipant(server, name, organisation, code);
type Participant = { client: Client; id: number; name: string };

/** A second tab of the same participant: another client with the same cookie. */
function secondTab(p: Participant): Participant {
	const tab = new Client(server.url);
	for (const [k, v] of p.client.cookies) tab.cookies.set(k, v);
	return { ...p, client: tab };
}

interface Answer {
	status: number;
	body: { message?: string; myVotes?: string[]; duplicate?: boolean; ok?: boolean };
}
const send = (p: Participant, boardId: number, body: Record<string, unknown>): Promise<Answer> => sendCommand(p, boardId, body);
const cast = (p: Participant, boardId: number, targetId: string, commandId = id()) => send(p, boardId, { id: commandId, type: 'vote.cast', targetId });
const retract = (p: Participant, boardId: number, targetId: string, commandId = id()) => send(p, boardId, { id: commandId, type: 'vote.retract', targetId });

async function myVotes(p: Participant, boardId: number): Promise<string[]> {
	const res = await p.client.get(`/api/boards/${boardId}/mine`);
	expect(res.status).toBe(200);
	return (await res.json()).myVotes;
}

async function control(boardId: number, body: Record<string, unknown>) {
	const res = await facilitator.postJson(`/api/boards/${boardId}/control`, body);
	expect(res.status, JSON.stringify(await res.clone().json())).toBe(200);
}

function votesInDb(boardId: number, participantId?: number): number {
	const row = (
		participantId === undefined
			? db.prepare('SELECT count(*) AS n FROM votes WHERE board_id = ?').get(boardId)
			: db.prepare('SELECT count(*) AS n FROM votes WHERE board_id = ? AND participant_id = ?').get(boardId, participantId)
	) as { n: number };
	return row.n;
}

let boardCount = 0;
let writer: Participant;
/** A board with `n` notes, then in phase vote with the given modes; returns its id and note ids. */
async function votingBoard(n: number, modes: Record<string, unknown> = {}) {
	const board = await createBoard(facilitator, db, WORKSHOP, `Table de vote ${++boardCount}`);
	const notes: string[] = [];
	for (let i = 0; i < n; i++) {
		const noteId = id();
		const r = await send(writer, board, { id: id(), type: 'note.add', note: { id: noteId, text: `Constat n° ${i + 1}`, column: i % 2 ? 'atouts' : 'problematiques' } });
		expect(r.status).toBe(200);
		notes.push(noteId);
	}
	await control(board, { action: 'phase', phase: 'vote' });
	if (Object.keys(modes).length) await control(board, { action: 'modes', ...modes });
	return { board, notes };
}

function statuses(answers: Answer[]) {
	return {
		ok: answers.filter((a) => a.status === 200).length,
		conflict: answers.filter((a) => a.status === 409).length,
		other: answers.filter((a) => a.status !== 200 && a.status !== 409).map((a) => `${a.status} ${a.body.message}`)
	};
}

beforeAll(async () => {
	demo = await startDemo();
	({ server, facilitator, db } = demo);
	writer = await participant('Ulysse Rédacteur', 'Centre social');
});

afterAll(() => demo?.close());

describe('dot votes', () => {
	it('[VOTE5] budget 3: of 10 concurrent casts exactly 3 pass, the rest 409 in French (different targets)', async () => {
		const { board, notes } = await votingBoard(4, { voteBudget: 3 });
		const voter = await participant('Valérie Pressée');
		const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => cast(voter, board, notes[i % notes.length])));
		const s = statuses(answers);
		expect(s).toEqual({ ok: 3, conflict: 7, other: [] });
		for (const a of answers.filter((x) => x.status === 409)) expect(a.body.message).toBe('Vous avez utilisé vos 3 gommettes. Retirez-en une pour voter ailleurs.');
		expect(await myVotes(voter, board)).toHaveLength(3);
		expect(votesInDb(board, voter.id)).toBe(3);
	});

	it('[VOTE5] budget 3: of 10 concurrent casts on the same target exactly 3 pass', async () => {
		const { board, notes } = await votingBoard(2, { voteBudget: 3 });
		const voter = await participant('Victor Insistant');
		const s = statuses(await Promise.all(Array.from({ length: 10 }, () => cast(voter, board, notes[0]))));
		expect(s).toEqual({ ok: 3, conflict: 7, other: [] });
		expect(await myVotes(voter, board)).toEqual([notes[0], notes[0], notes[0]]);
		expect(votesInDb(board, voter.id)).toBe(3);
	});

	it('[VOTE5] budget 3: two tabs of the same participant (same cookie) cannot spend more than 3 together', async () => {
		const { board, notes } = await votingBoard(3, { voteBudget: 3 });
		const tab1 = await participant('Wanda Deux-Onglets');
		const tab2 = secondTab(tab1);
		const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => cast(i % 2 ? tab2 : tab1, board, notes[i % 3])));
		expect(statuses(answers)).toEqual({ ok: 3, conflict: 7, other: [] });
		expect(await myVotes(tab1, board)).toEqual(await myVotes(tab2, board));
		expect(votesInDb(board, tab1.id)).toBe(3);
		// Another participant has a budget of their own.
		const other = await participant('Xénia Autre');
		expect((await cast(other, board, notes[0])).status).toBe(200);
	});

	it('[VOTE6] cap per target: at most voteCap dots on one target, even concurrently; others still open', async () => {
		const { board, notes } = await votingBoard(2, { voteBudget: 5, voteCap: 2 });
		const voter = await participant('Yvon Plafond');
		expect((await cast(voter, board, notes[0])).status).toBe(200);
		expect((await cast(voter, board, notes[0])).status).toBe(200);
		const third = await cast(voter, board, notes[0]);
		expect(third.status).toBe(409);
		expect(third.body.message).toBe('2 gommettes au maximum sur un même regroupement.');
		expect((await cast(voter, board, notes[1])).status).toBe(200);

		const racer = await participant('Zoé Rapide');
		const s = statuses(await Promise.all(Array.from({ length: 6 }, () => cast(racer, board, notes[1]))));
		expect(s).toEqual({ ok: 2, conflict: 4, other: [] });
		expect(await myVotes(racer, board)).toEqual([notes[1], notes[1]]);

		// Cap 1 in the singular; null: only the budget limits.
		await control(board, { action: 'modes', voteCap: 1 });
		const one = await cast(racer, board, notes[0]);
		expect(one.status).toBe(200);
		const again = await cast(racer, board, notes[0]);
		expect(again.status).toBe(409);
		expect(again.body.message).toBe('1 gommette au maximum sur un même regroupement.');
		await control(board, { action: 'modes', voteCap: null });
		expect((await cast(racer, board, notes[0])).status).toBe(200);
		expect(await myVotes(racer, board)).toEqual([notes[1], notes[1], notes[0], notes[0]]);
	});

	it('[VOTE7] vote.retract gives a dot back (one at a time); retracting nothing gives nothing', async () => {
		const { board, notes } = await votingBoard(3, { voteBudget: 2 });
		const voter = await participant('Adèle Hésitante');
		expect((await cast(voter, board, notes[0])).body.myVotes).toEqual([notes[0]]);
		expect((await cast(voter, board, notes[0])).body.myVotes).toEqual([notes[0], notes[0]]);
		expect((await cast(voter, board, notes[1])).status).toBe(409);

		const back = await retract(voter, board, notes[0]);
		expect(back.status).toBe(200);
		expect(back.body.myVotes).toEqual([notes[0]]);
		expect(await myVotes(voter, board)).toEqual([notes[0]]);
		expect((await cast(voter, board, notes[1])).body.myVotes).toEqual([notes[0], notes[1]]);

		// Nothing on notes[2]: retracting it changes nothing and frees no dot.
		const nothing = await retract(voter, board, notes[2]);
		expect(nothing.status).toBe(200);
		expect(nothing.body.myVotes).toEqual([notes[0], notes[1]]);
		expect((await cast(voter, board, notes[2])).status).toBe(409);
		expect(votesInDb(board, voter.id)).toBe(2);
	});

	it('[VOTE8] targets are the notes of a board without clusters, its clusters once it has some; unknown → 404', async () => {
		const { board, notes } = await votingBoard(3, { voteBudget: 5 });
		const voter = await participant('Basile Ciblé');
		expect((await cast(voter, board, notes[0])).status).toBe(200);
		const unknown = await cast(voter, board, id());
		expect(unknown.status).toBe(404);
		expect(unknown.body.message).toMatch(/n’existe pas sur cette table/);

		// The facilitator groups notes 1 and 2; from now on only clusters are targets.
		const fac = track(connectProvider(server.url, `board:${board}`, facilitator.cookieHeader()));
		const reader = track(connectProvider(server.url, `board:${board}`, voter.client.cookieHeader()));
		await Promise.all([fac.synced, reader.synced]);
		const clusterId = id();
		createCluster(fac.doc, { id: clusterId, title: 'Mobilité', column: 'problematiques', position: 1 }, [notes[1], notes[2]]);
		await until(reader.doc, (d) => getClusters(d).some((c) => c.id === clusterId));
		for (const n of notes) {
			const r = await cast(voter, board, n);
			expect(r.status, `note ${n} once clusters exist`).toBe(404);
		}
		expect((await cast(voter, board, id())).status).toBe(404);
		const onCluster = await cast(voter, board, clusterId);
		expect(onCluster.status).toBe(200);
		expect(onCluster.body.myVotes).toEqual([notes[0], clusterId]);
		expect(getNote(reader.doc, notes[1])!.clusterId).toBe(clusterId);
	});

	it('[VOTE9] tallies stay out of the doc while votes are hidden; shown by votesHidden:false or phase clos', async () => {
		const { board, notes } = await votingBoard(2, { voteBudget: 3 });
		const fac = track(connectProvider(server.url, `board:${board}`, facilitator.cookieHeader()));
		await fac.synced;
		expect(getSettings(fac.doc).votesHidden).toBe(true);
		const a = await participant('Céline Votante');
		const b = await participant('David Votant');
		for (const [p, t] of [
			[a, notes[0]],
			[a, notes[0]],
			[b, notes[0]],
			[b, notes[1]]
		] as const)
			expect((await cast(p, board, t)).status).toBe(200);
		// Hidden: a fresh reader of the doc has no tallies at all.
		const fresh = track(connectProvider(server.url, `board:${board}`, a.client.cookieHeader()));
		await fresh.synced;
		expect(getTallies(fresh.doc).size).toBe(0);
		expect(getTallies(fac.doc).size).toBe(0);

		await control(board, { action: 'modes', votesHidden: false });
		await until(fac.doc, (d) => getTallies(d).get(notes[0]) === 3);
		expect(Object.fromEntries(getTallies(fac.doc))).toEqual({ [notes[0]]: 3, [notes[1]]: 1 });
		// Shown: they follow the votes live.
		expect((await retract(a, board, notes[0])).status).toBe(200);
		expect((await cast(a, board, notes[1])).status).toBe(200);
		await until(fac.doc, (d) => getTallies(d).get(notes[1]) === 2);
		expect(Object.fromEntries(getTallies(fac.doc))).toEqual({ [notes[0]]: 2, [notes[1]]: 2 });

		// Hidden again: gone from the doc.
		await control(board, { action: 'modes', votesHidden: true });
		await until(fac.doc, (d) => getTallies(d).size === 0);
		expect((await cast(b, board, notes[1])).status).toBe(200);
		const fresh2 = track(connectProvider(server.url, `board:${board}`, a.client.cookieHeader()));
		await fresh2.synced;
		expect(getTallies(fresh2.doc).size).toBe(0);

		// Closed: shown even though hidden.
		await control(board, { action: 'phase', phase: 'clos' });
		await until(fac.doc, (d) => getTallies(d).size > 0);
		expect(getSettings(fac.doc)).toMatchObject({ phase: 'clos', votesHidden: true });
		expect(Object.fromEntries(getTallies(fac.doc))).toEqual({ [notes[0]]: 2, [notes[1]]: 3 });
	});

	it('[VOTE10] a replayed vote command id does not count twice (cast and retract)', async () => {
		const { board, notes } = await votingBoard(2, { voteBudget: 5 });
		const voter = await participant('Edgar Rejoue');
		const commandId = id();
		const first = await cast(voter, board, notes[0], commandId);
		expect(first.status).toBe(200);
		expect(first.body).toMatchObject({ duplicate: false, myVotes: [notes[0]] });
		const again = await cast(voter, board, notes[0], commandId);
		expect(again.status).toBe(200);
		expect(again.body.duplicate).toBe(true);
		// The same id from another tab of the same participant: still a replay.
		expect((await cast(secondTab(voter), board, notes[0], commandId)).body.duplicate).toBe(true);
		expect(await myVotes(voter, board)).toEqual([notes[0]]);

		// A retract replayed takes back one dot only.
		expect((await cast(voter, board, notes[0])).status).toBe(200);
		const retractId = id();
		expect((await retract(voter, board, notes[0], retractId)).body.duplicate).toBe(false);
		expect((await retract(voter, board, notes[0], retractId)).body.duplicate).toBe(true);
		expect(await myVotes(voter, board)).toEqual([notes[0]]);

		// Someone else reusing the id: refused, counts nothing.
		const thief = await participant('Fabien Copieur');
		const stolen = await cast(thief, board, notes[1], commandId);
		expect(stolen.status).toBe(409);
		expect(stolen.body.message).toMatch(/déjà utilisé/);
		expect(votesInDb(board, thief.id)).toBe(0);
		expect(votesInDb(board)).toBe(1);
	});

	it('[VOTE10] a vote command replayed while the first is still in flight counts once', async () => {
		const { board, notes } = await votingBoard(2, { voteBudget: 5 });
		const voter = await participant('Gaëlle Réseau-Lent');
		const tab2 = secondTab(voter);
		const commandId = id();
		// An outbox retry racing the original request (e.g. after a timeout), from both tabs.
		const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => cast(i % 2 ? tab2 : voter, board, notes[0], commandId)));
		expect(answers.map((a) => a.status)).toEqual(Array(6).fill(200));
		expect(answers.filter((a) => a.body.duplicate === false)).toHaveLength(1);
		expect(await myVotes(voter, board)).toEqual([notes[0]]);
		expect(votesInDb(board, voter.id)).toBe(1);
	});
});
