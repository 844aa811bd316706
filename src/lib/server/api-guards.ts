import * as v from 'valibot';
import { boardDecision, commandRefusal, projectDecision } from './access/rules';
import { idParam } from '$lib/domain/schemas';
import { findProjectRole } from './projects/project.service';
import { refuse } from './api';

type Locals = App.Locals;

/** A facilitator (role with board.edit) of the project that holds this board. */
export async function staffForBoard(locals: Locals, rawBoardId: string) {
	if (!locals.user) return { ok: false as const, error: refuse(401, 'Connexion requise.') };
	const id = v.safeParse(idParam, rawBoardId);
	if (!id.success) return { ok: false as const, error: refuse(404, 'Table introuvable.') };
	const db = locals.app.db;
	const board = await db
		.selectFrom('boards as b')
		.innerJoin('workshops as w', 'w.id', 'b.workshop_id')
		.selectAll('b')
		.select('w.project_id')
		.where('b.id', '=', id.output)
		.executeTakeFirst();
	if (!board) return { ok: false as const, error: refuse(404, 'Table introuvable.') };
	const role = await findProjectRole(db, board.project_id, locals.user.id);
	if (!projectDecision({ signedIn: true, role, participantWorkshopId: null }, 'board.edit').ok) return { ok: false as const, error: refuse(403, role ? 'Votre rôle ne permet pas d’animer cette table.' : 'Vous n’êtes pas membre de ce projet.') };
	return { ok: true as const, db, board, user: locals.user };
}

export async function staffForWorkshop(locals: Locals, rawWorkshopId: string) {
	if (!locals.user) return { ok: false as const, error: refuse(401, 'Connexion requise.') };
	const id = v.safeParse(idParam, rawWorkshopId);
	if (!id.success) return { ok: false as const, error: refuse(404, 'Atelier introuvable.') };
	const db = locals.app.db;
	const workshop = await db.selectFrom('workshops').selectAll().where('id', '=', id.output).executeTakeFirst();
	if (!workshop) return { ok: false as const, error: refuse(404, 'Atelier introuvable.') };
	const role = await findProjectRole(db, workshop.project_id, locals.user.id);
	if (!projectDecision({ signedIn: true, role, participantWorkshopId: null }, 'workshop.edit').ok) return { ok: false as const, error: refuse(403, role ? 'Votre rôle ne permet pas d’animer cet atelier.' : 'Vous n’êtes pas membre de ce projet.') };
	return { ok: true as const, db, workshop, user: locals.user };
}

/** A participant of the workshop holding this board. */
export async function participantForBoard(locals: Locals, rawBoardId: string) {
	const p = locals.participant;
	if (!p) return { ok: false as const, error: refuse(401, 'Rejoignez l’atelier avec son code pour contribuer.') };
	const id = v.safeParse(idParam, rawBoardId);
	if (!id.success) return { ok: false as const, error: refuse(404, 'Table introuvable.') };
	const db = locals.app.db;
	// One query for the board and its workshop (this guard runs for every participant command).
	const row = await db
		.selectFrom('boards as b')
		.innerJoin('workshops as w', 'w.id', 'b.workshop_id')
		.selectAll('b')
		.select('w.archived_at as workshop_archived_at')
		.where('b.id', '=', id.output)
		.executeTakeFirst();
	if (!row) return { ok: false as const, error: refuse(404, 'Table introuvable.') };
	const { workshop_archived_at, ...board } = row;
	const d = boardDecision(
		{ signedIn: !!locals.user, role: null, participantWorkshopId: p.workshopId },
		{ workshopId: board.workshop_id, archived: board.archived_at !== null, workshopArchived: workshop_archived_at !== null },
		'command'
	);
	if (!d.ok) {
		const r = commandRefusal(d.reason);
		return { ok: false as const, error: refuse(r.status, r.message) };
	}
	return { ok: true as const, db, board, participant: p };
}

