// The one place doc names are made and read. A name carries its type: `board:<id>`, `fiche:<id>`.
export const DOC_TYPES = ['board', 'fiche', 'workshop'] as const;
export type DocType = (typeof DOC_TYPES)[number];

export function boardDocName(boardId: number): string {
	return `board:${boardId}`;
}

export function ficheDocName(ficheId: number): string {
	return `fiche:${ficheId}`;
}

/** The workshop's control doc: timer, rounds, groups, focus; written by the server only. */
export function workshopDocName(workshopId: number): string {
	return `workshop:${workshopId}`;
}

export function parseDocName(name: string): { type: DocType; id: number } | null {
	const m = /^(board|fiche|workshop):([1-9]\d{0,11})$/.exec(name);
	if (!m) return null;
	return { type: m[1] as DocType, id: Number(m[2]) };
}
