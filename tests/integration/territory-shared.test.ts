import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/server/db/database.ts';
import { DocStore } from '../../src/lib/server/realtime/doc-store.ts';
import { SqliteDocPersistence } from '../../src/lib/server/realtime/persistence.ts';
import { createProject } from '../../src/lib/server/projects/project.service.ts';
import { createWorkshop } from '../../src/lib/server/workshops/workshop.service.ts';
import { createBoard } from '../../src/lib/server/boards/board.service.ts';
import { boardDocName } from '../../src/lib/docs/doc-names.ts';
import { addNote, createCluster } from '../../src/lib/docs/board.ts';
import { loadTerritoryShared } from '../../src/lib/server/restitution/territory-shared.ts';
import { loadWorkshopReport } from '../../src/lib/server/restitution/workshop-report.ts';
import { setupDb } from '../helpers/db.ts';

// "Éléments partagés entre territoires": the problems of a project's tables that the other projects
// of the département raised too, on a real SQLite file and real board docs.

let ctx: Awaited<ReturnType<typeof setupDb>>;
let db: Db;
let store: DocStore;
let userId: number;

beforeEach(async () => {
	ctx = await setupDb();
	db = ctx.db;
	store = new DocStore(new SqliteDocPersistence(ctx.sqlite), { unloadAfterMs: 60_000 });
	userId = (
		await db.insertInto('users').values({ email: 'a@b.fr', display_name: 'Claire', password_hash: 'x', is_admin: 0, created_at: 1 }).returning('id').executeTakeFirstOrThrow()
	).id;
});
afterEach(async () => {
	store.closeAll();
	await ctx.close();
});

let noteSeq = 0;
/** A project with one workshop and one table holding the given clusters (title → notes). */
async function territory(departement: string, name: string, clusters: Record<string, string[]>, column = 'problematiques') {
	const projectId = await createProject(db, userId, { name: `PST ${name}`, departement, territory: name, periodStart: 2022, periodEnd: 2028 });
	const workshop = await createWorkshop(db, projectId, { title: 'Diagnostic', date: '2026-03-12', place: 'Bourg', phase: 'diagnostic' }, userId);
	const boardId = await createBoard(db, workshop.id, { theme: 'Insertion', template: 'atouts_problematiques' }, userId);
	store.transact(boardDocName(boardId), (doc) => {
		Object.entries(clusters).forEach(([title, texts], c) => {
			const ids = texts.map((text) => {
				const id = `n${++noteSeq}`;
				addNote(doc, { id, text, column, position: noteSeq, colour: 'jaune', createdAt: noteSeq });
				return id;
			});
			createCluster(doc, { id: `c${c}`, title, column, position: c }, ids);
		});
	});
	return { projectId, workshopId: workshop.id };
}

describe('problems shared between territories', () => {
	it('[SG5] lists the problems other territories of the département raised too, titles only, this territory first', async () => {
		const bresse = await territory('Ain', 'DT Bresse', {
			'Barrière de la langue': ['Familles allophones sans interprète', 'Pas assez de cours de FLE'],
			Mobilité: ['Pas de bus le soir', 'Permis de conduire trop cher'],
			'Garde des enfants': ['Pas de crèche']
		});
		await territory('Ain', 'DT Bugey', {
			'Personnes allophones': ['Les démarches sont impossibles sans parler français'],
			'Isolement des personnes âgées': ['Personnes âgées seules']
		});
		await territory('Ain', 'DT Pays de Gex', { 'Transports en commun': ['Lignes de bus saturées'] });
		await territory('Rhône', 'Métropole', { 'Barrière de la langue': ['Cours de FLE saturés'] });

		const shared = await loadTerritoryShared(db, store, bresse.projectId);
		expect(shared).toEqual([
			{
				label: 'Barrière de la langue',
				territories: [
					{ territory: 'DT Bresse', own: true, titles: ['Barrière de la langue'] },
					{ territory: 'DT Bugey', own: false, titles: ['Personnes allophones'] }
				]
			},
			{
				label: 'Mobilité',
				territories: [
					{ territory: 'DT Bresse', own: true, titles: ['Mobilité'] },
					{ territory: 'DT Pays de Gex', own: false, titles: ['Transports en commun'] }
				]
			}
		]);
		// The notes never leave their territory: only titles and territory names.
		expect(JSON.stringify(shared)).not.toMatch(/interprète|bus/);
		// The workshop's report carries them (slides and DOCX list them).
		const report = await loadWorkshopReport(db, store, bresse.workshopId);
		expect(report.territories).toEqual(shared);
	});

	it('[SG5] nothing when the département has no other project, and atouts are not problems', async () => {
		const alone = await territory('Savoie', 'DT Maurienne', { Mobilité: ['Pas de bus'] });
		expect(await loadTerritoryShared(db, store, alone.projectId)).toEqual([]);
		await territory('Savoie', 'DT Tarentaise', { 'Bonne desserte en bus': ['Navettes gratuites'] }, 'atouts');
		expect(await loadTerritoryShared(db, store, alone.projectId)).toEqual([]);
	});
});
