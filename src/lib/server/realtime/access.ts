import type { Db } from '../db/database.ts';
import { can } from '../../domain/permissions.ts';
import { parseDocName } from '../../docs/doc-names.ts';
import { readCookie } from '../auth/token.ts';
import { SESSION_COOKIE, validateSessionToken } from '../auth/session.ts';
import { PARTICIPANT_COOKIE, validateParticipantToken } from '../auth/participant-session.ts';
import { findProjectRole } from '../projects/project.service.ts';
import { boardDecision, ficheDecision, type PrincipalFacts } from '../access/rules.ts';
import { coWriterFromHeader, inviteStillValid } from '../fiches/invites.ts';

export type AccessMode = 'write' | 'read';

export interface DocAccess {
	docName: string;
	mode: AccessMode;
	/** Facilitator session (SHA-256 id) or participant session id. */
	sessionId: string;
	userId: number | null;
	participantId: number | null;
	/** Null for a fiche (it belongs to the project, not to a workshop). */
	workshopId: number | null;
	projectId: number;
	/** An invited co-writer of one fiche (no account). */
	inviteId?: number;
	/** Who this is, from the session: what other people see in presence, whatever the client claims. */
	displayName: string;
	organisation?: string;
	/** The role shown in presence. */
	presenceRole: 'facilitator' | 'participant' | 'viewer';
}

export type AccessResult = { ok: true; access: DocAccess } | { ok: false; status: 401 | 403 | 404; message: string };

/**
 * Who may open `docName`, from the request's cookies. The same session functions as
 * hooks.server.ts. Board docs: owners and facilitators write; contributors, observers and the
 * workshop's participants read (participants act through commands).
 */
export async function resolveDocAccess(db: Db, docName: string, cookieHeader: string | undefined): Promise<AccessResult> {
	const parsed = parseDocName(docName);
	if (!parsed) return { ok: false, status: 404, message: 'Document inconnu.' };
	if (parsed.type === 'fiche') return resolveFicheAccess(db, docName, parsed.id, cookieHeader);
	// A workshop's control doc is read by its members and participants, written by the server only.
	const controlDoc = parsed.type === 'workshop';
	const board = controlDoc
		? await db
				.selectFrom('workshops as w')
				.select(['w.id', 'w.archived_at', 'w.id as workshop_id', 'w.project_id', 'w.archived_at as workshop_archived_at'])
				.where('w.id', '=', parsed.id)
				.executeTakeFirst()
		: await db
				.selectFrom('boards as b')
				.innerJoin('workshops as w', 'w.id', 'b.workshop_id')
				.select(['b.id', 'b.archived_at', 'w.id as workshop_id', 'w.project_id', 'w.archived_at as workshop_archived_at'])
				.where('b.id', '=', parsed.id)
				.executeTakeFirst();
	if (!board) return { ok: false, status: 404, message: controlDoc ? 'Atelier introuvable.' : 'Table introuvable.' };

	// Who asks, from the cookies (the same session functions as hooks.server.ts); the decision is
	// the one every door asks (access/rules.ts).
	const facts = { workshopId: board.workshop_id, archived: board.archived_at !== null, workshopArchived: board.workshop_archived_at !== null };
	let who: PrincipalFacts = { signedIn: false, role: null, participantWorkshopId: null };
	let user: { id: number; display_name: string; sessionId: string } | null = null;
	const userToken = readCookie(cookieHeader, SESSION_COOKIE);
	if (userToken) {
		const v = await validateSessionToken(db, userToken);
		if (v.session) {
			user = { id: v.user.id, display_name: v.user.display_name, sessionId: v.session.id };
			who = { ...who, signedIn: true, role: await findProjectRole(db, board.project_id, v.user.id) };
		}
	}
	let d = boardDecision(who, facts, 'view');
	if (d.ok && d.as === 'member' && user) {
		return {
			ok: true,
			access: {
				docName,
				mode: d.mode === 'write' && !controlDoc ? 'write' : 'read',
				sessionId: user.sessionId,
				userId: user.id,
				participantId: null,
				workshopId: board.workshop_id,
				projectId: board.project_id,
				displayName: user.display_name,
				presenceRole: d.mode === 'write' ? 'facilitator' : 'viewer'
			}
		};
	}
	// Not a member: a participant's session, if any, is asked next.
	const participantToken = readCookie(cookieHeader, PARTICIPANT_COOKIE);
	const v = participantToken ? await validateParticipantToken(db, participantToken) : null;
	if (v) d = boardDecision({ ...who, participantWorkshopId: v.participant.workshopId }, facts, 'view');
	if (d.ok && v) {
		return {
			ok: true,
			access: {
				docName,
				mode: 'read',
				sessionId: v.participant.sessionId,
				userId: null,
				participantId: v.participant.participantId,
				workshopId: board.workshop_id,
				projectId: board.project_id,
				displayName: v.participant.displayName,
				organisation: v.participant.organisation,
				presenceRole: 'participant'
			}
		};
	}
	if (!d.ok && (d.reason === 'other-workshop' || d.reason === 'closed')) return { ok: false, status: 403, message: 'Cette table appartient à un autre atelier.' };
	// A cookie that no longer opens a session (logout, expiry) is the same as none: 401.
	if (!d.ok && d.reason === 'unauthenticated') return { ok: false, status: 401, message: 'Connexion requise.' };
	return { ok: false, status: 403, message: 'Accès refusé à cette table.' };
}

