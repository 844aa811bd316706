import type { Db } from '../db/database.ts';
import { sessionWithUser } from '../db/hot-queries.ts';
import type { User } from '../db/schema.ts';
import { now } from '../clock.ts';
import { generateSessionToken, hashToken } from './token.ts';

// Facilitator sessions, after lucia-auth.com: the cookie holds a random token, the table holds
// its SHA-256; a session lasts 30 days and slides forward when used in its second half.
export const SESSION_COOKIE = 'tablee_session';
export const SESSION_DURATION_MS = 30 * 24 * 3600 * 1000;
const RENEW_WHEN_LEFT_MS = SESSION_DURATION_MS / 2;

export type SessionUser = Pick<User, 'id' | 'email' | 'display_name' | 'is_admin'>;
export interface Session {
	id: string;
	userId: number;
	expiresAt: number;
}
export type SessionValidation =
	| { session: Session; user: SessionUser; renewed: boolean }
	| { session: null; user: null; renewed: false };

export async function createSession(db: Db, userId: number): Promise<{ token: string; session: Session }> {
	const token = generateSessionToken();
	const session: Session = { id: hashToken(token), userId, expiresAt: now() + SESSION_DURATION_MS };
	await db
		.insertInto('sessions')
		.values({ id: session.id, user_id: userId, expires_at: session.expiresAt, created_at: now() })
		.execute();
	return { token, session };
}

export async function validateSessionToken(db: Db, token: string): Promise<SessionValidation> {
	const id = hashToken(token);
	// Runs for every request that carries the cookie and every socket upgrade (db/hot-queries.ts).
	const row = sessionWithUser(db, id);
	if (!row) return { session: null, user: null, renewed: false };
	const t = now();
	if (t >= row.expires_at) {
		await db.deleteFrom('sessions').where('id', '=', id).execute();
		return { session: null, user: null, renewed: false };
	}
	let expiresAt = row.expires_at;
	let renewed = false;
	if (expiresAt - t < RENEW_WHEN_LEFT_MS) {
		expiresAt = t + SESSION_DURATION_MS;
		renewed = true;
		await db.updateTable('sessions').set({ expires_at: expiresAt }).where('id', '=', id).execute();
	}
	return {
		session: { id, userId: row.user_id, expiresAt },
		user: { id: row.user_id, email: row.email, display_name: row.display_name, is_admin: row.is_admin },
		renewed
	};
}

export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
	await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}
