import type { Db } from '../db/database.ts';
import type { DocStore } from '../realtime/doc-store.ts';
import { boardDocName } from '../../docs/doc-names.ts';
import { getClusters, getNotes } from '../../docs/board.ts';
import { PROBLEM_COLUMNS } from '../../domain/fiche.ts';
import { linkProblems } from '../../domain/shared-problems.ts';

// "Éléments partagés entre territoires": the problems a project's tables raised that the other
// projects of the same département raised too (published plans list them: barrière de la langue,
// mobilité, parcours de soins, accès au logement). Only the territories' names and the clusters'
// titles leave their project, never the notes: a restitution may be public.

export interface TerritoryShared {
	/** What the problems share ("Barrière de la langue"). */
	label: string;
	/** This project's territory first, then the others by name; the titles each gave it. */
	territories: { territory: string; own: boolean; titles: string[] }[];
}

/** The problem clusters of a project's live tables (not archived), with their notes' texts. */
async function problemClusters(db: Db, store: DocStore, projectId: number) {
	const boards = await db
		.selectFrom('boards as b')
		.innerJoin('workshops as w', 'w.id', 'b.workshop_id')
		.select(['b.id'])
		.where('w.project_id', '=', projectId)
		.where('b.archived_at', 'is', null)
		.execute();
	return boards.flatMap((b) =>
		store.read(boardDocName(b.id), (doc) => {
			const notes = getNotes(doc);
			return getClusters(doc)
				.filter((c) => (PROBLEM_COLUMNS as readonly string[]).includes(c.column) && c.title.trim())
				.map((c) => ({ key: `${b.id}:${c.id}`, title: c.title, notes: notes.filter((n) => n.clusterId === c.id).map((n) => n.text) }));
		})
	);
}

export async function loadTerritoryShared(db: Db, store: DocStore, projectId: number): Promise<TerritoryShared[]> {
	const project = await db.selectFrom('projects').select(['id', 'departement', 'territory']).where('id', '=', projectId).executeTakeFirst();
	if (!project) return [];
	const others = await db
		.selectFrom('projects')
		.select(['id', 'territory'])
		.where('departement', '=', project.departement)
		.where('id', '!=', project.id)
		.where('archived_at', 'is', null)
		.execute();
	if (others.length === 0) return [];
	const territoryOf = new Map([[project.id, project.territory], ...others.map((o) => [o.id, o.territory] as const)]);
	const items = [];
	for (const id of territoryOf.keys()) for (const c of await problemClusters(db, store, id)) items.push({ ...c, source: String(id), projectId: id });
	return linkProblems(items)
		.filter((link) => link.clusters.some((c) => c.projectId === project.id))
		.map((link) => {
			const byProject = new Map<number, string[]>();
			for (const c of link.clusters) byProject.set(c.projectId, [...new Set([...(byProject.get(c.projectId) ?? []), c.title])]);
			return {
				label: link.label,
				territories: [...byProject]
					.map(([id, titles]) => ({ territory: territoryOf.get(id)!, own: id === project.id, titles }))
					.sort((a, b) => Number(b.own) - Number(a.own) || a.territory.localeCompare(b.territory, 'fr'))
			};
		});
}
