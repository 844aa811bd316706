import type { Db } from '../db/database.ts';
import type { DocStore } from '../realtime/doc-store.ts';
import { checkVote, type VoteRules } from '../../domain/voting.ts';
import { AppError } from '../errors.ts';
import { now } from '../clock.ts';
import { voteTargets } from './results.ts';

// A participant's dots: cast and retract. Counted in one transaction each (SQLite serialises them):
// two fast taps or two tabs cannot spend more dots than the budget.

export interface Ballot {
	boardId: number;
	participantId: number;
	rules: VoteRules;
}

/** Casts one dot on `targetId` (a cluster, or a note on a board without clusters); returns the participant's dots. */
export async function castVote(db: Db, store: DocStore, ballot: Ballot, targetId: string): Promise<string[]> {
	if (!voteTargets(store, ballot.boardId).has(targetId)) throw new AppError('not_found', 'Ce regroupement n’existe pas sur cette table.');
	return db.transaction().execute(async (trx) => {
		const mine = (
			await trx.selectFrom('votes').select('target_id').where('board_id', '=', ballot.boardId).where('participant_id', '=', ballot.participantId).orderBy('id').execute()
		).map((r) => r.target_id);
		const check = checkVote(ballot.rules, mine, targetId);
		if (!check.ok) throw new AppError('conflict', check.message);
		await trx.insertInto('votes').values({ board_id: ballot.boardId, participant_id: ballot.participantId, target_id: targetId, created_at: now() }).execute();
		return [...mine, targetId];
	});
}

/** Takes back the participant's latest dot on `targetId` (none: nothing happens); returns their dots. */
export async function retractVote(db: Db, ballot: Omit<Ballot, 'rules'>, targetId: string): Promise<string[]> {
	return db.transaction().execute(async (trx) => {
		const mine = (
			await trx.selectFrom('votes').select('target_id').where('board_id', '=', ballot.boardId).where('participant_id', '=', ballot.participantId).orderBy('id').execute()
		).map((r) => r.target_id);
		const one = await trx
			.selectFrom('votes')
			.select('id')
			.where('board_id', '=', ballot.boardId)
			.where('participant_id', '=', ballot.participantId)
			.where('target_id', '=', targetId)
			.orderBy('id', 'desc')
			.limit(1)
			.executeTakeFirst();
		if (!one) return mine;
		await trx.deleteFrom('votes').where('id', '=', one.id).execute();
		const i = mine.lastIndexOf(targetId);
		return [...mine.slice(0, i), ...mine.slice(i + 1)];
	});
}
