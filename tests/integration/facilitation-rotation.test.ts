import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { getNote } from '../../src/lib/docs/board.ts';
import { getWorkshopControl, tableFor, type WorkshopControl } from '../../src/lib/docs/workshop.ts';
import type { RunningServer } from '../helpers/server.ts';
import { Client } from '../helpers/http.ts';
import { connectProvider, until, upgradeStatus, type SyncedClient } from '../helpers/sync-client.ts';
import { createBoard, createWorkshop, joinCodeOf, newId as id, joinParticipant, startDemo, type DemoEnvironment } from './support.ts';

// World café: the facilitator splits the workshop into sub-groups that mix organisations, and each
// round sends every group to another table. The workshop doc (`workshop:<id>`, read-only for all)
// mirrors groups, seats and "tout le monde ici"; notes record the round and group that wrote them.

const WORKSHOP = 1;
const BOARDS = [1, 2];
let demo: DemoEnvironment;
let server: RunningServer;
let facilitator: Client;
let db: Database.Database;

const track = <T extends { destroy: () => void }>(c: T): T => demo.track(c);

const participant = (name: string, organisation?: string, code?: string) => joinParticipant(server, name, organisation, code);
type Participant = Awaited<ReturnType<typeof participant>>;

async function steer(body: Record<string, unknown>, workshopId = WORKSHOP) {
	const res = await facilitator.postJson(`/api/workshops/${workshopId}/control`, body);
	return { status: res.status, body: (await res.json()) as WorkshopControl & { message?: string } };
}
async function steerOk(body: Record<string, unknown>, workshopId = WORKSHOP) {
	const r = await steer(body, workshopId);
	expect(r.status, JSON.stringify(r.body)).toBe(200);
	return r.body;
}
async function addNote(p: Participant, boardId: number, text: string) {
	const noteId = id();
	const res = await p.client.postJson(`/api/boards/${boardId}/commands`, { id: id(), type: 'note.add', note: { id: noteId, text, column: 'atouts' } });
	expect(res.status).toBe(200);
	return noteId;
}

let people: Participant[];
let control: SyncedClient; // a participant's read-only view of the workshop doc
const state = () => getWorkshopControl(control.doc);
const json = (x: unknown) => JSON.stringify(x);
/** The controls the facilitator's answer mirrors (the count of people is written apart, on joins). */
const controls = (c: WorkshopControl) => ({ ...c, people: undefined });
/** Waits until the workshop doc says the same as the control answer. */
const mirrored = (answer: Omit<WorkshopControl, 'people'>) => until(control.doc, (d) => json(controls(getWorkshopControl(d))) === json(answer));

beforeAll(async () => {
	demo = await startDemo();
	({ server, facilitator, db } = demo);
	const orgs = ['CAF de l’Ain', 'CCAS de Trévoux', 'Association Les Amis du Bugey'];
	people = [];
	for (let i = 0; i < 6; i++) people.push(await participant(`Personne ${i + 1}`, orgs[i % 3]));
	control = track(connectProvider(server.url, `workshop:${WORKSHOP}`, people[0].client.cookieHeader()));
	await control.synced;
});

afterAll(() => demo?.close());

