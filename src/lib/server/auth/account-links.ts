import type { Db } from '../db/database.ts';
import type { ProjectRole } from '../../domain/vocabulary.ts';
import { now } from '../clock.ts';
import { AppError } from '../errors.ts';
import { audit } from '../audit.ts';
import { hashPassword } from './password.ts';
import { passwordProblem } from './password-policy.ts';
import { generateSessionToken, hashToken } from './token.ts';

// Single-use links that let a person set a password (sign-up is closed by default):
// - setup: the first administrator's, printed at start while the instance has no administrator;
// - invitation: an account for an e-mail (by the administrator, or into a project with a role);
// - reset: a new password for an existing account, issued by the administrator.
// The link holds a random token; the table keeps only its SHA-256 (like sessions). Using a link
// marks it used; a newer link of the same kind for the same person replaces the older ones.

const HOUR = 3600_000;
export const LINK_LIFETIME_MS = { setup: 24 * HOUR, invitation: 7 * 24 * HOUR, reset: 24 * HOUR } as const;
export type AccountLinkKind = keyof typeof LINK_LIFETIME_MS;
export const ACCOUNT_LINK_PATH = '/compte/';

export interface AccountLinkView {
	kind: AccountLinkKind;
	/** The address the account will have (invitation, reset); null for setup (typed by the person). */
	email: string | null;
	/** The name already known (reset). */
	displayName: string | null;
	projectName: string | null;
	role: string | null;
	expiresAt: number;
}

async function issue(
	db: Db,
	values: { kind: AccountLinkKind; email?: string | null; userId?: number | null; projectId?: number | null; role?: ProjectRole | null; createdBy?: number | null }
): Promise<{ token: string; expiresAt: number }> {
	const token = generateSessionToken();
	const t = now();
	const expiresAt = t + LINK_LIFETIME_MS[values.kind];
	// The older unused links for the same purpose stop working.
	let older = db.updateTable('account_links').set({ used_at: t }).where('kind', '=', values.kind).where('used_at', 'is', null);
	if (values.kind === 'reset') older = older.where('user_id', '=', values.userId ?? -1);
	else if (values.kind === 'invitation') older = older.where('email', '=', values.email ?? '').where('project_id', values.projectId ? '=' : 'is', values.projectId ?? null);
	await older.execute();
	await db
		.insertInto('account_links')
		.values({
			id: hashToken(token),
			kind: values.kind,
			email: values.email ?? null,
			user_id: values.userId ?? null,
			project_id: values.projectId ?? null,
			role: values.role ?? null,
			created_by: values.createdBy ?? null,
			created_at: t,
			expires_at: expiresAt,
			used_at: null
		})
		.execute();
	await audit(db, { userId: values.createdBy ?? null, action: `link.${values.kind}`, subject: values.userId ? `user:${values.userId}` : `email:${values.email ?? ''}` });
	return { token, expiresAt };
}

/** Whether the instance has an administrator yet. */
export async function hasAdministrator(db: Db): Promise<boolean> {
	return !!(await db.selectFrom('users').select('id').where('is_admin', '=', 1).executeTakeFirst());
}

/** The first administrator's link (a new one at each start while there is none). */
export function issueSetupLink(db: Db) {
	return issue(db, { kind: 'setup' });
}

export function issueInvitation(db: Db, input: { email: string; createdBy: number; projectId?: number; role?: ProjectRole }) {
	return issue(db, { kind: 'invitation', email: input.email, projectId: input.projectId ?? null, role: input.role ?? null, createdBy: input.createdBy });
}

export function issueResetLink(db: Db, input: { userId: number; createdBy: number }) {
	return issue(db, { kind: 'reset', userId: input.userId, createdBy: input.createdBy });
}

const INVALID = 'Ce lien n’est plus valable : il a déjà servi, il a expiré ou il a été remplacé. Demandez-en un nouveau à l’administrateur.';

