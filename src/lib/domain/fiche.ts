// The fiche-action: its template (fields in the order of the published sheet), the planning
// table, the status workflow, numbering per axis and the draft made from a cluster. Pure.

/** Text fields of the sheet, in the order of the published document. `key` is the fixture's key. */
export const FICHE_FIELDS = [
	{ key: 'direction', label: 'Direction de territoire', rows: 1 },
	{ key: 'cadre_intitule', label: 'Références document cadre : intitulé', rows: 1 },
	{ key: 'cadre_action', label: 'Références document cadre : action', rows: 1 },
	{ key: 'title', label: 'Intitulé de l’action', rows: 1 },
	{ key: 'diagnostic', label: 'Éléments de diagnostic à l’origine du projet', rows: 4 },
	{ key: 'lieu', label: 'Lieu / territoire concerné', rows: 1 },
	{ key: 'objectifs', label: 'Objectifs visés', rows: 3 },
	{ key: 'description', label: 'Description synthétique de l’action', rows: 4 },
	{ key: 'public', label: 'Public concerné par l’action', rows: 2 },
	{ key: 'contenu', label: 'Éléments de contenu imaginé', rows: 3 },
	{ key: 'partenaires', label: 'Acteurs / partenaires potentiellement concernés', rows: 3 },
	{ key: 'resultats', label: 'Résultats attendus', rows: 3 },
	{ key: 'moyens', label: 'Moyens éventuels à prévoir (financiers, matériels, humains)', rows: 3 },
	{ key: 'indicateurs', label: 'Indicateurs de résultat', rows: 3 },
	{ key: 'porteur', label: 'Porteur de l’action', rows: 1 }
] as const;
export type FicheFieldKey = (typeof FICHE_FIELDS)[number]['key'];
export const FICHE_FIELD_KEYS = FICHE_FIELDS.map((f) => f.key) as FicheFieldKey[];

/** Phases of a planning row ("Quoi"), in the order of the method. */
export const PLANNING_PHASES = {
	diagnostic: 'Diagnostic',
	elaboration: 'Élaboration',
	mise_en_oeuvre: 'Mise en œuvre',
	ajustement: 'Ajustement',
	evaluation: 'Évaluation'
} as const;
export type PlanningPhase = keyof typeof PLANNING_PHASES;
export const PLANNING_PHASE_VALUES = Object.keys(PLANNING_PHASES) as PlanningPhase[];

/** Text columns of a planning row (fixture keys). */
export const PLANNING_COLUMNS = [
	{ key: 'quoi', label: 'Quoi' },
	{ key: 'qui', label: 'Qui et avec qui' },
	{ key: 'comment', label: 'Comment' },
	{ key: 'calendrier', label: 'Calendrier prévisionnel' },
	{ key: 'date_realisation', label: 'Date réalisation' },
	{ key: 'elements', label: 'Principaux éléments' }
] as const;
export type PlanningColumnKey = (typeof PLANNING_COLUMNS)[number]['key'];
export const PLANNING_COLUMN_KEYS = PLANNING_COLUMNS.map((c) => c.key) as PlanningColumnKey[];

// ---------------------------------------------------------------------------------------------
// Status workflow

export const FICHE_STATUSES = {
	brouillon: 'Brouillon',
	relecture: 'En relecture',
	validee: 'Validée',
	en_cours: 'En cours',
	realisee: 'Réalisée',
	abandonnee: 'Abandonnée'
} as const;
export type FicheStatus = keyof typeof FICHE_STATUSES;
export const FICHE_STATUS_VALUES = Object.keys(FICHE_STATUSES) as FicheStatus[];

/** Where a fiche may go from each status. Going back one step is allowed (a correction). */
const TRANSITIONS: Record<FicheStatus, readonly FicheStatus[]> = {
	brouillon: ['relecture', 'abandonnee'],
	relecture: ['brouillon', 'validee', 'abandonnee'],
	validee: ['relecture', 'en_cours', 'abandonnee'],
	en_cours: ['validee', 'realisee', 'abandonnee'],
	realisee: ['en_cours'],
	abandonnee: ['brouillon']
};

export function nextStatuses(from: FicheStatus): readonly FicheStatus[] {
	return TRANSITIONS[from];
}

export function canMoveStatus(from: FicheStatus, to: FicheStatus): boolean {
	return TRANSITIONS[from].includes(to);
}

/** Validation (and what follows it) is the steering team's decision, not a contributor's. */
export function statusNeedsManager(to: FicheStatus): boolean {
	return to === 'validee' || to === 'en_cours' || to === 'realisee';
}

/** How the sommaire can be sorted (the URL's `tri`). */
export const FICHE_SORTS = ['numero', 'nom', 'porteur', 'axe', 'statut', 'modification'] as const;
export type FicheSort = (typeof FICHE_SORTS)[number];

// ---------------------------------------------------------------------------------------------
// Numbering: "n/AXE", numbers run across the whole plan (1/COOR ... 20/INS ... 34/AUT).

