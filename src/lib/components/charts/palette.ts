import type { FicheStatus, PlanningPhase } from '$lib/domain/fiche';

// Chart colours. Each one holds white text at 4.5:1 at least (labels are written inside bars) and
// stands at 3:1 at least against the white and grey backgrounds (WCAG 1.4.11). Colour is never
// the only cue: bars carry text labels, legends name every colour, and a data table follows.

export const STATUS_COLOURS: Record<FicheStatus, string> = {
	brouillon: '#5f6b7a',
	relecture: '#8a5a00',
	validee: '#1f6f43',
	en_cours: '#1d4e89',
	realisee: '#5b3a8c',
	abandonnee: '#a4161a'
};

/** Board columns, close to their top borders on the board (app.css .col-…), all distinct. */
export const COLUMN_COLOURS: Record<string, string> = {
	atouts: '#1f6f43',
	problematiques: '#b45309',
	points_forts: '#0f5e5e',
	points_faibles: '#7c2d12',
	potentialites: '#1d4e89',
	menaces: '#a4161a'
};

export const PHASE_COLOURS: Record<PlanningPhase | '', string> = {
	'': '#1d4e89',
	diagnostic: '#0e7490',
	elaboration: '#6d28d9',
	mise_en_oeuvre: '#9d174d',
	ajustement: '#b45309',
	evaluation: '#1f6f43'
};

/** For series without a colour of their own, in this order. */
export const SERIES_COLOURS = ['#1d4e89', '#b45309', '#1f6f43', '#6d28d9', '#a4161a', '#0e7490', '#5f6b7a', '#9d174d'];

export function seriesColour(index: number): string {
	return SERIES_COLOURS[index % SERIES_COLOURS.length];
}

/** "1 action", "3 actions", "0 action" (French: zero takes the singular). */
export function countLabel(n: number, unit: readonly [string, string]): string {
	return `${n.toLocaleString('fr-FR')} ${n > 1 ? unit[1] : unit[0]}`;
}