describe('sub-groups and rotation', () => {
	it('[ROT6] groups.auto 2: two balanced groups mixing organisations, mirrored in the workshop doc', async () => {
		const answer = await steerOk({ action: 'groups.auto', count: 2 });
		expect(answer.groups).toHaveLength(2);
		expect(answer.groups.map((g) => g.name)).toEqual(['Groupe A', 'Groupe B']);
		const all = answer.groups.flatMap((g) => g.participantIds).sort((a, b) => a - b);
		expect(all).toEqual(people.map((p) => p.id).sort((a, b) => a - b));
		for (const g of answer.groups) {
			expect(g.participantIds).toHaveLength(3);
			const orgs = new Set(g.participantIds.map((pid) => people.find((p) => p.id === pid)!.organisation));
			expect(orgs.size, `${g.name} mixes organisations`).toBe(3);
			expect(g.boardId).toBeNull(); // no round yet
		}
		await mirrored(answer);
		expect(state().groups).toEqual(answer.groups);
		expect(state().round).toBe(0);
		expect(state().boards.map((b) => b.id)).toEqual(BOARDS);
		for (const p of people) expect(tableFor(state(), p.id)).toBeNull();
		// [CO2] How many joined (no names): the console reloads its list when this moves.
		expect(state().people.count).toBe(6);
		expect(state().people.changedAt).toBeGreaterThan(0);
	});

	it('[ROT6] rounds seat each group at its own table, notes record round and group, round 2 swaps tables', async () => {
		const r1 = await steerOk({ action: 'round', round: 1 });
		await mirrored(r1);
		expect(state().round).toBe(1);
		const seats1 = state().groups.map((g) => g.boardId);
		expect(seats1.every((b) => b !== null && BOARDS.includes(b))).toBe(true);
		expect(new Set(seats1).size).toBe(2);

		const round1Tables = new Map(people.map((p) => [p.id, tableFor(state(), p.id)]));
		for (const g of state().groups) for (const pid of g.participantIds) expect(round1Tables.get(pid)).toBe(g.boardId);

		// A note written at one's table records the round and the group.
		const writer = people[1];
		const group = state().groups.find((g) => g.participantIds.includes(writer.id))!;
		const table = tableFor(state(), writer.id)!;
		const noteId = await addNote(writer, table, 'Écrit au premier tour');
		const board = track(connectProvider(server.url, `board:${table}`, facilitator.cookieHeader()));
		await board.synced;
		expect(getNote(board.doc, noteId)).toMatchObject({ round: 1, group: group.name, authorName: writer.name });

		const r2 = await steerOk({ action: 'round', round: 2 });
		await mirrored(r2);
		expect(state().round).toBe(2);
		for (const p of people) {
			const t2 = tableFor(state(), p.id);
			expect(t2).not.toBeNull();
			expect(t2, `participant ${p.id} changed table`).not.toBe(round1Tables.get(p.id));
		}
		expect(state().groups.map((g) => g.boardId)).toEqual([...seats1].reverse());
		const noteId2 = await addNote(writer, tableFor(state(), writer.id)!, 'Écrit au second tour');
		const board2 = track(connectProvider(server.url, `board:${tableFor(state(), writer.id)}`, facilitator.cookieHeader()));
		await board2.synced;
		expect(getNote(board2.doc, noteId2)).toMatchObject({ round: 2, group: group.name });
	});

	it('[ROT6] focus sends everyone to one table; a new round clears it', async () => {
		const focused = await steerOk({ action: 'focus', boardId: 2 });
		await mirrored(focused);
		expect(state().focusBoardId).toBe(2);
		for (const p of people) expect(tableFor(state(), p.id)).toBe(2);

		const cleared = await steerOk({ action: 'focus', boardId: null });
		await mirrored(cleared);
		expect(state().focusBoardId).toBeNull();
		expect(new Set(people.map((p) => tableFor(state(), p.id))).size).toBe(2);

		await steerOk({ action: 'focus', boardId: 1 });
		await until(control.doc, (d) => getWorkshopControl(d).focusBoardId === 1);
		const r3 = await steerOk({ action: 'round', round: 3 });
		await mirrored(r3);
		expect(state().focusBoardId).toBeNull();
		for (const g of state().groups) for (const pid of g.participantIds) expect(tableFor(state(), pid)).toBe(g.boardId);
		expect(new Set(people.map((p) => tableFor(state(), p.id))).size).toBe(2);

		// A table of another workshop, or none at all, cannot be the focus.
		expect((await steer({ action: 'focus', boardId: 999_999 })).status).toBe(404);
		expect(state().focusBoardId).toBeNull();
	});

	it('[ROT6] groups.rename and groups.move are reflected in the doc, in tableFor and in new notes', async () => {
		const [gA, gB] = state().groups;
		const renamed = await steerOk({ action: 'groups.rename', groupId: gA.id, name: '  Les Hérons  ' });
		await mirrored(renamed);
		expect(state().groups[0]).toMatchObject({ id: gA.id, name: 'Les Hérons' });
		const member = people.find((p) => p.id === gA.participantIds[0])!;
		const noteId = await addNote(member, tableFor(state(), member.id)!, 'Après le changement de nom');
		const board = track(connectProvider(server.url, `board:${tableFor(state(), member.id)}`, facilitator.cookieHeader()));
		await board.synced;
		expect(getNote(board.doc, noteId)).toMatchObject({ group: 'Les Hérons', round: 3 });

		const moved = await steerOk({ action: 'groups.move', participantId: member.id, groupId: gB.id });
		await mirrored(moved);
		const [a2, b2] = state().groups;
		expect(a2.participantIds).not.toContain(member.id);
		expect(b2.participantIds).toContain(member.id);
		expect(a2.participantIds).toHaveLength(2);
		expect(b2.participantIds).toHaveLength(4);
		expect(tableFor(state(), member.id)).toBe(b2.boardId);

		const out = await steerOk({ action: 'groups.move', participantId: member.id, groupId: null });
		await mirrored(out);
		expect(state().groups.some((g) => g.participantIds.includes(member.id))).toBe(false);
		expect(tableFor(state(), member.id)).toBeNull();

		// Unknown group or participant: 404, in French.
		const noGroup = await steer({ action: 'groups.rename', groupId: 999_999, name: 'Fantôme' });
		expect(noGroup.status).toBe(404);
		expect(noGroup.body.message).toBe('Groupe introuvable.');
		expect((await steer({ action: 'groups.move', participantId: 999_999, groupId: gA.id })).status).toBe(404);
		expect((await steer({ action: 'groups.move', participantId: member.id, groupId: 999_999 })).status).toBe(404);
	});

	it('[ROT6] a participant picks a group; a participant of another workshop cannot', async () => {
		const [gA] = state().groups;
		const newcomer = await participant('Nouvelle Arrivée', 'Mission locale Dombes');
		const pick = await newcomer.client.postJson(`/api/workshops/${WORKSHOP}/group`, { groupId: gA.id });
		expect(pick.status).toBe(200);
		await until(control.doc, (d) => getWorkshopControl(d).groups[0].participantIds.includes(newcomer.id));
		expect(tableFor(state(), newcomer.id)).toBe(gA.boardId);
		// Changing one's mind: in one group only.
		const [, gB] = state().groups;
		expect((await newcomer.client.postJson(`/api/workshops/${WORKSHOP}/group`, { groupId: gB.id })).status).toBe(200);
		await until(control.doc, (d) => getWorkshopControl(d).groups[1].participantIds.includes(newcomer.id));
		expect(state().groups.filter((g) => g.participantIds.includes(newcomer.id))).toHaveLength(1);

		// Another workshop, with its own participant and group.
		const other = await createWorkshop(facilitator, 1, { title: 'Atelier voisin' });
		await createBoard(facilitator, db, other, 'Santé');
		const noParticipant = await steer({ action: 'groups.auto', count: 2 }, other);
		expect(noParticipant.status).toBe(400);
		expect(noParticipant.body.message).toMatch(/Aucun participant/);
		const noGroups = await steer({ action: 'round', round: 1 }, other);
		expect(noGroups.status).toBe(400);
		expect(noGroups.body.message).toMatch(/Formez d’abord les sous-groupes/);
		const stranger = await participant('Étrangère Voisine', 'CAF de l’Ain', joinCodeOf(db, other));
		const otherGroups = await steerOk({ action: 'groups.auto', count: 1 }, other);
		const foreignGroup = otherGroups.groups[0].id;

		const refused = await stranger.client.postJson(`/api/workshops/${WORKSHOP}/group`, { groupId: gA.id });
		expect(refused.status).toBe(403);
		expect((await refused.json()).message).toBe('Ce n’est pas votre atelier.');
		// Nor a group of another workshop through one's own, nor by a stranger to anything.
		const crossed = await newcomer.client.postJson(`/api/workshops/${WORKSHOP}/group`, { groupId: foreignGroup });
		expect(crossed.status).toBe(404);
		expect((await new Client(server.url).postJson(`/api/workshops/${WORKSHOP}/group`, { groupId: gA.id })).status).toBe(401);
		const bad = await newcomer.client.postJson(`/api/workshops/${WORKSHOP}/group`, { groupId: 'A' });
		expect(bad.status).toBe(400);
		expect((await bad.json()).message).toBe('Groupe attendu.');
		// The facilitator cannot move them across workshops either.
		expect((await steer({ action: 'groups.move', participantId: stranger.id, groupId: gA.id })).status).toBe(404);
		// And the stranger cannot even read this workshop's doc.
		expect(await upgradeStatus(server.url, `workshop:${WORKSHOP}`, { origin: server.url, cookie: stranger.client.cookieHeader() })).toBe(403);

		await until(control.doc, (d) => !getWorkshopControl(d).groups.some((g) => g.participantIds.includes(stranger.id)));
		expect(state().groups.flatMap((g) => g.participantIds)).not.toContain(stranger.id);
		expect(state().groups.find((g) => g.id === foreignGroup)).toBeUndefined();
	});
});
