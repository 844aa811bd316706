import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { formToObject, joinSchema, parse } from '$lib/domain/schemas';
import { normaliseJoinCode } from '$lib/domain/join-code';
import { getDb } from '$lib/server/db/database';
import { attempt } from '$lib/server/guards';
import { joinWorkshop } from '$lib/server/workshops/workshop.service';
import { setParticipantCookie } from '$lib/server/auth/cookies';

export const load: PageServerLoad = ({ params, url }) => {
	const typed = params.code ?? url.searchParams.get('code') ?? '';
	return { code: normaliseJoinCode(typed) ?? typed.trim().toUpperCase().slice(0, 12) };
};

export const actions: Actions = {
	default: async ({ request, cookies, url, getClientAddress, setHeaders }) => {
		const raw = formToObject(await request.formData());
		const values = { code: raw.code ?? '', name: raw.name ?? '', organisation: raw.organisation ?? '' };
		const parsed = parse(joinSchema, raw);
		if (!parsed.ok) return fail(400, { message: parsed.message, fields: parsed.fields, values });
		const result = await attempt(() => joinWorkshop(getDb(), parsed.data, getClientAddress()), { values, fields: { code: 'Code refusé.' } });
		if (!result.ok) {
			const retry = (result.failure.data as { retryAfterMs?: number }).retryAfterMs;
			if (retry) setHeaders({ 'Retry-After': String(Math.ceil(retry / 1000)) });
			return result.failure;
		}
		setParticipantCookie(cookies, url, result.value.token, result.value.expiresAt);
		redirect(303, '/atelier');
	}
};
