import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { addNote, createCluster, getClusters, getNote, getNotes, getSettings } from '../../src/lib/docs/board.ts';
import { getWorkshopControl, timerRemaining } from '../../src/lib/docs/workshop.ts';
import { WRITING_GRACE_MS } from '../../src/lib/domain/writing.ts';
import type { RunningServer } from '../helpers/server.ts';
import type { Client } from '../helpers/http.ts';
import { connectProvider, until } from '../helpers/sync-client.ts';
import { addMember, createBoard, signUp, newId as id, joinParticipant, sendCommand, startDemo, type DemoEnvironment } from './support.ts';

// Facilitation rules on a board: what participants may do in each phase, on a locked table, with
// a timer that stops writing; and who may steer tables and workshops at all.

const WORKSHOP = 1;
let demo: DemoEnvironment;
let server: RunningServer;
let facilitator: Client;
let db: Database.Database;

const track = <T extends { destroy: () => void }>(c: T): T => demo.track(c);

const participant = (name: string, organisation?: string, code?: string) => joinParticipant(server, name, organisation, code);
type Participant = Awaited<ReturnType<typeof participant>>;

const command = (p: Participant, boardId: number, body: Record<string, unknown>) => sendCommand(p, boardId, body);
const add = (p: Participant, boardId: number, text: string, noteId = id(), column = 'atouts') =>
	command(p, boardId, { type: 'note.add', note: { id: noteId, text, column } });

async function control(boardId: number, body: Record<string, unknown>, as = facilitator) {
	const res = await as.postJson(`/api/boards/${boardId}/control`, body);
	return { status: res.status, body: (await res.json()) as { message?: string } };
}
async function steer(body: Record<string, unknown>, as = facilitator) {
	const res = await as.postJson(`/api/workshops/${WORKSHOP}/control`, body);
	return { status: res.status, body: (await res.json()) as { message?: string } };
}
async function setPhase(boardId: number, phase: string) {
	const r = await control(boardId, { action: 'phase', phase });
	expect(r.status, JSON.stringify(r.body)).toBe(200);
}
async function setModes(boardId: number, modes: Record<string, unknown>) {
	const r = await control(boardId, { action: 'modes', ...modes });
	expect(r.status, JSON.stringify(r.body)).toBe(200);
}

/** What a fresh facilitator provider sees of a board: notes, clusters, settings. */
async function snapshot(boardId: number) {
	const c = connectProvider(server.url, `board:${boardId}`, facilitator.cookieHeader());
	await c.synced;
	const s = { notes: getNotes(c.doc), clusters: getClusters(c.doc), settings: getSettings(c.doc) };
	c.destroy();
	return s;
}

/** The workshop's timer ended longer ago than the grace period (the row aged, as a clock would). */
function endedLongAgo() {
	db.prepare('update workshops set timer_ends_at = ? where id = ? and timer_ends_at is not null').run(Date.now() - WRITING_GRACE_MS - 1000, WORKSHOP);
}

let boardCount = 0;
const freshBoard = () => createBoard(facilitator, db, WORKSHOP, `Table de test ${++boardCount}`);

beforeAll(async () => {
	demo = await startDemo();
	({ server, facilitator, db } = demo);
});

afterAll(() => demo?.close());

