import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { can } from '$lib/domain/permissions';
import { FICHE_STATUSES, FICHE_STATUS_VALUES } from '$lib/domain/fiche';
import { formToObject, ficheListSchema, parse } from '$lib/domain/schemas';
import { DUPLICATE_CHOICE_MISSING, ENCODING_LABELS, importConfirmSchema } from '$lib/domain/fiche-import';
import { ficheCode } from '$lib/domain/fiche';
import { requireProject } from '$lib/server/guards';
import { listAxes } from '$lib/server/projects/project.service';
import { createFiche, listFiches, renumberFiches } from '$lib/server/fiches/fiche.service';
import { flushFicheProjections } from '$lib/server/fiches/projection';
import { existingFiches, importFiches, readImportFile } from '$lib/server/fiches/import';
import { dropImportDraft, findImportDraft, saveImportDraft } from '$lib/server/fiches/import-drafts';
import { findDuplicates } from '$lib/domain/fiche-import';
import { getDocStore } from '$lib/server/realtime';
import { warmExports } from '$lib/server/exports/warm';

const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

export const load: PageServerLoad = async (event) => {
	const { db, project, role } = await requireProject(event, event.params.projectId, 'project.view');
	warmExports();
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
	// Step 1: the file is read and shown; nothing is written.
	preview: async (event) => {
		const { db, project, user } = await requireProject(event, event.params.projectId, 'fiche.manage');
		const file = (await event.request.formData()).get('fichier');
		if (!(file instanceof File) || file.size === 0) return fail(400, { message: 'Choisissez un fichier Excel (.xlsx), CSV ou JSON.' });
		if (file.size > MAX_IMPORT_BYTES) return fail(400, { message: 'Fichier trop lourd (5 Mo au maximum).' });
		const reading = await readImportFile(file.name, new Uint8Array(await file.arrayBuffer()));
		const fiches = reading.fiches ?? [];
		const existing = await existingFiches(db, project.id);
		const matches = findDuplicates(fiches, existing);
		const existingById = new Map(existing.map((e) => [e.id, e]));
		const matchOf = new Map(matches.map((m) => [m.index, m]));
		const token = reading.ok && fiches.length ? saveImportDraft({ projectId: project.id, userId: user.id, fileName: file.name, fiches, matches }) : null;
		return {
			preview: {
				token,
				fileName: file.name,
				encoding: reading.encoding === 'xlsx' ? 'Classeur Excel (.xlsx)' : reading.encoding ? ENCODING_LABELS[reading.encoding] : null,
				errors: reading.ok ? [] : reading.errors,
				warnings: reading.warnings ?? [],
				fiches: fiches.map((f, i) => {
					const match = matchOf.get(i);
					const found = match ? existingById.get(match.existingId) : undefined;
					return {
						source: f.source,
						code: ficheCode(f.number, f.axis),
						title: f.fields.title,
						porteur: f.fields.porteur,
						steps: f.planning.length,
						duplicate: match && found ? { id: found.id, label: `${ficheCode(found.number, found.axis) ?? 'sans numéro'} · ${found.title || 'Fiche sans intitulé'}`, by: match.by } : null
					};
				})
			}
		};
	},
	// Step 2: the previewed fiches are written, existing ones as chosen.
	import: async (event) => {
		const { db, project, user } = await requireProject(event, event.params.projectId, 'fiche.manage');
		const input = parse(importConfirmSchema, formToObject(await event.request.formData()));
		if (!input.ok) return fail(400, { message: input.message });
		const draft = findImportDraft(input.data.jeton, project.id, user.id);
		if (!draft) return fail(400, { message: 'Prévisualisation expirée ou déjà importée : choisissez le fichier à nouveau.' });
		// Fiches may have been added or renumbered since the preview: matched again now.
		const matches = findDuplicates(draft.fiches, await existingFiches(db, project.id));
		if (matches.length && !input.data.doublons) return fail(400, { message: DUPLICATE_CHOICE_MISSING });
		dropImportDraft(input.data.jeton);
		const outcome = await importFiches(db, getDocStore(), project.id, draft.fiches, { userId: user.id, name: user.display_name }, { matches, duplicates: input.data.doublons ?? 'new' });
		const parts = [`${outcome.ids.length} fiche${outcome.ids.length > 1 ? 's' : ''} importée${outcome.ids.length > 1 ? 's' : ''}`];
		if (outcome.updated.length) parts.push(`${outcome.updated.length} mise${outcome.updated.length > 1 ? 's' : ''} à jour`);
		if (outcome.skipped) parts.push(`${outcome.skipped} déjà présente${outcome.skipped > 1 ? 's' : ''}, ignorée${outcome.skipped > 1 ? 's' : ''}`);
		const axes = outcome.addedAxes.length ? ` Axes ajoutés au projet : ${outcome.addedAxes.join(', ')} (à nommer dans les paramètres).` : '';
		return { success: `${parts.join(', ')}.${axes}` };
	}
};
