import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { JOIN_CODE_ALPHABET } from '../../domain/join-code.ts';
import { now } from '../clock.ts';
import { AppError } from '../errors.ts';
import { audit } from '../audit.ts';
import { hashToken } from '../auth/token.ts';
import { createParticipantSession } from '../auth/participant-session.ts';

// One person, one participant (issue 13). A browser that already holds a participant session is
// not given a second participant for the same person; a person on another device takes their place
// back with their personal resume code; the facilitator merges the duplicates that slip through and
// removes a participant. Counts of people then count rows of `participants`.

export const RESUME_CODE_LENGTH = 8;

/** Same person by name: case, accents and spacing aside ("Élise  Martin" = "elise martin"). */
export function sameName(a: string, b: string): boolean {
	const fold = (s: string) =>
		s
			.normalize('NFD')
			.replace(/\p{M}/gu, '')
			.toLocaleLowerCase('fr')
			.replace(/\s+/g, ' ')
			.trim();
	return fold(a) === fold(b);
}

export function generateResumeCode(): string {
	const bytes = new Uint8Array(RESUME_CODE_LENGTH);
	crypto.getRandomValues(bytes);
	// 256 is not a multiple of 31: the first 248 values map evenly, the rest are drawn again.
	let code = '';
	while (code.length < RESUME_CODE_LENGTH) {
		for (const b of bytes) if (b < 248 && code.length < RESUME_CODE_LENGTH) code += JOIN_CODE_ALPHABET[b % JOIN_CODE_ALPHABET.length];
		crypto.getRandomValues(bytes);
	}
	return code;
}

/** "abcd efgh", "ABCD-EFGH" → "ABCDEFGH"; null when it cannot be a resume code. */
export function normaliseResumeCode(input: string): string | null {
	const code = input.toUpperCase().replace(/[\s\-_.]/g, '');
	if (code.length !== RESUME_CODE_LENGTH) return null;
	for (const ch of code) if (!JOIN_CODE_ALPHABET.includes(ch)) return null;
	return code;
}

export const formatResumeCode = (code: string) => `${code.slice(0, 4)}-${code.slice(4)}`;

/** Gives a participant a new resume code (the previous one stops working); the code, in clear, once. */
export async function issueResumeCode(db: Db, participantId: number): Promise<string> {
	const code = generateResumeCode();
	await db.updateTable('participants').set({ resume_code_hash: hashToken(code) }).where('id', '=', participantId).execute();
	return code;
}

/** Another device: the workshop's code plus the person's resume code → a session as that participant. */
export async function resumeParticipant(db: Db, input: { code: string; resumeCode: string }) {
	const workshop = await db.selectFrom('workshops').select(['id', 'title', 'archived_at']).where('join_code', '=', input.code).executeTakeFirst();
	if (!workshop || workshop.archived_at !== null) throw new AppError('unauthenticated', 'Code de l’atelier inconnu : vérifiez les 6 caractères affichés dans la salle.');
	const participant = await db
		.selectFrom('participants')
		.select(['id', 'display_name', 'organisation'])
		.where('workshop_id', '=', workshop.id)
		.where('resume_code_hash', '=', hashToken(input.resumeCode))
		.executeTakeFirst();
	if (!participant) throw new AppError('unauthenticated', 'Code personnel inconnu pour cet atelier : vérifiez-le, ou demandez à l’animation.');
	const session = await createParticipantSession(db, participant.id);
	await audit(db, { participantId: participant.id, action: 'workshop.resume', subject: `workshop:${workshop.id}` });
	return { workshop: { id: workshop.id, title: workshop.title }, participantId: participant.id, name: participant.display_name, organisation: participant.organisation, ...session };
}

async function participantOf(db: Db, workshopId: number, participantId: number) {
	const p = await db.selectFrom('participants').select(['id', 'display_name', 'organisation']).where('id', '=', participantId).where('workshop_id', '=', workshopId).executeTakeFirst();
	if (!p) throw new AppError('not_found', 'Participant introuvable dans cet atelier.');
	return p;
}

/**
 * Facilitator: `dropId` was the same person as `keepId` (joined twice). Everything of `dropId` goes
 * to `keepId`: notes (ownership), private notes, commands, sessions (their other phone stays signed
 * in, as the kept participant), group; then `dropId` is deleted. Dots: the kept participant's first,
 * then the duplicate's while they fit the table's budget and cap; the others are withdrawn (one
 * person, one budget). Returns the boards whose tallies changed, for the caller to mirror.
 */
