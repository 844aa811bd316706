import type { Db } from '../db/database.ts';
import type { DocStore } from '../realtime/doc-store.ts';
import { getClusters, getNotes } from '../../docs/board.ts';
import { boardDocName } from '../../docs/doc-names.ts';
import { organisationKindLabel } from '../../domain/rotation.ts';
import { rankTargets, tally } from '../../domain/voting.ts';

/** The vote targets of a board: its clusters, or its notes when it has none. */
export function voteTargets(store: DocStore, boardId: number): Set<string> {
	return store.read(boardDocName(boardId), (doc) => {
		const clusters = getClusters(doc);
		return new Set(clusters.length ? clusters.map((c) => c.id) : getNotes(doc).map((n) => n.id));
	});
}

/** A participant's dots on a board, oldest first. */
export async function myVotes(db: Db, boardId: number, participantId: number): Promise<string[]> {
	const rows = await db.selectFrom('votes').select('target_id').where('board_id', '=', boardId).where('participant_id', '=', participantId).orderBy('id').execute();
	return rows.map((r) => r.target_id);
}

/**
 * For facilitators: clusters (or notes) ranked by votes, with the votes broken down by kind of
 * organisation of the voters.
 */
export async function boardResults(db: Db, store: DocStore, boardId: number) {
	const votes = await db
		.selectFrom('votes as v')
		.innerJoin('participants as p', 'p.id', 'v.participant_id')
		.select(['v.target_id', 'p.organisation'])
		.where('v.board_id', '=', boardId)
		.execute();
	const { targets, kind } = store.read(boardDocName(boardId), (doc) => {
		const clusters = getClusters(doc);
		const notes = getNotes(doc);
		return clusters.length
			? { kind: 'clusters' as const, targets: clusters.map((c) => ({ id: c.id, label: c.title || 'Regroupement sans nom', column: c.column, size: notes.filter((n) => n.clusterId === c.id).length })) }
			: { kind: 'notes' as const, targets: notes.map((n) => ({ id: n.id, label: n.text, column: n.column, size: 1 })) };
	});
	const ranked = rankTargets(targets, tally(votes)).map((t) => {
		const byKind = new Map<string, number>();
		for (const v of votes) {
			if (v.target_id !== t.id) continue;
			const label = organisationKindLabel(v.organisation);
			byKind.set(label, (byKind.get(label) ?? 0) + 1);
		}
		return { ...t, byKind: Object.fromEntries(byKind) };
	});
	return { kind, totalVotes: votes.length, voters: new Set(votes.map((v) => v.organisation)).size, ranked };
}
