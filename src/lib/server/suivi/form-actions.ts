import { fail } from '@sveltejs/kit';
import type { Db } from '../db/database.ts';
import type { DocStore } from '../realtime/doc-store.ts';
import { AppError } from '../errors.ts';
import { formToObject, parse } from '../../domain/schemas.ts';
import { STEP_STATES } from '../../domain/suivi.ts';
import { indicatorSchema, recordIndicatorValue, recordStepUpdate, stepUpdateSchema, type SuiviActor } from './suivi.service.ts';

// The two form actions of every suivi view (the porteur's link, a fiche's suivi, the tableau):
// validate, check the fiche is the caller's (`allow` throws when not), record, answer on the card.

type Allow = (ficheId: number) => void | Promise<void>;

async function run<T>(fn: () => Promise<T>, context: Record<string, unknown>) {
	try {
		return { ok: true as const, value: await fn() };
	} catch (e) {
		if (e instanceof AppError) return { ok: false as const, failure: fail(e.status, { message: e.message, ...context }) };
		throw e;
	}
}

export async function stepAction(request: Request, db: Db, store: DocStore, actor: SuiviActor, allow: Allow) {
	const raw = formToObject(await request.formData());
	const context = { ficheId: Number(raw.ficheId) || undefined, rowId: raw.rowId };
	const input = parse(stepUpdateSchema, raw);
	if (!input.ok) return fail(400, { message: input.message, ...context });
	const r = await run(async () => {
		await allow(input.data.ficheId);
		return recordStepUpdate(db, store, input.data, actor);
	}, context);
	if (!r.ok) return r.failure;
	return { success: `Enregistré : ${STEP_STATES[input.data.state].toLowerCase()}.`, ...context };
}

export async function indicatorAction(request: Request, db: Db, actor: SuiviActor, allow: Allow) {
	const raw = formToObject(await request.formData());
	const context = { ficheId: Number(raw.ficheId) || undefined, indicator: raw.indicator };
	const input = parse(indicatorSchema, raw);
	if (!input.ok) return fail(400, { message: input.message, ...context });
	const r = await run(async () => {
		await allow(input.data.ficheId);
		await recordIndicatorValue(db, input.data, actor);
	}, context);
	if (!r.ok) return r.failure;
	return { success: input.data.value ? `Valeur ${input.data.year} enregistrée.` : `Valeur ${input.data.year} retirée.`, ...context };
}