export async function mergeParticipants(db: Db, workshopId: number, keepId: number, dropId: number, byUserId: number): Promise<{ boards: number[]; withdrawnDots: number }> {
	if (keepId === dropId) throw new AppError('invalid', 'Choisissez deux participants différents.');
	await participantOf(db, workshopId, keepId);
	const drop = await participantOf(db, workshopId, dropId);
	const boards = new Set<number>();
	let withdrawn = 0;
	await db.transaction().execute(async (trx) => {
		await trx.updateTable('note_owners').set({ participant_id: keepId }).where('participant_id', '=', dropId).execute();
		await trx.updateTable('private_notes').set({ participant_id: keepId }).where('participant_id', '=', dropId).execute();
		await trx.updateTable('commands').set({ participant_id: keepId }).where('participant_id', '=', dropId).execute();
		await trx.updateTable('participant_sessions').set({ participant_id: keepId }).where('participant_id', '=', dropId).execute();
		// The kept participant's group wins; without one, they take the duplicate's.
		const keptGroup = await trx
			.selectFrom('group_members')
			.innerJoin('groups', 'groups.id', 'group_members.group_id')
			.select('group_members.group_id')
			.where('group_members.participant_id', '=', keepId)
			.where('groups.workshop_id', '=', workshopId)
			.executeTakeFirst();
		if (keptGroup) await trx.deleteFrom('group_members').where('participant_id', '=', dropId).execute();
		else await trx.updateTable('group_members').set({ participant_id: keepId }).where('participant_id', '=', dropId).execute();

		const votes = await trx
			.selectFrom('votes')
			.innerJoin('boards', 'boards.id', 'votes.board_id')
			.select(['votes.id', 'votes.board_id', 'votes.participant_id', 'votes.target_id', 'boards.vote_budget', 'boards.vote_cap'])
			.where('votes.participant_id', 'in', [keepId, dropId])
			.orderBy(sql`votes.participant_id = ${keepId}`, 'desc')
			.orderBy('votes.id')
			.execute();
		const spent = new Map<number, number>();
		const onTarget = new Map<string, number>();
		for (const v of votes) {
			const total = spent.get(v.board_id) ?? 0;
			const key = `${v.board_id}:${v.target_id}`;
			const here = onTarget.get(key) ?? 0;
			const fits = total < v.vote_budget && (v.vote_cap === null || here < v.vote_cap);
			if (!fits) {
				await trx.deleteFrom('votes').where('id', '=', v.id).execute();
				withdrawn++;
				boards.add(v.board_id);
				continue;
			}
			spent.set(v.board_id, total + 1);
			onTarget.set(key, here + 1);
			if (v.participant_id === dropId) {
				await trx.updateTable('votes').set({ participant_id: keepId }).where('id', '=', v.id).execute();
				boards.add(v.board_id);
			}
		}
		await trx.deleteFrom('participants').where('id', '=', dropId).execute();
	});
	await audit(db, { userId: byUserId, action: 'participant.merge', subject: `workshop:${workshopId}`, detail: `${dropId} (${drop.display_name}) → ${keepId}` });
	return { boards: [...boards], withdrawnDots: withdrawn };
}

/**
 * Facilitator: removes a participant (joined by mistake, left for good). Their sessions end, their
 * dots are withdrawn; their notes stay on the boards (what the room wrote is the room's), with no
 * owner any more. Returns the boards whose tallies changed.
 */
export async function removeParticipant(db: Db, workshopId: number, participantId: number, byUserId: number): Promise<{ boards: number[] }> {
	const p = await participantOf(db, workshopId, participantId);
	const boards = (await db.selectFrom('votes').select('board_id').distinct().where('participant_id', '=', participantId).execute()).map((r) => r.board_id);
	await db.transaction().execute(async (trx) => {
		await trx.deleteFrom('votes').where('participant_id', '=', participantId).execute();
		await trx.deleteFrom('participant_sessions').where('participant_id', '=', participantId).execute();
		await trx.deleteFrom('group_members').where('participant_id', '=', participantId).execute();
		await trx.updateTable('note_owners').set({ participant_id: null }).where('participant_id', '=', participantId).execute();
		await trx.deleteFrom('participants').where('id', '=', participantId).execute();
	});
	await audit(db, { userId: byUserId, action: 'participant.remove', subject: `workshop:${workshopId}`, detail: `${participantId} (${p.display_name})` });
	return { boards };
}
