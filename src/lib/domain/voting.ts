// Dot voting (gommettes): each participant has a budget of dots for a board, at most `cap` on one
// target (a cluster, or a note when the board has no clusters). The server applies these rules
// inside a transaction; the browser uses them to show what is left.

export interface VoteRules {
	budget: number;
	/** Most dots one person may put on one target; null: no cap beyond the budget. */
	cap: number | null;
}

export type VoteCheck = { ok: true } | { ok: false; message: string };

export function checkVote(rules: VoteRules, myVotes: readonly string[], target: string): VoteCheck {
	if (myVotes.length >= rules.budget) {
		return { ok: false, message: `Vous avez utilisé vos ${rules.budget} gommettes. Retirez-en une pour voter ailleurs.` };
	}
	if (rules.cap !== null && myVotes.filter((t) => t === target).length >= rules.cap) {
		return { ok: false, message: `${rules.cap} gommette${rules.cap > 1 ? 's' : ''} au maximum sur un même regroupement.` };
	}
	return { ok: true };
}

export function remainingDots(rules: VoteRules, myVotes: readonly string[]): number {
	return Math.max(0, rules.budget - myVotes.length);
}

export function tally(votes: readonly { target_id: string }[]): Map<string, number> {
	const t = new Map<string, number>();
	for (const v of votes) t.set(v.target_id, (t.get(v.target_id) ?? 0) + 1);
	return t;
}

/** Targets ranked by votes (most first), ties by their order of appearance. */
export function rankTargets<T extends { id: string }>(targets: readonly T[], tallies: ReadonlyMap<string, number>): (T & { votes: number; rank: number })[] {
	const withVotes = targets.map((t, i) => ({ ...t, votes: tallies.get(t.id) ?? 0, i }));
	withVotes.sort((a, b) => b.votes - a.votes || a.i - b.i);
	let rank = 0;
	let prev = -1;
	return withVotes.map((t, idx) => {
		if (t.votes !== prev) rank = idx + 1;
		prev = t.votes;
		const { i: _i, ...rest } = t;
		return { ...(rest as unknown as T & { votes: number }), rank };
	});
}
