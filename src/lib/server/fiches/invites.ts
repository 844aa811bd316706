import type { Db } from '../db/database.ts';
import { now } from '../clock.ts';
import { audit } from '../audit.ts';
import { AppError } from '../errors.ts';
import { generateSessionToken, hashToken, readCookie } from '../auth/token.ts';
import { ficheDocName } from '../../docs/doc-names.ts';

// A partner without an account co-writes one fiche through a link: the link's token, once opened,
// lives in a cookie named after that fiche, and opens that fiche only. Revoking it closes the
// partner's open sockets (the caller does, through revokeConnections).

export const INVITE_DURATION_MS = 120 * 24 * 3600 * 1000;

export function inviteCookieName(ficheId: number): string {
	return `tablee_fiche_${ficheId}`;
}

export interface CoWriter {
	inviteId: number;
	ficheId: number;
	name: string;
	organisation: string;
}

export async function createInvite(
	db: Db,
	ficheId: number,
	input: { name: string; organisation: string },
	byUserId: number | null
): Promise<{ id: number; token: string }> {
	const token = generateSessionToken();
	const t = now();
	const row = await db
		.insertInto('fiche_invites')
		.values({
			fiche_id: ficheId,
			token_hash: hashToken(token),
			name: input.name,
			organisation: input.organisation,
			created_by: byUserId,
			created_at: t,
			expires_at: t + INVITE_DURATION_MS
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	await audit(db, { userId: byUserId, action: 'fiche.invite', subject: ficheDocName(ficheId), detail: String(row.id) });
	return { id: row.id, token };
}

export async function listInvites(db: Db, ficheId: number) {
	return db
		.selectFrom('fiche_invites')
		.select(['id', 'name', 'organisation', 'created_at', 'expires_at', 'revoked_at'])
		.where('fiche_id', '=', ficheId)
		.orderBy('created_at', 'desc')
		.execute();
}

export async function revokeInvite(db: Db, ficheId: number, inviteId: number, byUserId: number | null): Promise<void> {
	const r = await db
		.updateTable('fiche_invites')
		.set({ revoked_at: now() })
		.where('id', '=', inviteId)
		.where('fiche_id', '=', ficheId)
		.where('revoked_at', 'is', null)
		.executeTakeFirst();
	if (Number(r.numUpdatedRows) === 0) throw new AppError('not_found', 'Invitation introuvable ou déjà retirée.');
	await audit(db, { userId: byUserId, action: 'fiche.invite-revoke', subject: ficheDocName(ficheId), detail: String(inviteId) });
}

/** The co-writer a token opens, for this fiche only. */
export async function validateInviteToken(db: Db, ficheId: number, token: string): Promise<CoWriter | null> {
	const row = await db
		.selectFrom('fiche_invites as i')
		.innerJoin('fiches as f', 'f.id', 'i.fiche_id')
		.select(['i.id', 'i.fiche_id', 'i.name', 'i.organisation', 'i.expires_at', 'i.revoked_at', 'f.archived_at'])
		.where('i.token_hash', '=', hashToken(token))
		.executeTakeFirst();
	if (!row || row.fiche_id !== ficheId || row.revoked_at !== null || row.archived_at !== null || row.expires_at <= now()) return null;
	return { inviteId: row.id, ficheId: row.fiche_id, name: row.name, organisation: row.organisation };
}

/** From a raw Cookie header (sockets) or SvelteKit's cookies (routes). */
export async function coWriterFromCookies(db: Db, ficheId: number, get: (name: string) => string | null | undefined): Promise<CoWriter | null> {
	const token = get(inviteCookieName(ficheId));
	return token ? validateInviteToken(db, ficheId, token) : null;
}

export function coWriterFromHeader(db: Db, ficheId: number, header: string | undefined): Promise<CoWriter | null> {
	return coWriterFromCookies(db, ficheId, (name) => readCookie(header, name));
}

/** Is this invitation still valid (re-checked periodically for open sockets)? */
export async function inviteStillValid(db: Db, inviteId: number): Promise<boolean> {
	const row = await db
		.selectFrom('fiche_invites as i')
		.innerJoin('fiches as f', 'f.id', 'i.fiche_id')
		.select(['i.revoked_at', 'i.expires_at', 'f.archived_at'])
		.where('i.id', '=', inviteId)
		.executeTakeFirst();
	return !!row && row.revoked_at === null && row.archived_at === null && row.expires_at > now();
}
