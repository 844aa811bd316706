import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/server/db/database.ts';
import { DocStore } from '../../src/lib/server/realtime/doc-store.ts';
import { SqliteDocPersistence } from '../../src/lib/server/realtime/persistence.ts';
import { createProject } from '../../src/lib/server/projects/project.service.ts';
import { parseFichesCsv, parseFichesJson } from '../../src/lib/domain/fiche-import.ts';
import { importFiches } from '../../src/lib/server/fiches/import.ts';
import {
	createFiche,
	currentContent,
	duplicateFiche,
	findFiche,
	setFicheAxis,
	listFiches,
	listVersions,
	renumberFiches,
	restoreVersion,
	setFicheStatus
} from '../../src/lib/server/fiches/fiche.service.ts';
import { refreshFicheProjection } from '../../src/lib/server/fiches/projection.ts';
import { ficheDocName } from '../../src/lib/docs/doc-names.ts';
import { addPlanningRow, readMeta, readPlanning, setField, setPlanningCell } from '../../src/lib/docs/fiche.ts';
import { setupDb } from '../helpers/db.ts';

const FIXTURE = new URL('../../src/lib/server/demo/fixtures/fiches-val-de-saone-dombes.json', import.meta.url);
const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { fiches: Record<string, unknown>[] };

let ctx: Awaited<ReturnType<typeof setupDb>>;
let db: Db;
let store: DocStore;
let projectId: number;
const actor = { userId: null, name: 'Claire' };

beforeEach(async () => {
	ctx = await setupDb();
	db = ctx.db;
	store = new DocStore(new SqliteDocPersistence(ctx.sqlite), { unloadAfterMs: 60_000 });
	const user = await db
		.insertInto('users')
		.values({ email: 'a@b.fr', display_name: 'Claire', password_hash: 'x', is_admin: 0, created_at: 1 })
		.returning('id')
		.executeTakeFirstOrThrow();
	projectId = await createProject(db, user.id, { name: 'PST', departement: 'Ain', territory: 'DT Val de Saône Dombes', periodStart: 2022, periodEnd: 2028 });
});
afterEach(async () => {
	store.closeAll();
	await ctx.close();
});

describe('import of the published fiches', () => {
	it('[FI1] imports the fixture file as-is, every field and planning row identical', async () => {
		const parsed = parseFichesJson(readFileSync(FIXTURE, 'utf8'));
		expect(parsed.ok).toBe(true);
		if (!parsed.ok) return;
		const { ids } = await importFiches(db, store, projectId, parsed.fiches, actor);
		expect(ids).toHaveLength(fixture.fiches.length);
		for (const [i, id] of ids.entries()) {
			const source = fixture.fiches[i];
			const row = (await findFiche(db, id))!;
			expect(`${row.number}/${row.axis}`).toBe(source.code);
			const content = currentContent(store, id);
			for (const key of Object.keys(content.fields)) expect(content.fields[key as keyof typeof content.fields], `${source.code} ${key}`).toBe(source[key]);
			const planning = source.planning as Record<string, string>[];
			expect(content.planning.map((r) => r.cells)).toEqual(planning);
		}
		const list = await listFiches(db, projectId);
		expect(list.map((f) => f.code)).toEqual(fixture.fiches.map((f) => f.code));
		expect(list[0]).toMatchObject({ title: 'Mieux se connaître entre partenaires d\'un CDS', porteur: 'DT Val de Saône Dombes', status: 'validee' });
		// The projection keeps the period understood from the planning ("2ème semestre 2024" .. "2026").
		expect(list[0]).toMatchObject({ period_start: '2024-07', period_end: '2026-12' });
	});

	it('[FI2] imports a French CSV (";", quoted newlines, one line per planning row)', async () => {
		const csv = [
			'N°;Axe;Intitulé de l’action;Porteur de l’action;Objectifs visés;Quoi;Calendrier prévisionnel;Statut',
			'3;INS;"Lever les freins à la mobilité";CDS Trévoux;"Permis\nVéhicule";Recenser les offres;1er semestre 2024;En cours',
			'3;INS;;;;Ouvrir la plateforme;2025;',
			'4;INS;Garde d’enfants;CDS Miribel;;;;'
		].join('\r\n');
		const parsed = parseFichesCsv(csv);
		expect(parsed).toMatchObject({ ok: true });
		if (!parsed.ok) return;
		const { ids } = await importFiches(db, store, projectId, parsed.fiches, actor);
		expect(ids).toHaveLength(2);
		const first = currentContent(store, ids[0]);
		expect(first.fields.objectifs).toBe('Permis\nVéhicule');
		expect(first.planning.map((r) => [r.cells.quoi, r.cells.calendrier])).toEqual([
			['Recenser les offres', '1er semestre 2024'],
			['Ouvrir la plateforme', '2025']
		]);
		expect((await findFiche(db, ids[0]))!.status).toBe('en_cours');
	});

	it('[FI3] refuses a CSV without a title column, in French', () => {
		const r = parseFichesCsv('Thème;Couleur\nA;bleu');
		expect(r).toEqual({ ok: false, errors: ['Colonne « Intitulé de l’action » (ou « Nom de l’action ») introuvable dans la ligne de titres.'] });
	});
});

