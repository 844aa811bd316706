import { prepared, sqliteOf, type Db } from '../db/database.ts';
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
	// Runs for every participant request (each command) and socket upgrade: a prepared statement.
	const row = prepared<
		[string],
		{ id: string; expires_at: number; participant_id: number; display_name: string; organisation: string; workshop_id: number; project_id: number; archived_at: number | null }
	>(
		sqliteOf(db),
		`select s.id, s.expires_at, p.id as participant_id, p.display_name, p.organisation, w.id as workshop_id, w.project_id, w.archived_at
		 from participant_sessions s join participants p on p.id = s.participant_id join workshops w on w.id = p.workshop_id
		 where s.id = ?`
	).get(id);
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
