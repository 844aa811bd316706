import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { formToObject, joinSchema, parse } from '$lib/domain/schemas';
import { normaliseJoinCode } from '$lib/domain/join-code';
import { getDb } from '$lib/server/db/database';
import { attempt } from '$lib/server/guards';
import { findWorkshopById, joinWorkshop } from '$lib/server/workshops/workshop.service';
import { showResumeCodeOnce } from '$lib/server/workshops/resume-cookie';
import { setParticipantCookie } from '$lib/server/auth/cookies';
import { getDocStore } from '$lib/server/realtime';
import { mirrorPeople } from '$lib/server/facilitation/workshop-control';

export const load: PageServerLoad = async ({ params, url, locals }) => {
	const typed = params.code ?? url.searchParams.get('code') ?? '';
	const p = locals.participant;
	// A browser that already joined (back button, QR code scanned again) is taken back to its
	// workshop rather than offered a second identity.
	const current = p
		? { name: p.displayName, organisation: p.organisation, workshop: (await findWorkshopById(getDb(), p.workshopId))?.title ?? '' }
		: null;
	return { code: normaliseJoinCode(typed) ?? typed.trim().toUpperCase().slice(0, 12), current, table: tableParam(url.searchParams.get('table')) };
};

/** A table id passed along from a table's link (digits only, else ignored). */
function tableParam(value: string | null): number | null {
	return value && /^\d{1,9}$/.test(value) ? Number(value) : null;
}

export const actions: Actions = {
	default: async ({ request, cookies, url, locals, getClientAddress, setHeaders }) => {
		const raw = formToObject(await request.formData());
		const values = { code: raw.code ?? '', name: raw.name ?? '', organisation: raw.organisation ?? '' };
		const parsed = parse(joinSchema, raw);
		if (!parsed.ok) return fail(400, { message: parsed.message, fields: parsed.fields, values });
		const result = await attempt(() => joinWorkshop(getDb(), parsed.data, getClientAddress(), locals.participant), { values, fields: { code: 'Code refusé.' } });
		if (!result.ok) {
			const retry = (result.failure.data as { retryAfterMs?: number }).retryAfterMs;
			if (retry) setHeaders({ 'Retry-After': String(Math.ceil(retry / 1000)) });
			return result.failure;
		}
		const joined = result.value;
		if (!joined.rejoined) {
			setParticipantCookie(cookies, url, joined.token, joined.expiresAt);
			showResumeCodeOnce(cookies, url, joined.resumeCode);
			// The console's list of people follows live.
			await mirrorPeople(getDb(), getDocStore(), joined.workshop.id);
		}
		// Came from a table's link: back to that table, if it belongs to this workshop.
		const table = tableParam(raw.table ?? null);
		if (table && (await getDb().selectFrom('boards').select('id').where('id', '=', table).where('workshop_id', '=', joined.workshop.id).executeTakeFirst())) {
			redirect(303, `/tables/${table}`);
		}
		redirect(303, '/atelier');
	}
};