describe('phases', () => {
	it('[PH1] writing only in ecriture: add/edit/delete own notes, then 403 in French and no change in regroupement, vote, clos', async () => {
		const board = await freshBoard();
		const p = await participant('Agathe Phase');
		const watcher = track(connectProvider(server.url, `board:${board}`, facilitator.cookieHeader()));
		await watcher.synced;
		expect(getSettings(watcher.doc).phase).toBe('ecriture');

		const keep = id();
		const gone = id();
		expect((await add(p, board, 'Transport à la demande', keep)).status).toBe(200);
		expect((await add(p, board, 'Note à supprimer', gone)).status).toBe(200);
		const edit = await command(p, board, { type: 'note.edit', noteId: keep, text: 'Transport à la demande le samedi', colour: 'vert' });
		expect(edit.status).toBe(200);
		expect((await command(p, board, { type: 'note.delete', noteId: gone })).status).toBe(200);
		await until(watcher.doc, (d) => getNote(d, keep)?.text === 'Transport à la demande le samedi' && !getNote(d, gone));
		expect(getNote(watcher.doc, keep)).toMatchObject({ colour: 'vert', authorName: 'Agathe Phase', column: 'atouts' });

		const expected: Record<string, RegExp> = {
			regroupement: /phase de regroupement.*écriture est terminée/,
			vote: /phase de vote.*écriture est terminée/,
			clos: /table est close/
		};
		for (const [phase, message] of Object.entries(expected)) {
			await setPhase(board, phase);
			const before = await snapshot(board);
			expect(before.settings.phase).toBe(phase);
			const refused = [
				await add(p, board, `Trop tard (${phase})`),
				await command(p, board, { type: 'note.edit', noteId: keep, text: `Modifié en ${phase}` }),
				await command(p, board, { type: 'note.edit', noteId: keep, column: 'problematiques' }),
				await command(p, board, { type: 'note.delete', noteId: keep })
			];
			for (const r of refused) {
				expect(r.status, `${phase}: ${JSON.stringify(r.body)}`).toBe(403);
				expect(r.body.message).toMatch(message);
			}
			const after = await snapshot(board);
			expect(after, `nothing changes in ${phase}`).toEqual(before);
		}
		// Back to writing: the same participant writes again.
		await setPhase(board, 'ecriture');
		expect((await command(p, board, { type: 'note.edit', noteId: keep, text: 'De nouveau modifiable' })).status).toBe(200);
		await until(watcher.doc, (d) => getNote(d, keep)?.text === 'De nouveau modifiable');
	});

	it('[PH1] a participant cannot take over a note they did not write by re-using its id in note.add', async () => {
		const board = await freshBoard();
		const owner = await participant('Gaspard Propriétaire');
		const pirate = await participant('Hugo Usurpateur', 'CCAS de Trévoux');
		// A note by the facilitator (straight in the doc), one by another participant, one seeded.
		const fac = track(connectProvider(server.url, `board:${board}`, facilitator.cookieHeader()));
		const demo = track(connectProvider(server.url, 'board:1', facilitator.cookieHeader()));
		await Promise.all([fac.synced, demo.synced]);
		const facNote = id();
		addNote(fac.doc, { id: facNote, text: 'Synthèse de l’animatrice', column: 'atouts', position: 1, colour: 'bleu', createdAt: Date.now(), authorName: 'Animatrice' });
		const ownerNote = id();
		expect((await add(owner, board, 'Note de Gaspard', ownerNote)).status).toBe(200);
		await until(fac.doc, (d) => !!getNote(d, ownerNote));
		const seeded = getNotes(demo.doc)[0];

		for (const [where, noteId] of [
			[board, facNote],
			[board, ownerNote],
			[1, seeded.id]
		] as const) {
			const before = await snapshot(where);
			const claim = await add(pirate, where, 'Je prends cet identifiant', noteId);
			// Soft: the consequences below are what matters most, and they are shown too.
			expect.soft(claim.status, `note.add re-using ${noteId}: ${JSON.stringify(claim.body)}`).toBe(409);
			expect.soft(claim.body.message ?? '').toMatch(/déjà utilisé/);
			const edit = await command(pirate, where, { type: 'note.edit', noteId, text: 'Détourné par un autre participant' });
			expect(edit.status, `note.edit of ${noteId} after the claim`).toBe(403);
			const del = await command(pirate, where, { type: 'note.delete', noteId });
			expect(del.status, `note.delete of ${noteId} after the claim`).toBe(403);
			expect((await snapshot(where)).notes, `the note ${noteId} is untouched`).toEqual(before.notes);
		}
	});

	it('[PH2] a locked table refuses every participant command (403 "verrouillé"), in every phase, until unlocked', async () => {
		const board = await freshBoard();
		const p = await participant('Bastien Verrou');
		const noteId = id();
		expect((await add(p, board, 'Avant le verrou', noteId)).status).toBe(200);

		const workshopDoc = track(connectProvider(server.url, `workshop:${WORKSHOP}`, p.client.cookieHeader()));
		await workshopDoc.synced;
		await setModes(board, { locked: true, participantsCanGroup: true });
		await until(workshopDoc.doc, (d) => getWorkshopControl(d).boards.some((b) => b.id === board && b.locked));
		const before = await snapshot(board);
		expect(before.settings.locked).toBe(true);

		const attempts: [string, Record<string, unknown>][] = [
			['ecriture', { type: 'note.add', note: { id: id(), text: 'Pendant le verrou', column: 'atouts' } }],
			['ecriture', { type: 'note.edit', noteId, text: 'Pendant le verrou' }],
			['ecriture', { type: 'note.delete', noteId }],
			['regroupement', { type: 'note.group', noteId, clusterId: null }],
			['vote', { type: 'vote.cast', targetId: noteId }],
			['vote', { type: 'vote.retract', targetId: noteId }]
		];
		for (const [phase, body] of attempts) {
			if ((await snapshot(board)).settings.phase !== phase) await setPhase(board, phase);
			const r = await command(p, board, body);
			expect(r.status, `${body.type} in ${phase}: ${JSON.stringify(r.body)}`).toBe(403);
			expect(r.body.message).toMatch(/verrouillé/);
		}
		const mine = await (await p.client.get(`/api/boards/${board}/mine`)).json();
		expect(mine.myVotes).toEqual([]);
		const after = await snapshot(board);
		expect(after.notes).toEqual(before.notes);

		await setModes(board, { locked: false });
		expect((await command(p, board, { type: 'vote.cast', targetId: noteId })).status).toBe(200);
	});

	it('[PH3] votes only in phase vote; note.group only in regroupement and when participants may group', async () => {
		const board = await freshBoard();
		const p = await participant('Chloé Gommette');
		const other = await participant('Denis Regroupe', 'CCAS de Trévoux');
		const a = id();
		const b = id();
		expect((await add(p, board, 'Isolement des aînés', a)).status).toBe(200);
		expect((await add(other, board, 'Solitude en milieu rural', b)).status).toBe(200);

		// Votes: refused in ecriture, regroupement and clos, accepted in vote.
		for (const phase of ['ecriture', 'regroupement', 'clos']) {
			if (phase !== 'ecriture') await setPhase(board, phase);
			for (const type of ['vote.cast', 'vote.retract']) {
				const r = await command(p, board, { type, targetId: a });
				expect(r.status, `${type} in ${phase}`).toBe(403);
				expect(r.body.message).toMatch(/phase|close/);
			}
		}
		const noVotes = await (await p.client.get(`/api/boards/${board}/mine`)).json();
		expect(noVotes.myVotes).toEqual([]);

		// Grouping: refused outside regroupement even when allowed, and in regroupement unless allowed.
		await setModes(board, { participantsCanGroup: true });
		for (const phase of ['ecriture', 'vote']) {
			await setPhase(board, phase);
			const r = await command(p, board, { type: 'note.group', noteId: b, clusterId: null });
			expect(r.status, `note.group in ${phase}`).toBe(403);
			expect(r.body.message).toMatch(/phase/);
		}
		await setPhase(board, 'vote');
		const vote = await command(p, board, { type: 'vote.cast', targetId: a });
		expect(vote.status).toBe(200);
		expect(vote.body).toMatchObject({ myVotes: [a] });
		const retract = await command(p, board, { type: 'vote.retract', targetId: a });
		expect(retract.status).toBe(200);
		expect(retract.body).toMatchObject({ myVotes: [] });

		await setPhase(board, 'regroupement');
		await setModes(board, { participantsCanGroup: false });
		const closed = await command(p, board, { type: 'note.group', noteId: b, clusterId: null });
		expect(closed.status).toBe(403);
		expect(closed.body.message).toMatch(/n’a pas ouvert le regroupement/);

		// The facilitator makes a cluster with note a, straight in the doc; a participant moves b in.
		const fac = track(connectProvider(server.url, `board:${board}`, facilitator.cookieHeader()));
		const watcher = track(connectProvider(server.url, `board:${board}`, p.client.cookieHeader()));
		await Promise.all([fac.synced, watcher.synced]);
		const clusterId = id();
		createCluster(fac.doc, { id: clusterId, title: 'Isolement', column: 'problematiques', position: 1 }, [a]);
		await until(watcher.doc, (d) => getClusters(d).some((c) => c.id === clusterId)); // the server has it
		const stillClosed = await command(p, board, { type: 'note.group', noteId: b, clusterId });
		expect(stillClosed.status).toBe(403);

		await setModes(board, { participantsCanGroup: true });
		const grouped = await command(other, board, { type: 'note.group', noteId: b, clusterId });
		expect(grouped.status, JSON.stringify(grouped.body)).toBe(200);
		await until(fac.doc, (d) => getNote(d, b)?.clusterId === clusterId);
		expect(getNote(fac.doc, b)!.column).toBe('problematiques');
		const unknown = await command(other, board, { type: 'note.group', noteId: b, clusterId: id() });
		expect(unknown.status).toBe(404);
		const ungroup = await command(other, board, { type: 'note.group', noteId: b, clusterId: null });
		expect(ungroup.status).toBe(200);
		await until(fac.doc, (d) => getNote(d, b)?.clusterId === undefined);
		expect(getClusters(fac.doc).map((c) => c.id)).toEqual([clusterId]);
	});

	it('[PH4] a timer that stops writing: ended → "temps" refusal, restarted → writing again; mirrored in the workshop doc', async () => {
		const board = await freshBoard();
		const p = await participant('Élise Minuteur');
		const ws = track(connectProvider(server.url, `workshop:${WORKSHOP}`, p.client.cookieHeader()));
		await ws.synced;
		const timer = () => getWorkshopControl(ws.doc).timer;

		let t0 = Date.now();
		expect((await steer({ action: 'timer.start', minutes: 1, stopsWriting: true })).status).toBe(200);
		await until(ws.doc, (d) => getWorkshopControl(d).timer.endsAt !== null && getWorkshopControl(d).timer.stopsWriting);
		expect(timer().endsAt!).toBeGreaterThanOrEqual(t0 + 60_000);
		expect(timer().endsAt!).toBeLessThanOrEqual(Date.now() + 60_000);
		const written = id();
		expect((await add(p, board, 'Pendant le minuteur', written)).status).toBe(200);

		// Pause: no end time, the time left kept; writing stays open while paused.
		expect((await steer({ action: 'timer.pause' })).status).toBe(200);
		await until(ws.doc, (d) => getWorkshopControl(d).timer.endsAt === null && getWorkshopControl(d).timer.pausedRemainingMs !== null);
		const left = timer().pausedRemainingMs!;
		expect(left).toBeGreaterThan(50_000);
		expect(left).toBeLessThanOrEqual(60_000);
		expect(timerRemaining(timer(), Date.now() + 3_600_000)).toBe(left); // frozen
		expect((await add(p, board, 'Pendant la pause')).status).toBe(200);

		// +2 minutes while paused: added to what is left.
		expect((await steer({ action: 'timer.add', minutes: 2 })).status).toBe(200);
		await until(ws.doc, (d) => getWorkshopControl(d).timer.pausedRemainingMs === left + 120_000);
		expect(timer().endsAt).toBeNull();

		// Resume: runs again from what was left.
		t0 = Date.now();
		expect((await steer({ action: 'timer.resume' })).status).toBe(200);
		await until(ws.doc, (d) => getWorkshopControl(d).timer.endsAt !== null);
		expect(timer().pausedRemainingMs).toBeNull();
		expect(timer().endsAt!).toBeGreaterThanOrEqual(t0 + left + 120_000);
		expect(timer().endsAt!).toBeLessThanOrEqual(Date.now() + left + 120_000);
		const running = timer().endsAt!;

		// +1 minute (the default) while running: the end moves by a minute.
		expect((await steer({ action: 'timer.add' })).status).toBe(200);
		await until(ws.doc, (d) => getWorkshopControl(d).timer.endsAt === running + 60_000);

		// Ended: what was on its way is taken during the grace period (the phones closed their
		// composer on time), then writing stops, for adds, edits and deletes alike.
		expect((await steer({ action: 'timer.end' })).status).toBe(200);
		await until(ws.doc, (d) => (getWorkshopControl(d).timer.endsAt ?? Infinity) <= Date.now());
		expect(timerRemaining(timer(), Date.now())).toBe(0);
		expect((await add(p, board, 'Envoyé pendant la grâce')).status).toBe(200);
		endedLongAgo();
		for (const r of [
			await add(p, board, 'Après la fin du temps'),
			await command(p, board, { type: 'note.edit', noteId: written, text: 'Après la fin du temps' }),
			await command(p, board, { type: 'note.delete', noteId: written })
		]) {
			expect(r.status).toBe(403);
			expect(r.body.message).toMatch(/temps/);
		}
		expect((await snapshot(board)).notes.map((n) => n.text).sort()).toEqual(['Envoyé pendant la grâce', 'Pendant la pause', 'Pendant le minuteur']);
		// Pause/resume of an ended timer cannot reopen writing by accident: nothing to pause.
		const pause = await steer({ action: 'timer.resume' });
		expect(pause.status).toBe(400);
		expect(pause.body.message).toMatch(/pas en pause/);

		// Started again: writing reopens.
		expect((await steer({ action: 'timer.start', minutes: 1, stopsWriting: true })).status).toBe(200);
		expect((await add(p, board, 'Nouveau tour d’écriture')).status).toBe(200);

		// A timer that does not stop writing: its end changes nothing for participants.
		expect((await steer({ action: 'timer.start', minutes: 5 })).status).toBe(200);
		expect((await steer({ action: 'timer.end' })).status).toBe(200);
		await until(ws.doc, (d) => getWorkshopControl(d).timer.endsAt === null && !getWorkshopControl(d).timer.stopsWriting);
		expect(timerRemaining(timer(), Date.now())).toBeNull();
		expect((await add(p, board, 'Sans limite')).status).toBe(200);
	});

	it('[PH4] pausing a timer that has run out does not reopen writing', async () => {
		const board = await freshBoard();
		const p = await participant('Irène Retardataire');
		const ws = track(connectProvider(server.url, `workshop:${WORKSHOP}`, p.client.cookieHeader()));
		await ws.synced;
		expect((await steer({ action: 'timer.start', minutes: 1, stopsWriting: true })).status).toBe(200);
		expect((await steer({ action: 'timer.end' })).status).toBe(200);
		endedLongAgo();
		expect((await add(p, board, 'Trop tard')).status).toBe(403);

		// The time is up: pausing it leaves nothing to write with.
		const pause = await steer({ action: 'timer.pause' });
		expect([200, 400]).toContain(pause.status);
		await until(ws.doc, (d) => timerRemaining(getWorkshopControl(d).timer, Date.now()) === 0);
		const late = await add(p, board, 'Écrit après la fin, pendant une « pause »');
		expect(late.status, `note.add after timer.end then timer.pause: ${JSON.stringify(late.body)}`).toBe(403);
		expect(late.body.message).toMatch(/temps/);
		expect((await snapshot(board)).notes).toEqual([]);

		// Leave the workshop with a timer that does not stop writing.
		expect((await steer({ action: 'timer.start', minutes: 1 })).status).toBe(200);
		expect((await steer({ action: 'timer.end' })).status).toBe(200);
	});
});

