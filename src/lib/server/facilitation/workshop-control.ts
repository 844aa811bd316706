import type { Db } from '../db/database.ts';
import type { DocStore } from '../realtime/doc-store.ts';
import { writeWorkshopControl, type WorkshopControl } from '../../docs/workshop.ts';
import { workshopDocName } from '../../docs/doc-names.ts';
import { rotationAssignments, splitIntoGroups } from '../../domain/rotation.ts';
import { now } from '../clock.ts';
import { audit } from '../audit.ts';
import { AppError } from '../errors.ts';
import { SERVER_ORIGIN } from './board-control.ts';

// The workshop-wide controls: timer, "tout le monde ici", sub-groups and rotation rounds.
// SQL holds them; the workshop's control doc mirrors them for every screen.

async function workshopRow(db: Db, workshopId: number) {
	const w = await db.selectFrom('workshops').selectAll().where('id', '=', workshopId).executeTakeFirst();
	if (!w) throw new AppError('not_found', 'Atelier introuvable.');
	return w;
}

async function activeBoards(db: Db, workshopId: number) {
	return db
		.selectFrom('boards')
		.select(['id', 'theme', 'phase', 'locked'])
		.where('workshop_id', '=', workshopId)
		.where('archived_at', 'is', null)
		.orderBy('position')
		.execute();
}

/** Recomputes the whole control state from SQL and writes it into the workshop doc. */
export async function mirrorWorkshop(db: Db, store: DocStore, workshopId: number): Promise<Omit<WorkshopControl, 'people'>> {
	const w = await workshopRow(db, workshopId);
	const boards = await activeBoards(db, workshopId);
	const groups = await db.selectFrom('groups').selectAll().where('workshop_id', '=', workshopId).orderBy('position').execute();
	const members = await db
		.selectFrom('group_members as m')
		.innerJoin('groups as g', 'g.id', 'm.group_id')
		.select(['m.group_id', 'm.participant_id'])
		.where('g.workshop_id', '=', workshopId)
		.execute();
	const seats = w.current_round > 0 ? rotationAssignments(groups.map((g) => g.id), boards.map((b) => b.id), w.current_round) : new Map<number, number>();
	const control: Omit<WorkshopControl, 'people'> = {
		round: w.current_round,
		timer: { endsAt: w.timer_ends_at, pausedRemainingMs: w.timer_paused_remaining_ms, stopsWriting: !!w.timer_stops_writing },
		focusBoardId: w.focus_board_id,
		groups: groups.map((g) => ({
			id: g.id,
			name: g.name,
			boardId: seats.get(g.id) ?? null,
			participantIds: members.filter((m) => m.group_id === g.id).map((m) => m.participant_id)
		})),
		boards: boards.map((b) => ({ id: b.id, theme: b.theme, phase: b.phase, locked: !!b.locked }))
	};
	store.transact(workshopDocName(workshopId), (doc) => writeWorkshopControl(doc, control), SERVER_ORIGIN);
	return control;
}

/**
 * The list of people changed (someone joined, was merged, removed or erased): the count and the
 * moment go into the control doc, which every holder of the workshop receives (on any instance),
 * so the console reloads its list live. Called only on such changes, never on a mere mirror.
 */
export async function mirrorPeople(db: Db, store: DocStore, workshopId: number): Promise<void> {
	const row = await db.selectFrom('participants').select((eb) => eb.fn.countAll<number>().as('n')).where('workshop_id', '=', workshopId).executeTakeFirstOrThrow();
	store.transact(workshopDocName(workshopId), (doc) => writeWorkshopControl(doc, { people: { count: Number(row.n), changedAt: now() } }), SERVER_ORIGIN);
}

export type TimerAction = { action: 'start'; minutes: number; stopsWriting: boolean } | { action: 'pause' } | { action: 'resume' } | { action: 'add'; minutes: number } | { action: 'end' };

export async function controlTimer(db: Db, store: DocStore, workshopId: number, t: TimerAction, byUserId: number) {
	const w = await workshopRow(db, workshopId);
	const at = now();
	let set: { timer_ends_at: number | null; timer_paused_remaining_ms: number | null; timer_stops_writing?: number };
	switch (t.action) {
		case 'start':
			set = { timer_ends_at: at + t.minutes * 60_000, timer_paused_remaining_ms: null, timer_stops_writing: Number(t.stopsWriting) };
			break;
		case 'pause':
			if (w.timer_ends_at === null || w.timer_ends_at <= at) throw new AppError('invalid', 'Aucun minuteur en cours.');
			set = { timer_ends_at: null, timer_paused_remaining_ms: Math.max(0, w.timer_ends_at - at) };
			break;
		case 'resume':
			if (w.timer_paused_remaining_ms === null) throw new AppError('invalid', 'Le minuteur n’est pas en pause.');
			set = { timer_ends_at: at + w.timer_paused_remaining_ms, timer_paused_remaining_ms: null };
			break;
		case 'add':
			if (w.timer_paused_remaining_ms !== null) set = { timer_ends_at: null, timer_paused_remaining_ms: w.timer_paused_remaining_ms + t.minutes * 60_000 };
			else set = { timer_ends_at: Math.max(w.timer_ends_at ?? at, at) + t.minutes * 60_000, timer_paused_remaining_ms: null };
			break;
		case 'end':
			// Ended now: if it stops writing, writing stops now.
			set = { timer_ends_at: w.timer_stops_writing ? at : null, timer_paused_remaining_ms: null };
			break;
	}
	await db.updateTable('workshops').set(set).where('id', '=', workshopId).execute();
	await audit(db, { userId: byUserId, action: `timer.${t.action}`, subject: workshopDocName(workshopId) });
	return mirrorWorkshop(db, store, workshopId);
}

