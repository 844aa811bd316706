import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { can } from '$lib/domain/permissions';
import { FICHE_STATUSES, FICHE_STATUS_VALUES } from '$lib/domain/fiche';
import { ficheListSchema, parse } from '$lib/domain/schemas';
import { parseFichesFile } from '$lib/domain/fiche-import';
import { requireProject } from '$lib/server/guards';
import { listAxes } from '$lib/server/projects/project.service';
import { createFiche, listFiches, renumberFiches } from '$lib/server/fiches/fiche.service';
import { flushFicheProjections } from '$lib/server/fiches/projection';
import { importFiches } from '$lib/server/fiches/import';
import { getDocStore } from '$lib/server/realtime';

const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

export const load: PageServerLoad = async (event) => {
	const { db, project, role } = await requireProject(event, event.params.projectId, 'project.view');
	const raw = Object.fromEntries([...event.url.searchParams.entries()].filter(([, v]) => v !== ''));
	const filters = parse(ficheListSchema, raw);
	const f = filters.ok ? filters.data : {};
	// What was typed a moment ago is in the list: pending projections run first.
	await flushFicheProjections(db, getDocStore());
	const fiches = await listFiches(db, project.id, {
		status: f.statut ?? null,
		axis: f.axe ?? null,
		q: f.q ?? null,
		sort: f.tri ?? 'numero',
		descending: f.ordre === 'desc'
	});
	const counts = await db
		.selectFrom('fiches')
		.select(['status', db.fn.countAll<number>().as('n')])
		.where('project_id', '=', project.id)
		.where('archived_at', 'is', null)
		.groupBy('status')
		.execute();
	return {
		project: { id: project.id, name: project.name },
		axes: (await listAxes(db, project.id)).map((a) => ({ code: a.code, label: a.label })),
		fiches,
		filters: { statut: f.statut ?? '', axe: f.axe ?? '', q: f.q ?? '', tri: f.tri ?? 'numero', ordre: f.ordre ?? 'asc' },
		filterError: filters.ok ? null : filters.message,
		statuses: FICHE_STATUS_VALUES.map((s) => ({ value: s, label: FICHE_STATUSES[s], count: Number(counts.find((c) => c.status === s)?.n ?? 0) })),
		canEdit: can(role, 'fiche.edit'),
		canManage: can(role, 'fiche.manage')
	};
};

export const actions: Actions = {
	create: async (event) => {
		const { db, project, user } = await requireProject(event, event.params.projectId, 'fiche.edit');
		const id = await createFiche(db, getDocStore(), project.id, { axis: null }, { userId: user.id, name: user.display_name });
		redirect(303, `/fiches/${id}`);
	},
	renumber: async (event) => {
		const { db, project, user } = await requireProject(event, event.params.projectId, 'fiche.manage');
		const changed = await renumberFiches(db, getDocStore(), project.id, { userId: user.id, name: user.display_name });
		return { success: changed ? `${changed} fiche${changed > 1 ? 's' : ''} renumérotée${changed > 1 ? 's' : ''} (par axe, puis par date de création).` : 'La numérotation était déjà dans l’ordre.' };
	},
	import: async (event) => {
		const { db, project, user } = await requireProject(event, event.params.projectId, 'fiche.manage');
		const file = (await event.request.formData()).get('fichier');
		if (!(file instanceof File) || file.size === 0) return fail(400, { message: 'Choisissez un fichier JSON ou CSV.' });
		if (file.size > MAX_IMPORT_BYTES) return fail(400, { message: 'Fichier trop lourd (5 Mo au maximum).' });
		const parsed = parseFichesFile(file.name, await file.text());
		if (!parsed.ok) return fail(400, { message: `Import impossible : ${parsed.errors.join(' ')}` });
		const { ids, addedAxes } = await importFiches(db, getDocStore(), project.id, parsed.fiches, { userId: user.id, name: user.display_name });
		const axes = addedAxes.length ? ` Axes ajoutés au projet : ${addedAxes.join(', ')} (à nommer dans les paramètres).` : '';
		return { success: `${ids.length} fiche${ids.length > 1 ? 's' : ''} importée${ids.length > 1 ? 's' : ''}.${axes}` };
	}
};
