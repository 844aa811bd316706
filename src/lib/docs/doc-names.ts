// The one place doc names are made and read. A name carries its type: `board:<id>`, `fiche:<id>`.
export const DOC_TYPES = ['board', 'fiche'] as const;
export type DocType = (typeof DOC_TYPES)[number];

export function boardDocName(boardId: number): string {
	return `board:${boardId}`;
}

export function ficheDocName(ficheId: number): string {
	return `fiche:${ficheId}`;
}

export function parseDocName(name: string): { type: DocType; id: number } | null {
	const m = /^(board|fiche):([1-9]\d{0,11})$/.exec(name);
	if (!m) return null;
	return { type: m[1] as DocType, id: Number(m[2]) };
}
