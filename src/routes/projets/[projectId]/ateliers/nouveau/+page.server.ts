import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { formToObject, parse, workshopSchema } from '$lib/domain/schemas';
import { requireProject } from '$lib/server/guards';
import { createWorkshop } from '$lib/server/workshops/workshop.service';

export const load: PageServerLoad = async (event) => {
	const { project } = await requireProject(event, event.params.projectId, 'workshop.create');
	return { project: { id: project.id, name: project.name } };
};

export const actions: Actions = {
	default: async (event) => {
		const { db, project, user } = await requireProject(event, event.params.projectId, 'workshop.create');
		const raw = formToObject(await event.request.formData());
		const parsed = parse(workshopSchema, raw);
		if (!parsed.ok) return fail(400, { message: parsed.message, fields: parsed.fields, values: raw });
		const w = await createWorkshop(db, project.id, parsed.data, user.id);
		redirect(303, `/ateliers/${w.id}`);
	}
};
