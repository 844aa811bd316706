import { can, type Action } from '../../domain/permissions.ts';
import type { ProjectRole } from '../../domain/vocabulary.ts';

// Who may do what: one function per resource kind, answering allow or deny with a reason and the
// role. Pure (the facts are loaded by each door, so that the hot paths keep their one prepared
// query); every door (page guards, API guards, socket upgrades, the participants' fast command
// path) asks these and only turns the answer into its own status and French message. A rule such
// as "a closed table or an archived workshop puts its participants out" lives here once.

/** Who is asking, as resolved once per request or upgrade from its cookies. */
export interface PrincipalFacts {
	/** A facilitator's session is valid (whatever the project). */
	signedIn: boolean;
	/** That account's role in the resource's project (null: not a member, or not signed in). */
	role: ProjectRole | null;
	/** The workshop of a valid participant session (null: none). Archived workshops end these sessions. */
	participantWorkshopId: number | null;
}

export type DenyReason =
	/** No valid session at all: sign in, or join. */
	| 'unauthenticated'
	/** Signed in, but not a member of the project. */
	| 'not-member'
	/** A member whose role does not allow the action. */
	| 'role'
	/** A participant of another workshop. */
	| 'other-workshop'
	/** A participant of this workshop, but the table (or the workshop) is closed to them. */
	| 'closed';

export type Decision =
	| { ok: true; as: 'member' | 'participant' | 'coWriter'; role: ProjectRole | null; mode: 'write' | 'read' }
	| { ok: false; reason: DenyReason; role: ProjectRole | null };

/** A project-level action (pages of a project, its workshops and tables, for members). */
export function projectDecision(who: PrincipalFacts, action: Action): Decision {
	if (!who.signedIn) return { ok: false, reason: 'unauthenticated', role: null };
	if (can(who.role, action)) return { ok: true, as: 'member', role: who.role, mode: 'write' };
	return { ok: false, reason: who.role ? 'role' : 'not-member', role: who.role };
}

export interface BoardFacts {
	workshopId: number;
	/** The table is archived (for a workshop's control doc: the workshop is). */
	archived: boolean;
	workshopArchived: boolean;
}

/**
 * - `view`: see the live table (page, socket): members of the project (writing when they may
 *   animate it), and the workshop's participants while it is open (reading: they act by commands).
 * - `command`: a participant's command, only on an open table of their own open workshop.
 * - `facilitate`: animate the table (results, control), owners and facilitators.
 */
export function boardDecision(who: PrincipalFacts, board: BoardFacts, action: 'view' | 'command' | 'facilitate'): Decision {
	if (action === 'facilitate') {
		const d = projectDecision(who, 'board.edit');
		return d;
	}
	if (action === 'view' && can(who.role, 'project.view')) {
		return { ok: true, as: 'member', role: who.role, mode: can(who.role, 'board.edit') ? 'write' : 'read' };
	}
	if (who.participantWorkshopId !== null) {
		if (who.participantWorkshopId !== board.workshopId) return { ok: false, reason: 'other-workshop', role: who.role };
		if (board.archived || board.workshopArchived) return { ok: false, reason: 'closed', role: who.role };
		return { ok: true, as: 'participant', role: null, mode: action === 'command' ? 'write' : 'read' };
	}
	if (action === 'command' || !who.signedIn) return { ok: false, reason: 'unauthenticated', role: who.role };
	return { ok: false, reason: 'not-member', role: who.role };
}

/**
 * A fiche-action: members see it (owners, facilitators and contributors write it), an invited
 * co-writer (`coWriter`: a valid invitation cookie for this fiche) writes it and nothing else. An
 * archived fiche is read-only for everyone.
 */
export function ficheDecision(who: PrincipalFacts & { coWriter: boolean }, fiche: { archived: boolean }): Decision {
	if (can(who.role, 'project.view')) return { ok: true, as: 'member', role: who.role, mode: can(who.role, 'fiche.edit') && !fiche.archived ? 'write' : 'read' };
	if (who.coWriter) return { ok: true, as: 'coWriter', role: null, mode: fiche.archived ? 'read' : 'write' };
	return { ok: false, reason: who.signedIn ? 'not-member' : 'unauthenticated', role: who.role };
}

/** What a participant's command refused answers, at either door (the route and the fast path). */
export function commandRefusal(reason: DenyReason): { status: 401 | 403; message: string } {
	if (reason === 'other-workshop') return { status: 403, message: 'Cette table appartient à un autre atelier.' };
	if (reason === 'closed') return { status: 403, message: 'Cette table est fermée.' };
	return { status: 401, message: 'Rejoignez l’atelier avec son code pour contribuer.' };
}
