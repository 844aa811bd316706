import type { Db } from '../db/database.ts';
import { now } from '../clock.ts';
import { audit } from '../audit.ts';
import { AppError } from '../errors.ts';
import { generateSessionToken, hashToken } from '../auth/token.ts';

// "Mise à jour" links: one per porteur, listing the fiches chosen when it is made (by default those
// whose "Porteur de l'action" is that porteur). The link opens a phone view of those fiches' steps
// and nothing else: every action checks the fiche against this list. Only the token's SHA-256 is
// kept. A link lasts a year (the annual conference's rhythm); the facilitator makes a new one after.

export const SUIVI_LINK_DURATION_MS = 366 * 24 * 3600 * 1000;

export interface SuiviLink {
	id: number;
	projectId: number;
	porteur: string;
	ficheIds: number[];
}

export async function createSuiviLink(db: Db, projectId: number, porteur: string, ficheIds: readonly number[], byUserId: number | null): Promise<{ id: number; token: string }> {
	const ids = [...new Set(ficheIds)];
	if (!ids.length) throw new AppError('invalid', 'Choisissez au moins une fiche pour ce lien.');
	const own = await db.selectFrom('fiches').select('id').where('project_id', '=', projectId).where('archived_at', 'is', null).where('id', 'in', ids).execute();
	if (own.length !== ids.length) throw new AppError('invalid', 'Une des fiches choisies n’appartient pas à ce projet.');
	const token = generateSessionToken();
	const t = now();
	const link = await db
		.insertInto('suivi_links')
		.values({ project_id: projectId, porteur, token_hash: hashToken(token), created_by: byUserId, created_at: t, expires_at: t + SUIVI_LINK_DURATION_MS })
		.returning('id')
		.executeTakeFirstOrThrow();
	await db
		.insertInto('suivi_link_fiches')
		.values(ids.map((fiche_id) => ({ link_id: link.id, fiche_id })))
		.execute();
	await audit(db, { userId: byUserId, action: 'suivi.link', subject: `project:${projectId}`, detail: `${link.id} ${porteur}` });
	return { id: link.id, token };
}

/** The link a token opens, or null (unknown, revoked, expired). Marks it used. */
export async function openSuiviLink(db: Db, token: string): Promise<SuiviLink | null> {
	if (!/^[a-z0-9]{16,64}$/i.test(token)) return null;
	const row = await db
		.selectFrom('suivi_links as l')
		.innerJoin('projects as p', 'p.id', 'l.project_id')
		.select(['l.id', 'l.project_id', 'l.porteur', 'l.expires_at', 'l.revoked_at', 'p.archived_at'])
		.where('l.token_hash', '=', hashToken(token))
		.executeTakeFirst();
	if (!row || row.revoked_at !== null || row.expires_at <= now() || row.archived_at !== null) return null;
	const fiches = await db
		.selectFrom('suivi_link_fiches as lf')
		.innerJoin('fiches as f', 'f.id', 'lf.fiche_id')
		.select('f.id')
		.where('lf.link_id', '=', row.id)
		.where('f.archived_at', 'is', null)
		.execute();
	await db.updateTable('suivi_links').set({ last_used_at: now() }).where('id', '=', row.id).execute();
	return { id: row.id, projectId: row.project_id, porteur: row.porteur, ficheIds: fiches.map((f) => f.id) };
}

/** The one check of every action through a link: this fiche is one of the link's. */
export function requireLinkFiche(link: SuiviLink, ficheId: number): void {
	if (!link.ficheIds.includes(ficheId)) throw new AppError('forbidden', 'Cette fiche ne fait pas partie de votre lien de mise à jour.');
}

export async function listSuiviLinks(db: Db, projectId: number) {
	const links = await db
		.selectFrom('suivi_links')
		.select(['id', 'porteur', 'created_at', 'expires_at', 'revoked_at', 'last_used_at'])
		.where('project_id', '=', projectId)
		.orderBy('created_at', 'desc')
		.execute();
	const counts = await db
		.selectFrom('suivi_link_fiches as lf')
		.innerJoin('suivi_links as l', 'l.id', 'lf.link_id')
		.select(['lf.link_id', (eb) => eb.fn.countAll<number>().as('n')])
		.where('l.project_id', '=', projectId)
		.groupBy('lf.link_id')
		.execute();
	const lastUpdates = await db
		.selectFrom('suivi_step_events')
		.select(['by_link_id', (eb) => eb.fn.max('at').as('last')])
		.where('by_link_id', 'in', links.length ? links.map((l) => l.id) : [-1])
		.groupBy('by_link_id')
		.execute();
	return links.map((l) => ({
		...l,
		fiches: Number(counts.find((c) => c.link_id === l.id)?.n ?? 0),
		lastUpdateAt: (lastUpdates.find((u) => u.by_link_id === l.id)?.last as number | null | undefined) ?? null,
		active: l.revoked_at === null && l.expires_at > now()
	}));
}

export async function revokeSuiviLink(db: Db, projectId: number, linkId: number, byUserId: number | null): Promise<void> {
	const r = await db
		.updateTable('suivi_links')
		.set({ revoked_at: now() })
		.where('id', '=', linkId)
		.where('project_id', '=', projectId)
		.where('revoked_at', 'is', null)
		.executeTakeFirst();
	if (Number(r.numUpdatedRows) === 0) throw new AppError('not_found', 'Lien introuvable ou déjà retiré.');
	await audit(db, { userId: byUserId, action: 'suivi.link-revoke', subject: `project:${projectId}`, detail: String(linkId) });
}
