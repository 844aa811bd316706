import type { Progress } from '$lib/domain/suivi';

/** The tableau's colours (each also named in the legends and tables: colour is never the only cue). */
export const PROGRESS_COLOURS: Record<Progress, string> = {
	realisee: '#1f6f43',
	en_cours: '#1d4e89',
	en_retard: '#a4161a',
	abandonnee: '#5f6b7a',
	a_venir: '#b8c2cf'
};
