import * as v from 'valibot';
import type { Db } from '../db/database.ts';
import type { DocStore } from '../realtime/doc-store.ts';
import { now } from '../clock.ts';
import { audit } from '../audit.ts';
import { AppError } from '../errors.ts';
import { maybeCurrentApp } from '../app-instance.ts';
import { ficheDocName } from '../../docs/doc-names.ts';
import { readPlanning, setPlanningCell } from '../../docs/fiche.ts';
import { cleanLine, cleanMultiline } from '../../domain/schemas.ts';
import {
	STEP_STATES,
	STEP_STATE_VALUES,
	dayOf,
	parseFrenchNumber,
	parseRealisation,
	type IndicatorValue,
	type StepEvent,
	type StepState
} from '../../domain/suivi.ts';
import { parseCalendarPhrase } from '../../domain/calendar-phrase.ts';

// Recording the suivi of a step or an indicator. States, dates and values go to SQL, append-only,
// with who and when; a step's "Principaux éléments" goes to the fiche doc (co-written live), with
// the author on the update. Every change tells the project's tableau de suivi (live).

/** Who records: a member (userId), a fiche co-writer (inviteId) or a porteur's link (linkId). */
export interface SuiviActor {
	name: string;
	userId: number | null;
	inviteId?: number | null;
	linkId?: number | null;
}

/** The name live followers of a project's suivi listen to (not a Yjs doc: a channel of the app's LiveRestitution). */
export function suiviChannel(projectId: number): string {
	return `suivi:${projectId}`;
}

const optional = (label: string, max: number, multiline = false) =>
	v.pipe(v.optional(v.string(), ''), v.transform(multiline ? cleanMultiline : cleanLine), v.maxLength(max, `${label} : ${max} caractères au maximum.`));

export const stepUpdateSchema = v.object({
	ficheId: v.pipe(v.string('Fiche manquante.'), v.regex(/^[1-9]\d{0,11}$/, 'Fiche inconnue.'), v.transform(Number)),
	rowId: v.pipe(v.string('Étape manquante.'), v.minLength(1, 'Étape manquante.'), v.maxLength(64, 'Étape inconnue.')),
	state: v.picklist(STEP_STATE_VALUES, 'État inconnu : choisissez prévue, en cours, réalisée, reportée ou abandonnée.'),
	reason: optional('Raison', 300),
	donePhrase: optional('Date de réalisation', 200),
	reportPhrase: optional('Nouvelle période', 200),
	/** Absent: the doc's text is left as it is. */
	elements: v.optional(v.pipe(v.string(), v.transform(cleanMultiline), v.maxLength(20_000, 'Principaux éléments : 20 000 caractères au maximum.')))
});
export type StepUpdate = v.InferOutput<typeof stepUpdateSchema>;

export const indicatorSchema = v.object({
	ficheId: v.pipe(v.string('Fiche manquante.'), v.regex(/^[1-9]\d{0,11}$/, 'Fiche inconnue.'), v.transform(Number)),
	indicator: v.pipe(v.string('Indicateur manquant.'), v.transform(cleanLine), v.minLength(2, 'Indicateur : nommez-le.'), v.maxLength(200, 'Indicateur : 200 caractères au maximum.')),
	year: v.pipe(v.string('Année manquante.'), v.regex(/^\d{4}$/, 'Année : quatre chiffres (2025).'), v.transform(Number)),
	value: v.pipe(v.optional(v.string(), ''), v.transform((s) => s.trim()))
});

async function projectOfFiche(db: Db, ficheId: number) {
	const f = await db
		.selectFrom('fiches as f')
		.innerJoin('projects as p', 'p.id', 'f.project_id')
		.select(['f.id', 'f.project_id', 'f.archived_at', 'p.period_start', 'p.period_end'])
		.where('f.id', '=', ficheId)
		.executeTakeFirst();
	if (!f) throw new AppError('not_found', 'Fiche introuvable.');
	if (f.archived_at !== null) throw new AppError('forbidden', 'Cette fiche est archivée : son suivi ne change plus.');
	return f;
}

/**
 * Records a step's new state (and its date, reason, new period), and its "Principaux éléments" in
 * the doc. The caller has checked that the actor may update this fiche.
 */
