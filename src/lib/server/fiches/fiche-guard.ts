import { error, type RequestEvent } from '@sveltejs/kit';
import { can } from '../../domain/permissions.ts';
import type { ProjectRole } from '../../domain/vocabulary.ts';
import { parseId, requireUser } from '../guards.ts';
import { findProjectById, findProjectRole } from '../projects/project.service.ts';
import { findFiche } from './fiche.service.ts';
import { ficheDecision } from '../access/rules.ts';
import { coWriterFromCookies, type CoWriter } from './invites.ts';

type Event = Pick<RequestEvent, 'locals' | 'url' | 'cookies'>;

/**
 * A fiche is open to the members of its project (writing for owner, facilitator, contributor)
 * and to co-writers invited to that fiche only. Every load and action of the fiche pages calls it.
 */
export async function requireFiche(event: Event, rawFicheId: string | undefined) {
	const db = event.locals.app.db;
	const fiche = await findFiche(db, parseId(rawFicheId));
	if (!fiche) error(404, 'Fiche introuvable.');
	const project = (await findProjectById(db, fiche.project_id))!;
	let role: ProjectRole | null = null;
	if (event.locals.user) role = await findProjectRole(db, fiche.project_id, event.locals.user.id);
	const who = { signedIn: !!event.locals.user, role, participantWorkshopId: null };
	const asMember = ficheDecision({ ...who, coWriter: false }, { archived: fiche.archived_at !== null });
	if (asMember.ok) {
		return {
			db,
			fiche,
			project,
			role: role as ProjectRole,
			coWriter: null as CoWriter | null,
			canEdit: asMember.mode === 'write',
			canManage: can(role, 'fiche.manage'),
			actor: { userId: event.locals.user!.id, name: event.locals.user!.display_name }
		};
	}
	// Not a member: an invitation to this fiche, if the browser holds one.
	const coWriter = await coWriterFromCookies(db, fiche.id, (name) => event.cookies.get(name));
	const d = ficheDecision({ ...who, coWriter: coWriter !== null }, { archived: fiche.archived_at !== null });
	if (d.ok && coWriter) {
		return {
			db,
			fiche,
			project,
			role: null,
			coWriter,
			canEdit: d.mode === 'write',
			canManage: false,
			actor: { userId: null, name: `${coWriter.name} (${coWriter.organisation})` }
		};
	}
	if (!event.locals.user) requireUser(event);
	error(403, 'Cette fiche appartient à un projet dont vous n’êtes pas membre.');
}
