import * as v from 'valibot';
import type { Db } from '../db/database.ts';
import type { DocStore } from '../realtime/doc-store.ts';
import { now } from '../clock.ts';
import { audit } from '../audit.ts';
import { AppError } from '../errors.ts';
import { cleanLine, cleanMultiline } from '../../domain/schemas.ts';
import { BILAN_OUTCOMES, BILAN_OUTCOME_VALUES, DEFAULT_BILAN_REASONS, parseReasons, suggestOutcome, summariseBilan, type BilanActionInput, type BilanOutcome } from '../../domain/bilan.ts';
import { PROGRESS, dayOf } from '../../domain/suivi.ts';
import { loadSuiviData, tableauOf } from './tableau.ts';

// The bilan of a plan: each action's verdict (saved by the team, else suggested by its suivi), the
// reasons and the examples of successes; the project's list of reasons.

export const bilanEntrySchema = v.object({
	ficheId: v.pipe(v.string('Fiche manquante.'), v.regex(/^[1-9]\d{0,11}$/, 'Fiche inconnue.'), v.transform(Number)),
	outcome: v.picklist(BILAN_OUTCOME_VALUES, 'Choisissez : réalisée, partiellement réalisée ou non réalisée.'),
	reason: v.pipe(v.optional(v.string(), ''), v.transform(cleanLine), v.maxLength(300, 'Raison : 300 caractères au maximum.')),
	success: v.optional(v.string(), ''),
	successText: v.pipe(v.optional(v.string(), ''), v.transform(cleanMultiline), v.maxLength(2000, 'Exemple de réussite : 2 000 caractères au maximum.'))
});

export async function bilanReasons(db: Db, projectId: number): Promise<string[]> {
	const row = await db.selectFrom('bilan_settings').select('reasons').where('project_id', '=', projectId).executeTakeFirst();
	if (!row) return [...DEFAULT_BILAN_REASONS];
	try {
		const list = JSON.parse(row.reasons) as unknown;
		return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [...DEFAULT_BILAN_REASONS];
	} catch {
		return [...DEFAULT_BILAN_REASONS];
	}
}

export async function saveBilanReasons(db: Db, projectId: number, text: string, userId: number): Promise<string[]> {
	const reasons = parseReasons(text);
	if (!reasons.length) throw new AppError('invalid', 'Gardez au moins une raison (une par ligne).');
	await db
		.insertInto('bilan_settings')
		.values({ project_id: projectId, reasons: JSON.stringify(reasons), updated_at: now() })
		.onConflict((oc) => oc.column('project_id').doUpdateSet({ reasons: JSON.stringify(reasons), updated_at: now() }))
		.execute();
	await audit(db, { userId, action: 'bilan.reasons', subject: `project:${projectId}` });
	return reasons;
}

export async function saveBilanEntry(db: Db, projectId: number, input: v.InferOutput<typeof bilanEntrySchema>, actor: { userId: number; name: string }): Promise<void> {
	const fiche = await db.selectFrom('fiches').select(['id', 'project_id']).where('id', '=', input.ficheId).executeTakeFirst();
	if (!fiche || fiche.project_id !== projectId) throw new AppError('not_found', 'Fiche introuvable dans ce projet.');
	if (input.outcome !== 'realisee' && !input.reason) throw new AppError('invalid', `Indiquez pourquoi l’action est « ${BILAN_OUTCOMES[input.outcome].toLowerCase()} » (une raison de la liste ou la vôtre).`);
	const success = input.success === 'on' || input.success === '1' || input.success === 'true';
	const values = {
		outcome: input.outcome,
		reason: input.outcome === 'realisee' ? null : input.reason,
		success: success ? 1 : 0,
		success_text: success ? input.successText || null : null,
		by_name: actor.name,
		at: now()
	};
	await db
		.insertInto('bilan_entries')
		.values({ fiche_id: fiche.id, ...values })
		.onConflict((oc) => oc.column('fiche_id').doUpdateSet(values))
		.execute();
	await audit(db, { userId: actor.userId, action: 'bilan.entry', subject: `fiche:${fiche.id}`, detail: input.outcome });
}

export interface BilanRow extends BilanActionInput {
	label: string;
	progress: string;
	doneSteps: number;
	steps: number;
	/** false: the verdict is the suivi's suggestion, not yet confirmed. */
	saved: boolean;
	byName: string | null;
	at: number | null;
}

export async function loadBilan(db: Db, store: DocStore, projectId: number) {
	const data = await loadSuiviData(db, store, projectId);
	const today = dayOf(now());
	const tableau = tableauOf(data, today, today);
	const entries = new Map(
		(await db.selectFrom('bilan_entries as b').innerJoin('fiches as f', 'f.id', 'b.fiche_id').selectAll('b').where('f.project_id', '=', projectId).execute()).map((e) => [e.fiche_id, e])
	);
	const rows: BilanRow[] = tableau.actions.map((a) => {
		const done = a.steps.filter((s) => s.state === 'realisee').length;
		const e = entries.get(a.ficheId);
		const outcome: BilanOutcome = e ? e.outcome : suggestOutcome(a.progress, done);
		// A suggestion's reason: the reason of the abandoned steps, when they say one.
		const stepReason = a.steps.find((s) => s.state === 'abandonnee' && s.event?.reason)?.event?.reason ?? null;
		return {
			ficheId: a.ficheId,
			code: a.code,
			title: a.title,
			label: a.label,
			axis: a.axis,
			porteur: a.porteur,
			outcome,
			reason: e ? e.reason : outcome === 'realisee' ? null : stepReason,
			success: e ? e.success === 1 : false,
			successText: e?.success_text ?? null,
			progress: PROGRESS[a.progress],
			doneSteps: done,
			steps: a.steps.length,
			saved: !!e,
			byName: e?.by_name ?? null,
			at: e?.at ?? null
		};
	});
	const project = data.plan.project;
	const period = `${project.periodStart}-${project.periodEnd}`;
	return { project, axes: data.plan.axes, period, rows, summary: summariseBilan(rows, data.plan.axes, period), reasons: await bilanReasons(db, projectId) };
}