export async function setFocus(db: Db, store: DocStore, workshopId: number, boardId: number | null, byUserId: number) {
	if (boardId !== null) {
		const b = await db.selectFrom('boards').select('workshop_id').where('id', '=', boardId).executeTakeFirst();
		if (!b || b.workshop_id !== workshopId) throw new AppError('not_found', 'Table introuvable dans cet atelier.');
	}
	await db.updateTable('workshops').set({ focus_board_id: boardId }).where('id', '=', workshopId).execute();
	await audit(db, { userId: byUserId, action: 'workshop.focus', subject: workshopDocName(workshopId), detail: String(boardId) });
	return mirrorWorkshop(db, store, workshopId);
}

/** Splits the workshop's participants into `k` balanced groups mixing organisations (replaces any). */
export async function autoGroups(db: Db, store: DocStore, workshopId: number, k: number, byUserId: number, random?: () => number) {
	const people = await db.selectFrom('participants').select(['id', 'organisation']).where('workshop_id', '=', workshopId).orderBy('id').execute();
	if (people.length === 0) throw new AppError('invalid', 'Aucun participant n’a encore rejoint l’atelier.');
	const split = splitIntoGroups(people, k, random);
	await db.transaction().execute(async (trx) => {
		await trx.deleteFrom('groups').where('workshop_id', '=', workshopId).execute();
		for (const [i, members] of split.entries()) {
			const g = await trx
				.insertInto('groups')
				.values({ workshop_id: workshopId, name: `Groupe ${String.fromCharCode(65 + (i % 26))}${i >= 26 ? Math.floor(i / 26) : ''}`, position: i })
				.returning('id')
				.executeTakeFirstOrThrow();
			if (members.length) await trx.insertInto('group_members').values(members.map((p) => ({ group_id: g.id, participant_id: p.id }))).execute();
		}
	});
	await audit(db, { userId: byUserId, action: 'groups.auto', subject: workshopDocName(workshopId), detail: String(k) });
	return mirrorWorkshop(db, store, workshopId);
}

export async function renameGroup(db: Db, store: DocStore, workshopId: number, groupId: number, name: string) {
	const r = await db.updateTable('groups').set({ name }).where('id', '=', groupId).where('workshop_id', '=', workshopId).executeTakeFirst();
	if (!Number(r.numUpdatedRows)) throw new AppError('not_found', 'Groupe introuvable.');
	return mirrorWorkshop(db, store, workshopId);
}

/** Moves a participant to a group (or out of every group with null). */
export async function moveToGroup(db: Db, store: DocStore, workshopId: number, participantId: number, groupId: number | null) {
	const p = await db.selectFrom('participants').select('workshop_id').where('id', '=', participantId).executeTakeFirst();
	if (!p || p.workshop_id !== workshopId) throw new AppError('not_found', 'Participant introuvable dans cet atelier.');
	if (groupId !== null) {
		const g = await db.selectFrom('groups').select('workshop_id').where('id', '=', groupId).executeTakeFirst();
		if (!g || g.workshop_id !== workshopId) throw new AppError('not_found', 'Groupe introuvable.');
	}
	await db.deleteFrom('group_members').where('participant_id', '=', participantId).execute();
	if (groupId !== null) await db.insertInto('group_members').values({ group_id: groupId, participant_id: participantId }).execute();
	return mirrorWorkshop(db, store, workshopId);
}

/** Participants choose their own group (when the facilitator lets them: there are groups). */
export async function joinGroup(db: Db, store: DocStore, workshopId: number, participantId: number, groupId: number) {
	return moveToGroup(db, store, workshopId, participantId, groupId);
}

/** Next round (or the first): every group moves to the next table; screens follow. */
export async function setRound(db: Db, store: DocStore, workshopId: number, round: number, byUserId: number) {
	const groups = await db.selectFrom('groups').select('id').where('workshop_id', '=', workshopId).execute();
	if (round > 0 && groups.length === 0) throw new AppError('invalid', 'Formez d’abord les sous-groupes.');
	// A new round sends everyone to their group's table: "tout le monde ici" ends.
	await db.updateTable('workshops').set({ current_round: Math.max(0, round), focus_board_id: null }).where('id', '=', workshopId).execute();
	await audit(db, { userId: byUserId, action: 'workshop.round', subject: workshopDocName(workshopId), detail: String(round) });
	return mirrorWorkshop(db, store, workshopId);
}