export function ficheCode(number: number | null, axis: string | null): string | null {
	if (number === null || !axis) return null;
	return `${number}/${axis}`;
}

/** The number a new fiche gets: one more than the highest given in the project. Stable once given. */
export function nextFicheNumber(existing: readonly (number | null)[]): number {
	let max = 0;
	for (const n of existing) if (n !== null && n > max) max = n;
	return max + 1;
}

export interface NumberedFiche {
	id: number;
	axis: string | null;
	createdAt: number;
}

/**
 * Final numbering of the plan: by axis (in the project's axis order), then by creation; fiches
 * without an axis come last. Returns id → number, 1-based, continuous across axes.
 */
export function renumber(fiches: readonly NumberedFiche[], axisOrder: readonly string[]): Map<number, number> {
	const rank = (axis: string | null) => {
		const i = axis === null ? -1 : axisOrder.indexOf(axis);
		return i === -1 ? axisOrder.length : i;
	};
	const sorted = [...fiches].sort((a, b) => rank(a.axis) - rank(b.axis) || a.createdAt - b.createdAt || a.id - b.id);
	return new Map(sorted.map((f, i) => [f.id, i + 1]));
}

// ---------------------------------------------------------------------------------------------
// From a cluster to a draft

export interface SourceNote {
	id: string;
	text: string;
	column: string;
	authorName?: string;
	organisation?: string;
}

export interface DraftSource {
	clusterLabel: string;
	/** Columns that hold problems (problématiques, points faibles, menaces). */
	problemColumns: readonly string[];
	notes: readonly SourceNote[];
	territory: string;
	boardTheme: string;
	boardName: string;
	workshopTitle: string;
	axes: readonly { code: string; label: string }[];
	anonymous: boolean;
	votes: number | null;
	rank: number | null;
}

export interface DiagnosticLine {
	noteId: string;
	text: string;
}

export interface FicheDraft {
	fields: Partial<Record<FicheFieldKey, string>>;
	diagnosticLines: DiagnosticLine[];
	suggestedAxis: string | null;
	planning: { phase: PlanningPhase }[];
	votes: number | null;
	rank: number | null;
}

export const PROBLEM_COLUMNS = ['problematiques', 'points_faibles', 'menaces'] as const;

function fold(s: string): string {
	return s
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase();
}

const AXIS_STOP = new Set(['de', 'des', 'du', 'la', 'le', 'les', 'et', 'l', 'd', 'a', 'au', 'aux', 'en', 'pour']);

function words(s: string): string[] {
	return fold(s)
		.split(/[^a-z0-9]+/)
		.filter((w) => w.length > 1 && !AXIS_STOP.has(w));
}

/**
 * The axis a table's theme points to: the axis whose code or label shares most words with it
 * (prefix match on 5 letters, so "insertion"/"insérer" do not but "autonomie"/"autonome" do).
 * Only a suggestion: the user confirms it.
 */
export function suggestAxis(theme: string, axes: readonly { code: string; label: string }[]): string | null {
	const themeWords = words(theme);
	let best: string | null = null;
	let bestScore = 0;
	for (const axis of axes) {
		const axisWords = [...words(axis.label), fold(axis.code)];
		let score = 0;
		for (const t of themeWords) {
			if (axisWords.some((a) => a === t || (a.length >= 5 && t.length >= 5 && a.slice(0, 5) === t.slice(0, 5)))) score++;
		}
		if (score > bestScore) {
			best = axis.code;
			bestScore = score;
		}
	}
	return best;
}

/** Organisations of the notes' authors, in order of first appearance, without duplicates. */
export function partnersOf(notes: readonly SourceNote[], anonymous: boolean): string[] {
	if (anonymous) return [];
	const seen = new Map<string, string>();
	for (const n of notes) {
		const org = n.organisation?.trim();
		if (org && !seen.has(fold(org))) seen.set(fold(org), org);
	}
	return [...seen.values()];
}

/** The pre-filled draft of "Créer une fiche-action" on a cluster. */
export function draftFromCluster(src: DraftSource): FicheDraft {
	const problems = src.notes.filter((n) => src.problemColumns.includes(n.column));
	// A cluster of strengths only still says where it came from: use its notes then.
	const lines = (problems.length > 0 ? problems : src.notes)
		.map((n) => ({ noteId: n.id, text: n.text.trim().replace(/\s*\n\s*/g, ' ') }))
		.filter((l) => l.text !== '');
	const partners = partnersOf(src.notes, src.anonymous);
	return {
		fields: {
			// The project's direction de territoire: the sheet's first field, known from the project.
			direction: src.territory,
			title: src.clusterLabel.trim(),
			diagnostic: lines.map((l) => l.text).join('\n'),
			lieu: src.territory,
			partenaires: partners.join(', ')
		},
		diagnosticLines: lines,
		suggestedAxis: suggestAxis(`${src.boardTheme} ${src.boardName}`, src.axes),
		planning: PLANNING_PHASE_VALUES.map((phase) => ({ phase })),
		votes: src.votes,
		rank: src.rank
	};
}
