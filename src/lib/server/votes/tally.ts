import type { Db } from '../db/database.ts';
import type { DocStore } from '../realtime/doc-store.ts';
import { writeSettings, writeTallies } from '../../docs/board.ts';
import { boardDocName } from '../../docs/doc-names.ts';
import { tally } from '../../domain/voting.ts';
import { AppError } from '../errors.ts';

// Votes live in SQL (the authority: counted against each participant's budget in a transaction);
// the board doc carries a mirror of what everyone may see of them.

/** The server's own origin for the changes it makes to docs (settings, reveals, tallies). */
export const SERVER_ORIGIN = { server: true, userId: null, participantId: null };

/** Tallies go into the doc only when the facilitator shows them (or once the vote is closed). */
export async function mirrorTallies(db: Db, store: DocStore, boardId: number): Promise<void> {
	const b = await db.selectFrom('boards').select(['votes_hidden', 'phase']).where('id', '=', boardId).executeTakeFirst();
	if (!b) throw new AppError('not_found', 'Table introuvable.');
	const visible = !b.votes_hidden || b.phase === 'clos';
	const votes = await db.selectFrom('votes').select('target_id').where('board_id', '=', boardId).execute();
	// The projector shows the vote in progress: how many dots, never where while they are hidden.
	store.transact(
		boardDocName(boardId),
		(doc) => {
			writeTallies(doc, visible ? tally(votes) : null);
			writeSettings(doc, { dotsCast: votes.length });
		},
		SERVER_ORIGIN
	);
}
