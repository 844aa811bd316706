import type { Db } from '../db/database.ts';
import type { DocStore } from '../realtime/doc-store.ts';
import { audit } from '../audit.ts';
import type { ImportedFiche } from '../../domain/fiche-import.ts';
import { createFiche, type Actor } from './fiche.service.ts';

/**
 * Creates the imported fiches in the project, field-identical. Published numbers are kept when
 * free (else the next free one); axes the project lacks are added (label = code, to rename in
 * the project's settings); fiches without a status are taken as validated (a published plan).
 */
export async function importFiches(
	db: Db,
	store: DocStore,
	projectId: number,
	fiches: readonly ImportedFiche[],
	actor: Actor
): Promise<{ ids: number[]; addedAxes: string[] }> {
	const axes = await db.selectFrom('project_axes').select(['code', 'position']).where('project_id', '=', projectId).execute();
	const known = new Set(axes.map((a) => a.code));
	let position = axes.reduce((m, a) => Math.max(m, a.position), 0);
	const addedAxes: string[] = [];
	for (const f of fiches) {
		if (f.axis && !known.has(f.axis)) {
			known.add(f.axis);
			addedAxes.push(f.axis);
			await db.insertInto('project_axes').values({ project_id: projectId, code: f.axis, label: f.axis, position: ++position }).execute();
		}
	}
	const ids: number[] = [];
	for (const f of fiches) {
		ids.push(
			await createFiche(
				db,
				store,
				projectId,
				{
					axis: f.axis,
					number: f.number,
					status: f.status ?? 'validee',
					fields: f.fields,
					planning: f.planning.map((r) => ({ phase: r.phase, cells: r.cells }))
				},
				actor
			)
		);
	}
	await audit(db, { userId: actor.userId, action: 'fiche.import', subject: `project:${projectId}`, detail: String(ids.length) });
	return { ids, addedAxes };
}
