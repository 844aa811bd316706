import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db/database';
import { requireUser } from '$lib/server/guards';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	if (!user.is_admin) error(403, 'Réservé à l’administrateur de l’instance.');
	const db = getDb();
	const users = await db
		.selectFrom('users')
		.select(['id', 'email', 'display_name', 'is_admin', 'created_at'])
		.orderBy('created_at')
		.execute();
	const projects = await db
		.selectFrom('projects as p')
		.select((eb) => [
			'p.id',
			'p.name',
			'p.territory',
			'p.archived_at',
			eb.selectFrom('project_members as m').select(eb.fn.countAll<number>().as('n')).whereRef('m.project_id', '=', 'p.id').as('members')
		])
		.orderBy('p.created_at')
		.execute();
	return { users, projects };
};