/**
 * Fiche docs: members who may edit fiches (owner, facilitator, contributor) write, observers read;
 * an invited co-writer writes that fiche only. An archived fiche is read-only for everyone.
 */
async function resolveFicheAccess(db: Db, docName: string, ficheId: number, cookieHeader: string | undefined): Promise<AccessResult> {
	const fiche = await db.selectFrom('fiches').select(['id', 'project_id', 'archived_at']).where('id', '=', ficheId).executeTakeFirst();
	if (!fiche) return { ok: false, status: 404, message: 'Fiche introuvable.' };
	const base = { docName, workshopId: null, projectId: fiche.project_id, participantId: null };
	const archived = { archived: fiche.archived_at !== null };
	let who: PrincipalFacts = { signedIn: false, role: null, participantWorkshopId: null };
	const userToken = readCookie(cookieHeader, SESSION_COOKIE);
	if (userToken) {
		const v = await validateSessionToken(db, userToken);
		if (v.session) {
			who = { ...who, signedIn: true, role: await findProjectRole(db, fiche.project_id, v.user.id) };
			const d = ficheDecision({ ...who, coWriter: false }, archived);
			if (d.ok) {
				const presenceRole = d.mode === 'write' ? 'facilitator' : 'viewer';
				return { ok: true, access: { ...base, mode: d.mode, sessionId: v.session.id, userId: v.user.id, displayName: v.user.display_name, presenceRole } };
			}
		}
	}
	const coWriter = await coWriterFromHeader(db, ficheId, cookieHeader);
	const d = ficheDecision({ ...who, coWriter: coWriter !== null }, archived);
	if (d.ok && coWriter) {
		return {
			ok: true,
			access: {
				...base,
				mode: d.mode,
				sessionId: `invite:${coWriter.inviteId}`,
				userId: null,
				inviteId: coWriter.inviteId,
				displayName: coWriter.name,
				organisation: coWriter.organisation,
				presenceRole: 'participant'
			}
		};
	}
	if (!who.signedIn) return { ok: false, status: 401, message: 'Connexion requise.' };
	return { ok: false, status: 403, message: 'Accès refusé à cette fiche.' };
}

/** Is this access still granted (session alive, role kept, workshop open)? Re-checked periodically. */
export async function recheckAccess(db: Db, a: DocAccess): Promise<'ok' | 'unauthenticated' | 'forbidden'> {
	const t = Date.now();
	if (a.inviteId !== undefined) return (await inviteStillValid(db, a.inviteId)) ? 'ok' : 'forbidden';
	const fiche = parseDocName(a.docName);
	if (fiche?.type === 'fiche' && a.userId !== null) {
		const s = await db.selectFrom('sessions').select('expires_at').where('id', '=', a.sessionId).executeTakeFirst();
		if (!s || s.expires_at <= t) return 'unauthenticated';
		const role = await findProjectRole(db, a.projectId, a.userId);
		if (!can(role, 'project.view')) return 'forbidden';
		if (a.mode === 'write' && !can(role, 'fiche.edit')) return 'forbidden';
		return 'ok';
	}
	if (a.userId !== null) {
		const s = await db.selectFrom('sessions').select('expires_at').where('id', '=', a.sessionId).executeTakeFirst();
		if (!s || s.expires_at <= t) return 'unauthenticated';
		const role = await findProjectRole(db, a.projectId, a.userId);
		if (!can(role, 'project.view')) return 'forbidden';
		if (a.mode === 'write' && !can(role, 'board.edit')) return 'forbidden';
		if (a.mode === 'read' && can(role, 'board.edit') && !a.docName.startsWith('workshop:')) return 'forbidden';
		return 'ok';
	}
	const s = await db
		.selectFrom('participant_sessions as s')
		.innerJoin('participants as p', 'p.id', 's.participant_id')
		.innerJoin('workshops as w', 'w.id', 'p.workshop_id')
		.select(['s.expires_at', 'w.archived_at'])
		.where('s.id', '=', a.sessionId)
		.executeTakeFirst();
	if (!s || s.expires_at <= t) return 'unauthenticated';
	if (s.archived_at !== null) return 'forbidden';
	const board = parseDocName(a.docName);
	if (board?.type === 'board') {
		const row = await db.selectFrom('boards').select('archived_at').where('id', '=', board.id).executeTakeFirst();
		if (!row || row.archived_at !== null) return 'forbidden';
	}
	return 'ok';
}
