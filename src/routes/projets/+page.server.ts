import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db/database';
import { requireUser } from '$lib/server/guards';
import { listProjectsForUser } from '$lib/server/projects/project.service';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	return { projects: await listProjectsForUser(getDb(), user.id) };
};
