import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import { parse } from '$lib/domain/schemas';
import { AppError } from './errors';

/** Reads and validates a JSON body; a French 400 otherwise. */
export async function readJson<S extends v.GenericSchema>(request: Request, schema: S): Promise<{ ok: true; data: v.InferOutput<S> } | { ok: false; response: Response }> {
	let body: unknown;
	try {
		body = await request.json();
	} catch {
		return { ok: false, response: json({ message: 'Requête invalide : un objet JSON est attendu.' }, { status: 400 }) };
	}
	const parsed = parse(schema, body);
	if (!parsed.ok) return { ok: false, response: json({ message: parsed.message, fields: parsed.fields }, { status: 400 }) };
	return { ok: true, data: parsed.data };
}

/** Runs a service call for a JSON endpoint: AppError → its status and French message. */
export async function answer(fn: () => Promise<unknown>): Promise<Response> {
	try {
		return json((await fn()) ?? { ok: true });
	} catch (e) {
		if (e instanceof AppError) return json({ message: e.message }, { status: e.status });
		throw e;
	}
}

export function refuse(status: number, message: string): Response {
	return json({ message }, { status });
}
