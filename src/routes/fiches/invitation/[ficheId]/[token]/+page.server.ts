import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db/database';
import { parseId } from '$lib/server/guards';
import { inviteCookieName, validateInviteToken, INVITE_DURATION_MS } from '$lib/server/fiches/invites';
import { setInviteCookie } from '$lib/server/auth/cookies';
import { now } from '$lib/server/clock';

// The link a porteur sends to a partner: opening it keeps the invitation in this browser (a
// cookie for that fiche only) and opens the fiche. A revoked or unknown link explains itself.
export const load: PageServerLoad = async ({ params, cookies, url, setHeaders }) => {
	setHeaders({ 'referrer-policy': 'no-referrer', 'cache-control': 'no-store' });
	const ficheId = parseId(params.ficheId);
	const token = params.token;
	const coWriter = /^[a-z2-7]{16,64}$/.test(token) ? await validateInviteToken(getDb(), ficheId, token) : null;
	if (!coWriter) return { invalid: true };
	setInviteCookie(cookies, url, inviteCookieName(ficheId), token, now() + INVITE_DURATION_MS);
	redirect(303, `/fiches/${ficheId}`);
};