async function findUsable(db: Db, token: string) {
	if (!/^[a-z2-7]{32}$/.test(token)) return null;
	const row = await db
		.selectFrom('account_links as l')
		.leftJoin('users as u', 'u.id', 'l.user_id')
		.leftJoin('projects as p', 'p.id', 'l.project_id')
		.select(['l.id', 'l.kind', 'l.email', 'l.user_id', 'l.project_id', 'l.role', 'l.expires_at', 'l.used_at', 'u.email as user_email', 'u.display_name', 'p.name as project_name'])
		.where('l.id', '=', hashToken(token))
		.executeTakeFirst();
	if (!row || row.used_at !== null || row.expires_at <= now()) return null;
	return row;
}

/** What the link's page shows, or null when the link cannot be used (never says why it is unknown). */
export async function viewAccountLink(db: Db, token: string): Promise<AccountLinkView | null> {
	const row = await findUsable(db, token);
	if (!row) return null;
	return {
		kind: row.kind,
		email: row.kind === 'reset' ? row.user_email : row.email,
		displayName: row.kind === 'reset' ? row.display_name : null,
		projectName: row.project_name,
		role: row.role,
		expiresAt: row.expires_at
	};
}

/**
 * Uses a link: creates the account (setup, invitation) or sets the new password (reset), in one
 * transaction that also marks the link used, so a link works once. A reset ends the account's
 * other sessions. Returns the account to sign in.
 */
export async function useAccountLink(db: Db, token: string, input: { displayName?: string; email?: string; password: string }) {
	const row = await findUsable(db, token);
	if (!row) throw new AppError('not_found', INVALID);
	const email = row.kind === 'reset' ? row.user_email! : row.kind === 'invitation' ? row.email! : input.email;
	if (!email) throw new AppError('invalid', 'Adresse e-mail : champ obligatoire.');
	const displayName = row.kind === 'reset' ? row.display_name! : input.displayName;
	if (!displayName) throw new AppError('invalid', 'Nom : champ obligatoire.');
	const problem = passwordProblem(input.password, { email, displayName });
	if (problem) throw new AppError('invalid', problem);
	const passwordHash = await hashPassword(input.password);
	const t = now();
	return db.transaction().execute(async (trx) => {
		// Marked used first, and only if still unused: two submissions of one link create one account.
		const claimed = await trx.updateTable('account_links').set({ used_at: t }).where('id', '=', row.id).where('used_at', 'is', null).executeTakeFirst();
		if (Number(claimed.numUpdatedRows) !== 1) throw new AppError('not_found', INVALID);
		if (row.kind === 'reset') {
			await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', row.user_id!).execute();
			await trx.deleteFrom('sessions').where('user_id', '=', row.user_id!).execute();
			await audit(trx, { userId: row.user_id, action: 'user.password_reset', subject: `user:${row.user_id}` });
			return trx.selectFrom('users').select(['id', 'email', 'display_name', 'is_admin']).where('id', '=', row.user_id!).executeTakeFirstOrThrow();
		}
		const existing = await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
		// Said only to someone holding a valid link (the administrator chose the address).
		if (existing) throw new AppError('conflict', 'Un compte existe déjà pour cette adresse : connectez-vous, ou demandez un lien de réinitialisation à l’administrateur.');
		const user = await trx
			.insertInto('users')
			.values({ email, display_name: displayName, password_hash: passwordHash, is_admin: row.kind === 'setup' ? 1 : 0, created_at: t })
			.returning(['id', 'email', 'display_name', 'is_admin'])
			.executeTakeFirstOrThrow();
		if (row.kind === 'invitation' && row.project_id && row.role) {
			await trx.insertInto('project_members').values({ project_id: row.project_id, user_id: user.id, role: row.role as ProjectRole, created_at: t }).execute();
		}
		await audit(trx, { userId: user.id, action: row.kind === 'setup' ? 'user.setup' : 'user.invited', subject: `user:${user.id}` });
		return user;
	});
}

/** The link as the person will open it. */
export function accountLinkUrl(origin: string, token: string): string {
	return `${origin}${ACCOUNT_LINK_PATH}${token}`;
}
