import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db/database';
import { requireUser } from '$lib/server/guards';
import { readProjectForm } from '$lib/server/forms';
import { createProject } from '$lib/server/projects/project.service';
import { DEFAULT_AXES } from '$lib/domain/vocabulary';

export const load: PageServerLoad = (event) => {
	requireUser(event);
	const year = new Date().getFullYear();
	return { defaults: { periodStart: year, periodEnd: year + 6, axes: DEFAULT_AXES.map((a) => ({ ...a })) } };
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireUser(event);
		const form = readProjectForm(await event.request.formData());
		if (!form.ok) return form.failure;
		const id = await createProject(getDb(), user.id, form.project, form.axes);
		redirect(303, `/projets/${id}`);
	}
};
