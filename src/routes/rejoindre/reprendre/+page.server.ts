import { fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import type { Actions, PageServerLoad } from './$types';
import { formToObject, parse } from '$lib/domain/schemas';
import { normaliseJoinCode } from '$lib/domain/join-code';
import { getDb } from '$lib/server/db/database';
import { attempt } from '$lib/server/guards';
import { normaliseResumeCode, resumeParticipant } from '$lib/server/workshops/participants.service';
import { setParticipantCookie } from '$lib/server/auth/cookies';

// Another device: the workshop's code and the personal resume code shown once after joining give
// the person their place back (their notes, their dots), never a second participant.
const resumeSchema = v.object({
	code: v.pipe(
		v.string('Code de l’atelier : texte attendu.'),
		v.transform((c) => normaliseJoinCode(c)),
		v.string('Code de l’atelier invalide : il compte 6 caractères (par exemple K7M 2PQ).')
	),
	resumeCode: v.pipe(
		v.string('Code personnel : texte attendu.'),
		v.transform((c) => normaliseResumeCode(c)),
		v.string('Code personnel invalide : il compte 8 caractères (par exemple ABCD-EFGH).')
	)
});

export const load: PageServerLoad = ({ url }) => {
	const typed = url.searchParams.get('code') ?? '';
	return { code: normaliseJoinCode(typed) ?? '' };
};

export const actions: Actions = {
	default: async ({ request, cookies, url }) => {
		const raw = formToObject(await request.formData());
		const values = { code: raw.code ?? '', resumeCode: raw.resumeCode ?? '' };
		const parsed = parse(resumeSchema, raw);
		if (!parsed.ok) return fail(400, { message: parsed.message, fields: parsed.fields, values });
		const result = await attempt(() => resumeParticipant(getDb(), parsed.data), { values, fields: { resumeCode: 'Code refusé.' } });
		if (!result.ok) return result.failure;
		setParticipantCookie(cookies, url, result.value.token, result.value.expiresAt);
		redirect(303, '/atelier');
	}
};
