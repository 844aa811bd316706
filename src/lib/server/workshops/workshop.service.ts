import type { Db } from '../db/database.ts';
import type { WorkshopPhase } from '../../domain/vocabulary.ts';
import { generateJoinCode } from '../../domain/join-code.ts';
import { now } from '../clock.ts';
import { AppError } from '../errors.ts';
import { audit } from '../audit.ts';
import { moveRow, nextPosition } from '../ordering.ts';
import { createParticipantSession } from '../auth/participant-session.ts';
import { issueResumeCode, sameName } from './participants.service.ts';
import { admitJoin, checkJoinAttempt, isJoiningOpen, joinCloseAfterMs, recordJoinFailure } from '../auth/join-guard.ts';

export interface WorkshopInput {
	title: string;
	date: string;
	place: string;
	phase: WorkshopPhase;
}

export async function findWorkshopById(db: Db, workshopId: number) {
	return db.selectFrom('workshops').selectAll().where('id', '=', workshopId).executeTakeFirst();
}

export async function listWorkshops(db: Db, projectId: number) {
	return db
		.selectFrom('workshops as w')
		.select((eb) => [
			'w.id',
			'w.title',
			'w.date',
			'w.place',
			'w.phase',
			'w.join_code',
			'w.joining_open',
			'w.joining_until',
			'w.archived_at',
			eb
				.selectFrom('boards as b')
				.select(eb.fn.countAll<number>().as('n'))
				.whereRef('b.workshop_id', '=', 'w.id')
				.where('b.archived_at', 'is', null)
				.as('board_count'),
			eb
				.selectFrom('participants as p')
				.select(eb.fn.countAll<number>().as('n'))
				.whereRef('p.workshop_id', '=', 'w.id')
				.as('participant_count')
		])
		.where('w.project_id', '=', projectId)
		.orderBy('w.archived_at', (ob) => ob.nullsFirst())
		.orderBy('w.position')
		.execute();
}

/** A fresh code unused by any workshop of the instance. */
async function uniqueJoinCode(db: Db, random?: () => number): Promise<string> {
	for (let i = 0; i < 20; i++) {
		const code = generateJoinCode(random);
		const taken = await db.selectFrom('workshops').select('id').where('join_code', '=', code).executeTakeFirst();
		if (!taken) return code;
	}
	throw new Error('Impossible de trouver un code libre');
}

export async function createWorkshop(
	db: Db,
	projectId: number,
	input: WorkshopInput,
	byUserId: number | null,
	options: { joinCode?: string; random?: () => number } = {}
) {
	const joinCode = options.joinCode ?? (await uniqueJoinCode(db, options.random));
	const row = await db
		.insertInto('workshops')
		.values({
			project_id: projectId,
			title: input.title,
			date: input.date || null,
			place: input.place,
			phase: input.phase,
			join_code: joinCode,
			joining_open: 1,
			position: await nextPosition(db, 'workshops', 'project_id', projectId),
			created_at: now()
		})
		.returning(['id', 'join_code'])
		.executeTakeFirstOrThrow();
	await audit(db, { userId: byUserId, action: 'workshop.create', subject: `workshop:${row.id}` });
	return row;
}

export async function updateWorkshop(db: Db, workshopId: number, input: WorkshopInput) {
	await db
		.updateTable('workshops')
		.set({ title: input.title, date: input.date || null, place: input.place, phase: input.phase })
		.where('id', '=', workshopId)
		.execute();
}

export async function regenerateJoinCode(db: Db, workshopId: number, byUserId: number) {
	const code = await uniqueJoinCode(db);
	await db.updateTable('workshops').set({ join_code: code }).where('id', '=', workshopId).execute();
	await audit(db, { userId: byUserId, action: 'workshop.code', subject: `workshop:${workshopId}` });
	return code;
}

export async function setJoiningOpen(db: Db, workshopId: number, open: boolean, byUserId: number) {
	// Reopening also gives a fresh deadline, so a workshop closed by its date can be reopened.
	await db
		.updateTable('workshops')
		.set(open ? { joining_open: 1, joining_until: now() + Math.max(joinCloseAfterMs(), 12 * 3600_000) } : { joining_open: 0 })
		.where('id', '=', workshopId)
		.execute();
	await audit(db, { userId: byUserId, action: open ? 'workshop.open' : 'workshop.close', subject: `workshop:${workshopId}` });
}

export async function setWorkshopArchived(db: Db, workshopId: number, archived: boolean, byUserId: number) {
	await db
		.updateTable('workshops')
		.set({ archived_at: archived ? now() : null })
		.where('id', '=', workshopId)
		.execute();
	await audit(db, { userId: byUserId, action: archived ? 'workshop.archive' : 'workshop.restore', subject: `workshop:${workshopId}` });
}

export function moveWorkshop(db: Db, workshopId: number, direction: 'up' | 'down') {
	return moveRow(db, 'workshops', 'project_id', workshopId, direction);
}

/**
 * A partner joins with a code: throttles wrong codes per address and for the instance (see
 * auth/join-guard.ts), checks the code is known, the workshop open (by the facilitator's switch
 * and its deadline) and not archived, records the participant and opens a session scoped to it.
 */
/**
 * `ip`: the client's address, for the throttle. `current`: the participant session this browser
 * already holds; the same person joining the same workshop again (back button, the QR code scanned
 * twice) keeps their participant (`rejoined`, no new session) instead of getting a second one with a
 * fresh dot budget.
 */
export async function joinWorkshop(
	db: Db,
	input: { code: string; name: string; organisation: string },
	ip: string,
	current?: { participantId: number; workshopId: number; displayName: string } | null
) {
	await checkJoinAttempt(ip);
	const workshop = await db
		.selectFrom('workshops')
		.select(['id', 'title', 'joining_open', 'archived_at', 'date', 'joining_until'])
		.where('join_code', '=', input.code)
		.executeTakeFirst();
	if (!workshop || workshop.archived_at !== null) {
		await recordJoinFailure(db, ip, 'unknown');
		throw new AppError('unauthenticated', 'Code inconnu : vérifiez les 6 caractères affichés dans la salle.');
	}
	if (current && current.workshopId === workshop.id && sameName(current.displayName, input.name)) {
		return { workshop: { id: workshop.id, title: workshop.title }, participantId: current.participantId, rejoined: true as const };
	}
	if (!isJoiningOpen(workshop)) {
		await recordJoinFailure(db, ip, 'closed');
		throw new AppError('unauthenticated', "Cet atelier n'accepte plus de nouveaux participants. Adressez-vous à l'animateur.");
	}
	await admitJoin(workshop.id);
	const participant = await db
		.insertInto('participants')
		.values({ workshop_id: workshop.id, display_name: input.name, organisation: input.organisation, created_at: now() })
		.returning('id')
		.executeTakeFirstOrThrow();
	const session = await createParticipantSession(db, participant.id);
	const resumeCode = await issueResumeCode(db, participant.id);
	await audit(db, { participantId: participant.id, action: 'workshop.join', subject: `workshop:${workshop.id}` });
	return { workshop: { id: workshop.id, title: workshop.title }, participantId: participant.id, rejoined: false as const, resumeCode, ...session };
}

export async function listParticipants(db: Db, workshopId: number) {
	return db
		.selectFrom('participants')
		.select(['id', 'display_name', 'organisation', 'created_at'])
		.where('workshop_id', '=', workshopId)
		.orderBy('created_at')
		.execute();
}
