// The bilan of a plan at its end: every action réalisée, partiellement réalisée or non réalisée,
// why (a reason from the project's list or free text), and the examples of successes. It opens
// the next plan ("71 % des actions inscrites … ont été réalisées au travers des 4 axes"). Pure.

import { percent, type Progress } from './suivi.ts';

const FRENCH = new Intl.Collator('fr');

export const BILAN_OUTCOMES = {
	realisee: 'Réalisée',
	partielle: 'Partiellement réalisée',
	non_realisee: 'Non réalisée'
} as const;
export type BilanOutcome = keyof typeof BILAN_OUTCOMES;
export const BILAN_OUTCOME_VALUES = Object.keys(BILAN_OUTCOMES) as BilanOutcome[];

/** The reasons the Ain gave in the bilan of its 2014-2019 plan; a project edits its own list. */
export const DEFAULT_BILAN_REASONS = [
	'Reprise par la politique de la Ville',
	'Reprise par d’autres partenaires',
	'Besoins qui ont évolué',
	'Action non réalisable',
	'Réorganisation des services'
] as const;

/** The verdict the suivi suggests, for the team to confirm or change. */
export function suggestOutcome(progress: Progress, doneSteps: number): BilanOutcome {
	if (progress === 'realisee') return 'realisee';
	if (doneSteps > 0) return 'partielle';
	return 'non_realisee';
}

export interface BilanActionInput {
	ficheId: number;
	code: string | null;
	title: string;
	axis: string | null;
	porteur: string;
	outcome: BilanOutcome;
	reason: string | null;
	success: boolean;
	successText: string | null;
}

export interface BilanAxisRow {
	axis: string | null;
	label: string;
	total: number;
	realisee: number;
	partielle: number;
	non_realisee: number;
	/** % of the axis's actions réalisées, fully or partly (the published figure counts both). */
	pctMisesEnOeuvre: number;
	pctRealisees: number;
}

export interface BilanSummary {
	total: number;
	counts: Record<BilanOutcome, number>;
	pctMisesEnOeuvre: number;
	pctRealisees: number;
	byAxis: BilanAxisRow[];
	/** Reasons of the actions not (fully) done, most frequent first, each with its actions. */
	reasons: { reason: string; count: number; actions: string[] }[];
	/** Actions not (fully) done without a reason. */
	withoutReason: string[];
	successes: { label: string; text: string }[];
	/** The sentence the chapter opens with. */
	headline: string;
}

function label(a: BilanActionInput): string {
	const t = a.title.trim() || 'Fiche sans intitulé';
	return a.code ? `${a.code} · ${t}` : t;
}

export function summariseBilan(actions: readonly BilanActionInput[], axes: readonly { code: string; label: string }[], periodLabel: string): BilanSummary {
	const counts: Record<BilanOutcome, number> = { realisee: 0, partielle: 0, non_realisee: 0 };
	for (const a of actions) counts[a.outcome]++;
	const total = actions.length;

	const order = axes.map((a) => a.code);
	const axisKeys = [...new Set(actions.map((a) => a.axis))].sort((a, b) => {
		const r = (k: string | null) => (k === null ? order.length + 1 : order.indexOf(k) === -1 ? order.length : order.indexOf(k));
		return r(a) - r(b) || FRENCH.compare(String(a), String(b));
	});
	const axisLabel = new Map(axes.map((a) => [a.code, `${a.code} · ${a.label}`]));
	const byAxis = axisKeys.map((axis): BilanAxisRow => {
		const list = actions.filter((a) => a.axis === axis);
		const c = { realisee: 0, partielle: 0, non_realisee: 0 };
		for (const a of list) c[a.outcome]++;
		return {
			axis,
			label: axis ? (axisLabel.get(axis) ?? axis) : 'Sans axe',
			total: list.length,
			...c,
			pctMisesEnOeuvre: percent(c.realisee + c.partielle, list.length),
			pctRealisees: percent(c.realisee, list.length)
		};
	});

	const reasons = new Map<string, { reason: string; count: number; actions: string[] }>();
	const withoutReason: string[] = [];
	for (const a of actions) {
		if (a.outcome === 'realisee') continue;
		const reason = a.reason?.replace(/\s+/g, ' ').trim();
		if (!reason) {
			withoutReason.push(label(a));
			continue;
		}
		const key = reason.toLocaleLowerCase('fr');
		const entry = reasons.get(key) ?? { reason, count: 0, actions: [] };
		entry.count++;
		entry.actions.push(label(a));
		reasons.set(key, entry);
	}

	const pctMisesEnOeuvre = percent(counts.realisee + counts.partielle, total);
	const axisCount = byAxis.filter((a) => a.axis !== null).length;
	const headline = total
		? `${pctMisesEnOeuvre} % des ${total} actions inscrites au projet ${periodLabel} ont été réalisées, entièrement ou en partie${axisCount ? `, au travers des ${axisCount} axe${axisCount > 1 ? 's' : ''}` : ''} : ${counts.realisee} réalisée${counts.realisee > 1 ? 's' : ''}, ${counts.partielle} partiellement, ${counts.non_realisee} non réalisée${counts.non_realisee > 1 ? 's' : ''}.`
		: `Aucune action inscrite au projet ${periodLabel}.`;

	return {
		total,
		counts,
		pctMisesEnOeuvre,
		pctRealisees: percent(counts.realisee, total),
		byAxis,
		reasons: [...reasons.values()].sort((a, b) => b.count - a.count || FRENCH.compare(a.reason, b.reason)),
		withoutReason,
		successes: actions.filter((a) => a.success).map((a) => ({ label: label(a), text: a.successText?.trim() ?? '' })),
		headline
	};
}

/** A project's list of reasons, one per line as typed in its settings: trimmed, no duplicates, 30 at most. */
export function parseReasons(text: string): string[] {
	const seen = new Set<string>();
	const out: string[] = [];
	for (const line of text.split(/\r?\n/)) {
		const r = line.replace(/\s+/g, ' ').trim().slice(0, 200);
		const k = r.toLocaleLowerCase('fr');
		if (r && !seen.has(k)) {
			seen.add(k);
			out.push(r);
		}
	}
	return out.slice(0, 30);
}