describe('projection and search', () => {
	it('[FP1] the SQL row and the search follow the doc after a refresh', async () => {
		const id = await createFiche(db, store, projectId, { axis: 'INS', fields: { title: 'Mobilité des jeunes' } }, actor);
		expect((await listFiches(db, projectId, { q: 'permis' })).length).toBe(0);
		store.transact(ficheDocName(id), (doc) => {
			setField(doc, 'title', 'Mobilité des jeunes ruraux');
			setField(doc, 'porteur', 'CDS Trévoux');
			setField(doc, 'contenu', 'Aide au permis de conduire, covoiturage solidaire');
			addPlanningRow(doc, { id: 'r1', cells: { quoi: 'Lancement', calendrier: 'fin 2024' } });
		});
		await refreshFicheProjection(db, store, id);
		const found = await listFiches(db, projectId, { q: 'permis covoit' });
		expect(found.map((f) => f.id)).toEqual([id]);
		expect(found[0]).toMatchObject({ title: 'Mobilité des jeunes ruraux', porteur: 'CDS Trévoux', period_start: '2024-10', period_end: '2024-12' });
		// Accents folded both ways, and what a user types cannot inject FTS syntax.
		expect((await listFiches(db, projectId, { q: 'mobilite' })).length).toBe(1);
		expect(await listFiches(db, projectId, { q: '"permis"*:(' })).toHaveLength(1);
		expect(await listFiches(db, projectId, { q: '((' })).toEqual([]);
		// A hyphenated word is searched as such, not as two words anywhere in the fiche.
		store.transact(ficheDocName(id), (doc) => setField(doc, 'objectifs', 'Réduire le non-recours ; recours non prévu'));
		await refreshFicheProjection(db, store, id);
		expect(await listFiches(db, projectId, { q: 'non-recours' })).toHaveLength(1);
		expect(await listFiches(db, projectId, { q: 'prévu-non' })).toHaveLength(0);
	});

	it('[FP2] filters by status and axis, sorts by name', async () => {
		const a = await createFiche(db, store, projectId, { axis: 'INS', fields: { title: 'Zèbre' } }, actor);
		const b = await createFiche(db, store, projectId, { axis: 'COOR', fields: { title: 'abeille' } }, actor);
		await setFicheStatus(db, store, b, 'relecture', null, { ...actor, manager: true });
		expect((await listFiches(db, projectId, { status: 'relecture' })).map((f) => f.id)).toEqual([b]);
		expect((await listFiches(db, projectId, { axis: 'INS' })).map((f) => f.id)).toEqual([a]);
		expect((await listFiches(db, projectId, { sort: 'nom' })).map((f) => f.title)).toEqual(['abeille', 'Zèbre']);
	});
});