export async function recordStepUpdate(db: Db, store: DocStore, input: StepUpdate, actor: SuiviActor): Promise<{ eventId: number; projectId: number }> {
	const f = await projectOfFiche(db, input.ficheId);
	const docName = ficheDocName(f.id);
	const row = store.read(docName, (doc) => readPlanning(doc)).find((r) => r.id === input.rowId);
	if (!row) throw new AppError('not_found', 'Cette étape n’existe plus dans le planning de la fiche.');

	const planYears = { start: f.period_start, end: f.period_end };
	const today = dayOf(now());
	let done: { phrase: string; start: string | null; end: string | null } = { phrase: '', start: null, end: null };
	if (input.state === 'realisee') {
		const r = parseRealisation(input.donePhrase, today, { planYears });
		if (!r.ok) throw new AppError('invalid', r.message);
		done = { phrase: r.phrase, start: r.period?.start ?? null, end: r.period?.end ?? null };
	}
	if (input.state === 'abandonnee' && !input.reason) throw new AppError('invalid', 'Indiquez pourquoi l’étape est abandonnée.');
	let report: string | null = null;
	if (input.state === 'reportee') {
		if (!input.reportPhrase) throw new AppError('invalid', 'Indiquez la nouvelle période de l’étape reportée (par exemple « 2e semestre 2026 »).');
		const p = parseCalendarPhrase(input.reportPhrase, { planYears, referenceYear: Number(today.slice(0, 4)) });
		if (!p.understood) throw new AppError('invalid', `Nouvelle période non comprise : « ${input.reportPhrase} » (écrivez par exemple « 2e semestre 2026 » ou « mars 2026 »).`);
		report = input.reportPhrase;
	}

	const at = now();
	const ev = await db
		.insertInto('suivi_step_events')
		.values({
			fiche_id: f.id,
			row_id: row.id,
			state: input.state,
			reason: input.state === 'abandonnee' || input.state === 'reportee' ? input.reason || null : null,
			done_phrase: done.phrase || null,
			done_start: done.start,
			done_end: done.end,
			report_phrase: report,
			by_name: actor.name,
			by_user_id: actor.userId,
			by_invite_id: actor.inviteId ?? null,
			by_link_id: actor.linkId ?? null,
			at
		})
		.returning('id')
		.executeTakeFirstOrThrow();

	// The sheet shows what happened: the realisation date in its column, the results in theirs.
	const origin = { userId: actor.userId };
	store.transact(
		docName,
		(doc) => {
			if (input.state === 'realisee') setPlanningCell(doc, row.id, 'date_realisation', done.phrase || dayLabel(today));
			if (input.elements !== undefined && input.elements !== row.cells.elements) setPlanningCell(doc, row.id, 'elements', input.elements);
		},
		origin
	);
	await audit(db, { userId: actor.userId, action: 'suivi.step', subject: docName, detail: `${row.id} ${input.state}${actor.linkId ? ` lien ${actor.linkId}` : ''}${actor.inviteId ? ` invitation ${actor.inviteId}` : ''}` });
	maybeCurrentApp()?.live.notify(suiviChannel(f.project_id));
	return { eventId: ev.id, projectId: f.project_id };
}

function dayLabel(isoDay: string): string {
	const [y, m, d] = isoDay.split('-');
	return `${d}/${m}/${y}`;
}

/** Records (or removes, with an empty value) an indicator's value for a year. */
export async function recordIndicatorValue(db: Db, input: v.InferOutput<typeof indicatorSchema>, actor: SuiviActor): Promise<void> {
	const f = await projectOfFiche(db, input.ficheId);
	if (input.year < f.period_start - 1 || input.year > f.period_end + 1)
		throw new AppError('invalid', `Année hors du plan : choisissez entre ${f.period_start} et ${f.period_end}.`);
	let value: number | null = null;
	if (input.value !== '') {
		value = parseFrenchNumber(input.value);
		if (value === null) throw new AppError('invalid', `Valeur non comprise : « ${input.value} » (un nombre, par exemple 12 ou 12,5).`);
	}
	await db
		.insertInto('suivi_indicator_values')
		.values({
			fiche_id: f.id,
			indicator: input.indicator,
			year: input.year,
			value,
			by_name: actor.name,
			by_user_id: actor.userId,
			by_invite_id: actor.inviteId ?? null,
			by_link_id: actor.linkId ?? null,
			at: now()
		})
		.execute();
	maybeCurrentApp()?.live.notify(suiviChannel(f.project_id));
}

function toEvent(r: {
	fiche_id: number;
	row_id: string;
	state: StepState;
	reason: string | null;
	done_phrase: string | null;
	done_start: string | null;
	done_end: string | null;
	report_phrase: string | null;
	at: number;
	by_name: string;
}): StepEvent {
	return {
		ficheId: r.fiche_id,
		rowId: r.row_id,
		state: (STEP_STATE_VALUES as string[]).includes(r.state) ? r.state : 'prevue',
		reason: r.reason,
		donePhrase: r.done_phrase,
		doneStart: r.done_start,
		doneEnd: r.done_end,
		reportPhrase: r.report_phrase,
		at: r.at,
		byName: r.by_name
	};
}

/** Every step event of some fiches (or of a project), oldest first. */
export async function listStepEvents(db: Db, where: { projectId: number } | { ficheIds: number[] }): Promise<StepEvent[]> {
	let q = db
		.selectFrom('suivi_step_events as e')
		.select(['e.fiche_id', 'e.row_id', 'e.state', 'e.reason', 'e.done_phrase', 'e.done_start', 'e.done_end', 'e.report_phrase', 'e.at', 'e.by_name']);
	if ('projectId' in where) q = q.innerJoin('fiches as f', 'f.id', 'e.fiche_id').where('f.project_id', '=', where.projectId);
	else q = q.where('e.fiche_id', 'in', where.ficheIds.length ? where.ficheIds : [-1]);
	const rows = await q.orderBy('e.at').orderBy('e.id').execute();
	return rows.map(toEvent);
}

export async function listIndicatorValues(db: Db, ficheIds: number[]): Promise<IndicatorValue[]> {
	if (!ficheIds.length) return [];
	const rows = await db
		.selectFrom('suivi_indicator_values')
		.select(['fiche_id', 'indicator', 'year', 'value', 'at', 'by_name'])
		.where('fiche_id', 'in', ficheIds)
		.orderBy('at')
		.orderBy('id')
		.execute();
	return rows.map((r) => ({ ficheId: r.fiche_id, indicator: r.indicator, year: r.year, value: r.value, at: r.at, byName: r.by_name }));
}

/** A step's history, newest first, for the fiche's suivi. */
export async function stepHistory(db: Db, ficheId: number) {
	const rows = await db
		.selectFrom('suivi_step_events')
		.select(['id', 'row_id', 'state', 'reason', 'done_phrase', 'report_phrase', 'by_name', 'at'])
		.where('fiche_id', '=', ficheId)
		.orderBy('at', 'desc')
		.orderBy('id', 'desc')
		.execute();
	return rows.map((r) => ({ ...r, stateLabel: STEP_STATES[r.state] ?? r.state }));
}
