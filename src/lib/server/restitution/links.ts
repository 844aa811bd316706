import type { Db } from '../db/database.ts';
import { now } from '../clock.ts';
import { audit } from '../audit.ts';
import { generateSessionToken, hashToken } from '../auth/token.ts';

// Public read-only links to a workshop's restitution. Revoking one ends it at once: the page
// answers "lien retiré" and its live stream closes at the next change.

export async function createRestitutionLink(db: Db, workshopId: number, byUserId: number, expiresAt: number): Promise<string> {
	const token = generateSessionToken();
	await db
		.insertInto('restitution_links')
		.values({ workshop_id: workshopId, token_hash: hashToken(token), created_by: byUserId, created_at: now(), expires_at: expiresAt })
		.execute();
	await audit(db, { userId: byUserId, action: 'restitution.link', subject: `workshop:${workshopId}` });
	return token;
}

export async function revokeRestitutionLinks(db: Db, workshopId: number, byUserId: number): Promise<number> {
	const r = await db
		.updateTable('restitution_links')
		.set({ revoked_at: now() })
		.where('workshop_id', '=', workshopId)
		.where('revoked_at', 'is', null)
		.executeTakeFirst();
	await audit(db, { userId: byUserId, action: 'restitution.revoke', subject: `workshop:${workshopId}` });
	return Number(r.numUpdatedRows);
}

export async function activeRestitutionLinks(db: Db, workshopId: number) {
	return db
		.selectFrom('restitution_links')
		.select(['id', 'created_at', 'expires_at'])
		.where('workshop_id', '=', workshopId)
		.where('revoked_at', 'is', null)
		.where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now())]))
		.execute();
}

/** The workshop a public token opens, if the link is still valid (and the workshop not archived). */
export async function workshopOfRestitutionToken(db: Db, token: string): Promise<number | null> {
	if (!/^[a-z2-7]{16,64}$/.test(token)) return null;
	const row = await db
		.selectFrom('restitution_links as l')
		.innerJoin('workshops as w', 'w.id', 'l.workshop_id')
		.select(['l.workshop_id', 'l.revoked_at', 'l.expires_at', 'w.archived_at'])
		.where('l.token_hash', '=', hashToken(token))
		.executeTakeFirst();
	const expired = row?.expires_at != null && row.expires_at <= now();
	return row && row.revoked_at === null && row.archived_at === null && !expired ? row.workshop_id : null;
}
