import type { Db } from '../db/database.ts';
import { participantSession } from '../db/hot-queries.ts';
import { now } from '../clock.ts';
import { generateSessionToken, hashToken } from './token.ts';

// A partner who joined with a code holds a session scoped to one workshop. It lasts 7 days
// (a workshop and the days of co-writing after it), sliding like facilitator sessions.
export const PARTICIPANT_COOKIE = 'tablee_participant';
export const PARTICIPANT_SESSION_DURATION_MS = 7 * 24 * 3600 * 1000;

export interface ParticipantIdentity {
	sessionId: string;
	participantId: number;
	workshopId: number;
	projectId: number;
	displayName: string;
	organisation: string;
	expiresAt: number;
}

export async function createParticipantSession(
	db: Db,
	participantId: number
): Promise<{ token: string; expiresAt: number }> {
	const token = generateSessionToken();
	const expiresAt = now() + PARTICIPANT_SESSION_DURATION_MS;
	await db
		.insertInto('participant_sessions')
		.values({ id: hashToken(token), participant_id: participantId, expires_at: expiresAt, created_at: now() })
		.execute();
	return { token, expiresAt };
}

export async function validateParticipantToken(
	db: Db,
	token: string
): Promise<{ participant: ParticipantIdentity; renewed: boolean } | null> {
	const id = hashToken(token);
	// Runs for every participant request (each command) and socket upgrade (db/hot-queries.ts).
	const row = participantSession(db, id);
	if (!row) return null;
	const t = now();
	// An archived workshop ends its participants' sessions.
	if (t >= row.expires_at || row.archived_at !== null) {
		await db.deleteFrom('participant_sessions').where('id', '=', id).execute();
		return null;
	}
	let expiresAt = row.expires_at;
	let renewed = false;
	if (expiresAt - t < PARTICIPANT_SESSION_DURATION_MS / 2) {
		expiresAt = t + PARTICIPANT_SESSION_DURATION_MS;
		renewed = true;
		await db.updateTable('participant_sessions').set({ expires_at: expiresAt }).where('id', '=', id).execute();
	}
	return {
		participant: {
			sessionId: id,
			participantId: row.participant_id,
			workshopId: row.workshop_id,
			projectId: row.project_id,
			displayName: row.display_name,
			organisation: row.organisation,
			expiresAt
		},
		renewed
	};
}

export async function invalidateParticipantSession(db: Db, sessionId: string): Promise<void> {
	await db.deleteFrom('participant_sessions').where('id', '=', sessionId).execute();
}