describe('numbering and status', () => {
	it('[FN1] numbers are given once and stay; renumbering orders by axis then creation', async () => {
		const a = await createFiche(db, store, projectId, { axis: 'INS', fields: { title: 'a' } }, actor);
		const b = await createFiche(db, store, projectId, { axis: 'COOR', fields: { title: 'b' } }, actor);
		const c = await createFiche(db, store, projectId, { axis: 'INS', fields: { title: 'c' } }, actor);
		expect((await listFiches(db, projectId)).map((f) => f.code)).toEqual(['1/INS', '2/COOR', '3/INS']);
		const changed = await renumberFiches(db, store, projectId, actor);
		expect(changed).toBe(2); // c keeps 3
		const byId = new Map((await listFiches(db, projectId)).map((f) => [f.id, f.code]));
		expect([byId.get(b), byId.get(a), byId.get(c)]).toEqual(['1/COOR', '2/INS', '3/INS']);
	});

	it('[FN2] refuses a jump in the workflow, a validation by a contributor, an abandon without reason', async () => {
		const id = await createFiche(db, store, projectId, { axis: null }, actor);
		await expect(setFicheStatus(db, store, id, 'realisee', null, { ...actor, manager: true })).rejects.toThrow('ne peut pas passer');
		await setFicheStatus(db, store, id, 'relecture', null, { ...actor, manager: false });
		await expect(setFicheStatus(db, store, id, 'validee', null, { ...actor, manager: false })).rejects.toThrow('Seuls les pilotes');
		await expect(setFicheStatus(db, store, id, 'abandonnee', ' ', { ...actor, manager: true })).rejects.toThrow('raison');
		await setFicheStatus(db, store, id, 'abandonnee', 'Portée par la CAF', { ...actor, manager: true });
		expect(await findFiche(db, id)).toMatchObject({ status: 'abandonnee', status_reason: 'Portée par la CAF', status_changed_by: 'Claire' });
	});
});

describe('duplicate and axis', () => {
	it('[FD1] a duplicate copies every field and step under a new number, as a draft without provenance', async () => {
		const id = await createFiche(db, store, projectId, { axis: 'INS', fields: { title: 'Garde d’enfants', objectifs: 'Lever un frein' }, planning: [{ phase: 'diagnostic', cells: { quoi: 'Recenser', calendrier: '2025' } }] }, actor);
		await setFicheStatus(db, store, id, 'relecture', null, { ...actor, manager: true });
		const copy = await duplicateFiche(db, store, id, actor);
		const content = currentContent(store, copy);
		expect(content.fields).toMatchObject({ title: 'Copie de Garde d’enfants', objectifs: 'Lever un frein' });
		expect(content.planning.map((r) => [r.phase, r.cells.quoi, r.cells.calendrier])).toEqual([['diagnostic', 'Recenser', '2025']]);
		expect(content.planning[0].id).not.toBe(currentContent(store, id).planning[0].id);
		expect(await findFiche(db, copy)).toMatchObject({ number: 2, axis: 'INS', status: 'brouillon', source_board_id: null });
	});

	it('[FD2] confirming an axis keeps the number and refuses an axis the project lacks', async () => {
		const id = await createFiche(db, store, projectId, { axis: null }, actor);
		await setFicheAxis(db, store, id, 'AUT', actor);
		expect(await findFiche(db, id)).toMatchObject({ number: 1, axis: 'AUT' });
		expect(store.read(ficheDocName(id), readMeta)).toMatchObject({ number: 1, axis: 'AUT' });
		await expect(setFicheAxis(db, store, id, 'XYZ', actor)).rejects.toThrow('Cet axe n’existe pas dans ce projet.');
	});
});

describe('history', () => {
	it('[FH1] restoring a version brings its text back as a new change and keeps the current one as a version', async () => {
		const id = await createFiche(db, store, projectId, { axis: null, fields: { title: 'Version 1' }, planning: [{ cells: { quoi: 'Étape A' } }] }, actor);
		const [created] = await listVersions(db, id);
		expect(created.reason).toBe('Création');
		store.transact(ficheDocName(id), (doc) => {
			setField(doc, 'title', 'Version 2 réécrite');
			const [row] = readPlanning(doc);
			setPlanningCell(doc, row.id, 'quoi', 'Étape B');
			addPlanningRow(doc, { id: 'extra', cells: { quoi: 'Étape ajoutée' } });
		});
		await restoreVersion(db, store, id, created.id, actor);
		const content = currentContent(store, id);
		expect(content.fields.title).toBe('Version 1');
		expect(content.planning.map((r) => r.cells.quoi)).toEqual(['Étape A']);
		const versions = await listVersions(db, id);
		expect(versions.map((v) => v.reason)).toContain('Avant restauration');
		const before = versions.find((v) => v.reason === 'Avant restauration')!;
		// Nobody's work destroyed: the text before the restore can be restored in turn.
		await restoreVersion(db, store, id, before.id, actor);
		expect(currentContent(store, id).fields.title).toBe('Version 2 réécrite');
		expect((await findFiche(db, id))!.title).toBe('Version 2 réécrite');
	});
});
