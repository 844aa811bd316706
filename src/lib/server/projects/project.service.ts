import type { Db } from '../db/database.ts';
import type { ProjectRole } from '../../domain/vocabulary.ts';
import { DEFAULT_AXES } from '../../domain/vocabulary.ts';
import { now } from '../clock.ts';
import { AppError } from '../errors.ts';
import { audit } from '../audit.ts';

export interface ProjectInput {
	name: string;
	departement: string;
	territory: string;
	periodStart: number;
	periodEnd: number;
}

export async function findProjectById(db: Db, projectId: number) {
	return db.selectFrom('projects').selectAll().where('id', '=', projectId).executeTakeFirst();
}

export async function findProjectRole(db: Db, projectId: number, userId: number): Promise<ProjectRole | null> {
	const row = await db
		.selectFrom('project_members')
		.select('role')
		.where('project_id', '=', projectId)
		.where('user_id', '=', userId)
		.executeTakeFirst();
	return row?.role ?? null;
}

export async function listProjectsForUser(db: Db, userId: number) {
	return db
		.selectFrom('projects as p')
		.innerJoin('project_members as m', 'm.project_id', 'p.id')
		.select((eb) => [
			'p.id',
			'p.name',
			'p.departement',
			'p.territory',
			'p.period_start',
			'p.period_end',
			'p.archived_at',
			'm.role',
			eb
				.selectFrom('workshops as w')
				.select(eb.fn.countAll<number>().as('n'))
				.whereRef('w.project_id', '=', 'p.id')
				.where('w.archived_at', 'is', null)
				.as('workshop_count')
		])
		.where('m.user_id', '=', userId)
		.orderBy('p.archived_at', (ob) => ob.nullsFirst())
		.orderBy('p.created_at', 'desc')
		.execute();
}

export async function createProject(
	db: Db,
	userId: number,
	input: ProjectInput,
	axes: readonly { code: string; label: string }[] = DEFAULT_AXES
) {
	return db.transaction().execute(async (trx) => {
		const t = now();
		const project = await trx
			.insertInto('projects')
			.values({
				name: input.name,
				departement: input.departement,
				territory: input.territory,
				period_start: input.periodStart,
				period_end: input.periodEnd,
				created_by: userId,
				created_at: t
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await trx
			.insertInto('project_members')
			.values({ project_id: project.id, user_id: userId, role: 'owner', created_at: t })
			.execute();
		if (axes.length) {
			await trx
				.insertInto('project_axes')
				.values(axes.map((a, i) => ({ project_id: project.id, code: a.code, label: a.label, position: i })))
				.execute();
		}
		await audit(trx, { userId, action: 'project.create', subject: `project:${project.id}` });
		return project.id;
	});
}

export async function updateProject(db: Db, projectId: number, input: ProjectInput) {
	await db
		.updateTable('projects')
		.set({
			name: input.name,
			departement: input.departement,
			territory: input.territory,
			period_start: input.periodStart,
			period_end: input.periodEnd
		})
		.where('id', '=', projectId)
		.execute();
}

export async function setProjectArchived(db: Db, projectId: number, archived: boolean) {
	await db
		.updateTable('projects')
		.set({ archived_at: archived ? now() : null })
		.where('id', '=', projectId)
		.execute();
}

export async function listAxes(db: Db, projectId: number) {
	return db.selectFrom('project_axes').selectAll().where('project_id', '=', projectId).orderBy('position').execute();
}

/** Replaces the project's axes by the given list, in that order (codes are unique). */
export async function replaceAxes(db: Db, projectId: number, axes: readonly { code: string; label: string }[]) {
	await db.transaction().execute(async (trx) => {
		await trx.deleteFrom('project_axes').where('project_id', '=', projectId).execute();
		await trx
			.insertInto('project_axes')
			.values(axes.map((a, i) => ({ project_id: projectId, code: a.code, label: a.label, position: i })))
			.execute();
	});
}

export async function listMembers(db: Db, projectId: number) {
	return db
		.selectFrom('project_members as m')
		.innerJoin('users as u', 'u.id', 'm.user_id')
		.select(['u.id', 'u.email', 'u.display_name', 'm.role'])
		.where('m.project_id', '=', projectId)
		.orderBy('m.created_at')
		.execute();
}

export async function addMember(db: Db, projectId: number, email: string, role: ProjectRole, byUserId: number) {
	const user = await db.selectFrom('users').select(['id', 'display_name']).where('email', '=', email).executeTakeFirst();
	if (!user) {
		throw new AppError(
			'not_found',
			`Aucun compte Tablée pour ${email}. Demandez à cette personne de créer son compte, puis invitez-la.`
		);
	}
	const existing = await findProjectRole(db, projectId, user.id);
	if (existing) throw new AppError('conflict', `${user.display_name} est déjà membre du projet.`);
	await db
		.insertInto('project_members')
		.values({ project_id: projectId, user_id: user.id, role, created_at: now() })
		.execute();
	await audit(db, { userId: byUserId, action: 'member.add', subject: `project:${projectId}`, detail: `${user.id}:${role}` });
	return user;
}

async function assertAnotherOwner(db: Db, projectId: number, userId: number) {
	const owners = await db
		.selectFrom('project_members')
		.select('user_id')
		.where('project_id', '=', projectId)
		.where('role', '=', 'owner')
		.execute();
	if (owners.length === 1 && owners[0].user_id === userId) {
		throw new AppError('invalid', 'Le projet doit garder au moins un pilote : nommez-en un autre avant.');
	}
}

export async function changeMemberRole(db: Db, projectId: number, userId: number, role: ProjectRole, byUserId: number) {
	const current = await findProjectRole(db, projectId, userId);
	if (!current) throw new AppError('not_found', 'Cette personne n’est pas membre du projet.');
	if (current === 'owner' && role !== 'owner') await assertAnotherOwner(db, projectId, userId);
	await db
		.updateTable('project_members')
		.set({ role })
		.where('project_id', '=', projectId)
		.where('user_id', '=', userId)
		.execute();
	await audit(db, { userId: byUserId, action: 'member.role', subject: `project:${projectId}`, detail: `${userId}:${role}` });
}

export async function removeMember(db: Db, projectId: number, userId: number, byUserId: number) {
	const current = await findProjectRole(db, projectId, userId);
	if (!current) throw new AppError('not_found', 'Cette personne n’est pas membre du projet.');
	if (current === 'owner') await assertAnotherOwner(db, projectId, userId);
	await db.deleteFrom('project_members').where('project_id', '=', projectId).where('user_id', '=', userId).execute();
	await audit(db, { userId: byUserId, action: 'member.remove', subject: `project:${projectId}`, detail: String(userId) });
}
