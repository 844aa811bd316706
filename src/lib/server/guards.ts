import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import * as v from 'valibot';
import type { Action } from '$lib/domain/permissions';
import { boardDecision, projectDecision } from './access/rules';
import { idParam } from '$lib/domain/schemas';
import type { ProjectRole } from '$lib/domain/vocabulary';
import { AppError } from './errors';
import { findProjectById, findProjectRole } from './projects/project.service';
import { findWorkshopById } from './workshops/workshop.service';
import { findBoardById } from './boards/board.service';

// Authorisation for routes: every load and every action calls one of these, never a layout
// alone (layouts do not run for every request of their children).

type Event = Pick<RequestEvent, 'locals' | 'url'>;

export function requireUser(event: Event) {
	if (!event.locals.user) {
		const next = event.url.pathname + event.url.search;
		redirect(303, `/connexion?suite=${encodeURIComponent(next)}`);
	}
	return event.locals.user;
}

export function parseId(raw: string | undefined): number {
	const r = v.safeParse(idParam, raw ?? '');
	if (!r.success) error(404, 'Page introuvable.');
	return r.output;
}

function deny(role: ProjectRole | null): never {
	if (!role) error(403, "Vous n'êtes pas membre de ce projet. Demandez à son pilote de vous inviter.");
	error(403, "Votre rôle dans ce projet ne permet pas cette action.");
}

export async function requireProject(event: Event, rawProjectId: string | undefined, action: Action) {
	const user = requireUser(event);
	const db = event.locals.app.db;
	const project = await findProjectById(db, parseId(rawProjectId));
	if (!project) error(404, 'Projet introuvable.');
	const role = await findProjectRole(db, project.id, user.id);
	if (!projectDecision({ signedIn: true, role, participantWorkshopId: null }, action).ok) deny(role);
	return { db, user, project, role: role as ProjectRole };
}

export async function requireWorkshop(event: Event, rawWorkshopId: string | undefined, action: Action) {
	const user = requireUser(event);
	const db = event.locals.app.db;
	const workshop = await findWorkshopById(db, parseId(rawWorkshopId));
	if (!workshop) error(404, 'Atelier introuvable.');
	const role = await findProjectRole(db, workshop.project_id, user.id);
	if (!projectDecision({ signedIn: true, role, participantWorkshopId: null }, action).ok) deny(role);
	const project = (await findProjectById(db, workshop.project_id))!;
	return { db, user, workshop, project, role: role as ProjectRole };
}

/**
 * A board is open to members of its project (by role) and to participants of its workshop
 * (reading only, for now). Returns who is asking.
 */
export async function requireBoardViewer(event: Event, rawBoardId: string | undefined) {
	const db = event.locals.app.db;
	const board = await findBoardById(db, parseId(rawBoardId));
	if (!board) error(404, 'Table introuvable.');
	const workshop = (await findWorkshopById(db, board.workshop_id))!;
	const participant = event.locals.participant;
	const role = event.locals.user ? await findProjectRole(db, workshop.project_id, event.locals.user.id) : null;
	const d = boardDecision(
		{ signedIn: !!event.locals.user, role, participantWorkshopId: participant?.workshopId ?? null },
		{ workshopId: workshop.id, archived: board.archived_at !== null, workshopArchived: workshop.archived_at !== null },
		'view'
	);
	if (d.ok && d.as === 'member') return { db, board, workshop, role: role as ProjectRole, participant: null, canEdit: d.mode === 'write' };
	if (d.ok) return { db, board, workshop, role: null, participant, canEdit: false };
	if (d.reason === 'unauthenticated') requireUser(event);
	error(403, "Cette table appartient à un autre atelier. Rejoignez cet atelier avec son code.");
}

export async function requireBoard(event: Event, rawBoardId: string | undefined, action: Action) {
	const user = requireUser(event);
	const db = event.locals.app.db;
	const board = await findBoardById(db, parseId(rawBoardId));
	if (!board) error(404, 'Table introuvable.');
	const workshop = (await findWorkshopById(db, board.workshop_id))!;
	const role = await findProjectRole(db, workshop.project_id, user.id);
	if (!projectDecision({ signedIn: true, role, participantWorkshopId: null }, action).ok) deny(role);
	return { db, user, board, workshop, role: role as ProjectRole };
}

/** Runs a service call; an AppError becomes fail(status, { message }) for the form. */
export async function attempt<T>(fn: () => Promise<T>, extra: Record<string, unknown> = {}) {
	try {
		return { ok: true as const, value: await fn() };
	} catch (e) {
		if (e instanceof AppError) return { ok: false as const, failure: fail(e.status, { message: e.message, retryAfterMs: e.retryAfterMs, ...extra }) };
		throw e;
	}
}
