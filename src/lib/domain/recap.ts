// World café: what a group arriving at a table in round `round` finds there, written before it came.

export interface RecapNote {
	column: string;
	/** The rotation round it was written in; none when written before the rotation started. */
	round?: number;
}

/** Counts per column of the notes written before `round` (those from before the rotation included). */
export function recapBefore(notes: readonly RecapNote[], round: number, columns: readonly { id: string; label: string }[]) {
	const earlier = notes.filter((n) => (n.round ?? 0) < round);
	if (round < 2 || earlier.length === 0) return null;
	return columns.map((c) => ({ label: c.label, n: earlier.filter((n) => n.column === c.id).length }));
}