describe('who may steer', () => {
	it('[PH5] participants 401, observers/contributors/outsiders 403, bad bodies 400 in French; nothing changes', async () => {
		const board = await freshBoard();
		const p = await participant('Fanny Curieuse');
		const before = await snapshot(board);
		const workshopRow = () => db.prepare('SELECT * FROM workshops WHERE id = ?').get(WORKSHOP);
		const workshopBefore = workshopRow();

		const boardBody = { action: 'phase', phase: 'vote' };
		const workshopBody = { action: 'timer.start', minutes: 3, stopsWriting: true };
		const asParticipant = [await control(board, boardBody, p.client), await steer(workshopBody, p.client)];
		for (const r of asParticipant) {
			expect(r.status).toBe(401);
			expect(r.body.message).toBe('Connexion requise.');
		}

		const observer = await signUp(server, 'Olivier Observateur', 'observateur@ain.fr');
		const contributor = await signUp(server, 'Camille Contributrice', 'contributrice@ain.fr');
		const outsider = await signUp(server, 'Xavier Extérieur', 'exterieur@ain.fr');
		await addMember(facilitator, 1, 'observateur@ain.fr', 'observer');
		await addMember(facilitator, 1, 'contributrice@ain.fr', 'contributor');
		for (const [who, client] of [
			['observer', observer],
			['contributor', contributor]
		] as const) {
			for (const r of [await control(board, boardBody, client), await steer(workshopBody, client), await control(board, { action: 'reveal' }, client)]) {
				expect(r.status, who).toBe(403);
				expect(r.body.message).toMatch(/Votre rôle ne permet pas d’animer/);
			}
		}
		for (const r of [await control(board, boardBody, outsider), await steer(workshopBody, outsider)]) {
			expect(r.status).toBe(403);
			expect(r.body.message).toMatch(/pas membre de ce projet/);
		}

		const badBoard: [unknown, RegExp][] = [
			['pas du json', /Requête invalide/],
			[{ action: 'phase', phase: 'fin' }, /Phase inconnue/],
			[{ action: 'demolir' }, /Action inconnue/],
			[{ action: 'modes', voteBudget: 0 }, /Au moins 1 gommette/],
			[{ action: 'modes', voteBudget: 21 }, /20 gommettes au maximum/],
			[{ action: 'modes', voteCap: 0 }, /Au moins 1 gommette par regroupement/],
			[{ action: 'modes', locked: 'oui' }, /invalide/]
		];
		for (const [body, message] of badBoard) {
			const res = await facilitator.postJson(`/api/boards/${board}/control`, body);
			expect(res.status, JSON.stringify(body)).toBe(400);
			const m = (await res.json()).message as string;
			expect(m).toMatch(message);
			expect(m, 'a French message, not a library default').not.toMatch(/Invalid|Expected|Received/);
		}
		const badWorkshop: [unknown, RegExp][] = [
			['{', /Requête invalide/],
			[{ action: 'timer.start', minutes: 0 }, /Au moins 1 minute/],
			[{ action: 'timer.start', minutes: 241 }, /240 minutes au maximum/],
			[{ action: 'timer.start', minutes: 1.5 }, /Durée en minutes attendue/],
			[{ action: 'timer.start' }, /./],
			[{ action: 'groups.auto', count: 0 }, /Au moins 1 groupe/],
			[{ action: 'groups.rename', groupId: 1, name: '   ' }, /Nom du groupe : champ obligatoire/],
			[{ action: 'focus', boardId: 'un' }, /Identifiant attendu/],
			[{ action: 'round', round: 'deux' }, /invalide/],
			[{ action: 'minuteur' }, /Action inconnue/]
		];
		for (const [body, message] of badWorkshop) {
			const res = await facilitator.postJson(`/api/workshops/${WORKSHOP}/control`, body);
			expect(res.status, JSON.stringify(body)).toBe(400);
			const m = (await res.json()).message as string;
			expect(m).toMatch(message);
			expect(m, 'a French message, not a library default').not.toMatch(/Invalid|Expected|Received/);
		}
		// Unknown targets.
		expect((await control(999_999, boardBody)).status).toBe(404);
		expect((await facilitator.postJson('/api/workshops/999999/control', workshopBody)).status).toBe(404);

		// None of it did anything.
		expect(await snapshot(board)).toEqual(before);
		expect(workshopRow()).toEqual(workshopBefore);
		expect(db.prepare('SELECT count(*) AS n FROM groups').get()).toEqual({ n: 0 });
	});

	it('[PH5] a project facilitator (not only the owner) may steer', async () => {
		const board = await freshBoard();
		const animatrice = await signUp(server, 'Anaïs Animatrice', 'animatrice@ain.fr');
		expect((await control(board, { action: 'phase', phase: 'vote' }, animatrice)).status).toBe(403);
		await addMember(facilitator, 1, 'animatrice@ain.fr', 'facilitator');
		expect((await control(board, { action: 'phase', phase: 'vote' }, animatrice)).status).toBe(200);
		expect((await steer({ action: 'focus', boardId: null }, animatrice)).status).toBe(200);
		expect((await snapshot(board)).settings.phase).toBe('vote');
	});

	it('[PH5] a modes action that names no mode is answered in JSON (400 in French, or a no-op), never a 500', async () => {
		const board = await freshBoard();
		const before = await snapshot(board);
		for (const body of [{ action: 'modes' }, { action: 'modes', inconnu: true }]) {
			const res = await facilitator.postJson(`/api/boards/${board}/control`, body);
			const text = await res.text();
			expect(res.status, `${JSON.stringify(body)} → ${res.status} ${text.slice(0, 80)}`).not.toBe(500);
			expect([200, 400]).toContain(res.status);
			const answer = JSON.parse(text) as { message?: string; ok?: boolean };
			if (res.status === 400) expect(answer.message).not.toMatch(/Invalid|Expected|Received/);
		}
		expect(await snapshot(board)).toEqual(before);
	});
});
