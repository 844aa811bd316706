import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../helpers/http.ts';
import { createProject, decode, html, projectForm, startDemo, type DemoEnvironment } from './support.ts';

// Imports through the real routes, as a facilitator does them: the file is previewed (nothing
// written), then confirmed; the app's own exports come back as the same plan; fiches already in
// the project are updated, skipped or added as asked.

let demo: DemoEnvironment;
let client: Client;
const DEMO_PROJECT = 1;

beforeAll(async () => {
	demo = await startDemo();
	client = demo.facilitator;
});
afterAll(async () => demo?.close());

interface Preview {
	status: number;
	page: string;
	token: string | null;
}

async function preview(projectId: number, bytes: Uint8Array | string, fileName: string): Promise<Preview> {
	const form = new FormData();
	form.append('fichier', new Blob([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)]), fileName);
	const res = await client.request(`/projets/${projectId}/fiches?/preview`, { method: 'POST', body: form });
	// Svelte's hydration markers (comments) split the text: left out.
	const page = decode(await html(res)).replace(/<!--.*?-->/g, '');
	return { status: res.status, page, token: /name="jeton" value="([^"]+)"/.exec(page)?.[1] ?? null };
}

async function confirm(projectId: number, token: string, doublons?: string): Promise<{ status: number; page: string }> {
	const res = await client.post(`/projets/${projectId}/fiches?/import`, { jeton: token, ...(doublons ? { doublons } : {}) });
	return { status: res.status, page: decode(await html(res)) };
}

interface PlanRow {
	number: number | null;
	axis: string | null;
	status: string;
	fields: Record<string, string>;
	planning: { phase: string; cells: Record<string, string> }[];
}

/** The plan as the SQL projection holds it, without ids and positions. */
function planOf(projectId: number): PlanRow[] {
	const rows = demo.db
		.prepare('SELECT number, axis, status, content FROM fiches WHERE project_id = ? AND archived_at IS NULL ORDER BY number, id')
		.all(projectId) as { number: number | null; axis: string | null; status: string; content: string }[];
	return rows.map((r) => {
		const c = JSON.parse(r.content) as { fields: Record<string, string>; planning: { phase: string; position: number; cells: Record<string, string> }[] };
		const planning = [...c.planning].sort((a, b) => a.position - b.position).map((p) => ({ phase: p.phase, cells: p.cells }));
		return { number: r.number, axis: r.axis, status: r.status, fields: c.fields, planning };
	});
}

function count(projectId: number): number {
	return (demo.db.prepare('SELECT COUNT(*) AS n FROM fiches WHERE project_id = ? AND archived_at IS NULL').get(projectId) as { n: number }).n;
}

async function download(path: string): Promise<Uint8Array> {
	const res = await client.get(path);
	expect(res.status, path).toBe(200);
	return new Uint8Array(await res.arrayBuffer());
}

describe('round trips', () => {
	it.each([
		['fiches.xlsx', 'Classeur Excel (.xlsx)'],
		['fiches.csv', 'UTF-8']
	])('[IMP8] the plan exported as %s and imported into an empty project is the same plan', async (file, encoding) => {
		const bytes = await download(`/projets/${DEMO_PROJECT}/${file}`);
		const empty = await createProject(client, { name: `Reprise ${file}` });
		const before = count(empty);
		const shown = await preview(empty, bytes, file);
		expect(shown.status).toBe(200);
		expect(shown.page).toContain(`20 fiches lues (fichier lu comme : ${encoding})`);
		expect(shown.page).toContain('rien n’est encore enregistré');
		// The preview wrote nothing.
		expect(count(empty)).toBe(before);
		const done = await confirm(empty, shown.token!);
		expect(done.page).toContain('20 fiches importées.');
		expect(planOf(empty)).toEqual(planOf(DEMO_PROJECT));
	});

	it('[IMP9] the sommaire.csv export imports back: numbers, axes, titles, porteurs, statuses, places', async () => {
		const bytes = await download(`/projets/${DEMO_PROJECT}/sommaire.csv`);
		const empty = await createProject(client, { name: 'Reprise du sommaire' });
		const shown = await preview(empty, bytes, 'sommaire.csv');
		expect(shown.page).not.toContain('Colonnes non reconnues');
		await confirm(empty, shown.token!);
		const pick = (r: PlanRow) => [r.number, r.axis, r.status, r.fields.title, r.fields.porteur, r.fields.lieu];
		expect(planOf(empty).map(pick)).toEqual(planOf(DEMO_PROJECT).map(pick));
	});
});

describe('files from elsewhere', () => {
	it('[IMP10] a CSV saved by French Excel in Windows-1252 is previewed with its accents and imported', async () => {
		const text = 'N°;Axe;Intitulé de l’action;Porteur de l’action;Quoi;Calendrier prévisionnel\r\n7;INS;Accès aux droits numériques;CDS Trévoux;Repérer les lieux d’accueil;sept-24\r\n';
		// Windows-1252: Latin-1 for é, ’ at 0x92.
		const bytes = Uint8Array.from([...text].map((c) => (c === '’' ? 0x92 : c.charCodeAt(0))));
		const empty = await createProject(client, { name: 'Excel français' });
		const shown = await preview(empty, bytes, 'export-excel.csv');
		expect(shown.page).toContain('1 fiche lue (fichier lu comme : Windows-1252 (Excel français))');
		expect(shown.page).toContain('Accès aux droits numériques');
		await confirm(empty, shown.token!);
		const [fiche] = planOf(empty);
		expect(fiche.planning[0].cells).toMatchObject({ quoi: 'Repérer les lieux d’accueil', calendrier: 'sept-24' });
		// The Excel month cell is understood: the sommaire has its period.
		const row = demo.db.prepare('SELECT period_start, period_end, period_incomplete FROM fiches WHERE project_id = ?').get(empty);
		expect(row).toEqual({ period_start: '2024-09', period_end: '2024-09', period_incomplete: 0 });
	});

	it('[IMP11] a file with errors is previewed with each line\'s error in French and cannot be imported', async () => {
		const empty = await createProject(client, { name: 'Fichier à corriger' });
		const shown = await preview(empty, 'N°;Intitulé de l’action;Statut\n1;Bonne;Validée\n2;Mauvaise;Terminée\n', 'a-corriger.csv');
		expect(shown.page).toContain('1 erreur : corrigez le fichier, puis choisissez-le à nouveau.');
		expect(shown.page).toContain('Ligne 3 : statut « Terminée » inconnu');
		expect(shown.token).toBeNull();
		expect(count(empty)).toBe(0);
		// A made-up token imports nothing.
		const forged = await confirm(empty, 'AAAAAAAAAAAAAAAAAAAAAAAA');
		expect(forged.status).toBe(400);
		expect(forged.page).toContain('Prévisualisation expirée ou déjà importée');
		const malformed = await confirm(empty, '<script>');
		expect(malformed.status).toBe(400);
		expect(malformed.page).toContain('Prévisualisation introuvable : choisissez le fichier à nouveau.');
	});
});

describe('fiches already in the project', () => {
	let csv: string;
	beforeAll(async () => {
		csv = new TextDecoder().decode(await download(`/projets/${DEMO_PROJECT}/fiches.csv`));
	});

	it('[IMP12] importing the same file again asks what to do and, told to skip, adds nothing', async () => {
		const shown = await preview(DEMO_PROJECT, csv, 'fiches.csv');
		expect(shown.page).toContain('20 sont déjà dans le projet.');
		expect(shown.page).toContain('(même numéro)');
		const unanswered = await confirm(DEMO_PROJECT, shown.token!);
		expect(unanswered.status).toBe(400);
		expect(unanswered.page).toContain('Choisissez quoi faire des fiches déjà présentes');
		const skipped = await confirm(DEMO_PROJECT, shown.token!, 'skip');
		expect(skipped.page).toContain('0 fiche importée, 20 déjà présentes, ignorées.');
		expect(count(DEMO_PROJECT)).toBe(20);
		// The same confirmation twice imports once.
		expect((await confirm(DEMO_PROJECT, shown.token!, 'skip')).status).toBe(400);
	});

	it('[IMP13] told to update, the existing fiche takes the file\'s text and keeps a version from before', async () => {
		const edited = csv.replace("Mieux se connaître entre partenaires d'un CDS", 'Mieux se connaître entre partenaires (titre revu)');
		const before = planOf(DEMO_PROJECT);
		const shown = await preview(DEMO_PROJECT, edited, 'fiches-revues.csv');
		const done = await confirm(DEMO_PROJECT, shown.token!, 'update');
		expect(done.page).toContain('0 fiche importée, 20 mises à jour.');
		const after = planOf(DEMO_PROJECT);
		expect(after[0].fields.title).toBe('Mieux se connaître entre partenaires (titre revu)');
		expect(after.slice(1)).toEqual(before.slice(1));
		expect(after[0].planning).toEqual(before[0].planning);
		const versions = demo.db.prepare("SELECT reason FROM fiche_versions WHERE fiche_id = (SELECT id FROM fiches WHERE project_id = ? AND number = 1) ORDER BY id").all(DEMO_PROJECT) as { reason: string }[];
		expect(versions.map((v) => v.reason)).toEqual(expect.arrayContaining(['Avant import', 'Mise à jour par import']));
		expect(count(DEMO_PROJECT)).toBe(20);
	});

	it('[IMP14] told to add them as new, they are added with the next free numbers', async () => {
		const shown = await preview(DEMO_PROJECT, csv, 'fiches.csv');
		const done = await confirm(DEMO_PROJECT, shown.token!, 'new');
		expect(done.page).toContain('20 fiches importées.');
		expect(count(DEMO_PROJECT)).toBe(40);
		const numbers = (demo.db.prepare('SELECT number FROM fiches WHERE project_id = ? ORDER BY number').all(DEMO_PROJECT) as { number: number }[]).map((r) => r.number);
		expect(new Set(numbers).size).toBe(40);
	});
});

describe('a whole département', () => {
	it('[IMP15] an 800 KB CSV (more than adapter-node\'s default 512 KB) is previewed whole', async () => {
		const line = (n: number) => `${n};INS;Action ${n};CDS Trévoux;${'Objectif détaillé du plan départemental. '.repeat(45)}`;
		const csv = ['N°;Axe;Intitulé de l’action;Porteur de l’action;Objectifs visés', ...Array.from({ length: 450 }, (_, i) => line(i + 1))].join('\n');
		expect(csv.length).toBeGreaterThan(800_000);
		const empty = await createProject(client, { name: 'Département entier' });
		const shown = await preview(empty, csv, 'departement.csv');
		expect(shown.status).toBe(200);
		expect(shown.page).toContain('450 fiches lues');
	});
});

describe('the plan\'s years', () => {
	it('[CAL10] "dès 2025" runs to the end of the plan, and follows the plan\'s years when they change; a phrase not understood marks the period incomplete', async () => {
		const P = await createProject(client, { name: 'Plan 2024-2030', periodStart: '2024', periodEnd: '2030' });
		const csv = 'N°;Intitulé de l’action;Quoi;Calendrier prévisionnel\n1;Action longue;Lancer;dès 2025\n2;Action floue;Lancer;2026\n2;;Suivre;quand possible\n';
		await confirm(P, (await preview(P, csv, 'plan.csv')).token!);
		const period = (n: number) => demo.db.prepare('SELECT period_start, period_end, period_incomplete FROM fiches WHERE project_id = ? AND number = ?').get(P, n);
		expect(period(1)).toEqual({ period_start: '2025-01', period_end: '2030-12', period_incomplete: 0 });
		expect(period(2)).toEqual({ period_start: '2026-01', period_end: '2026-12', period_incomplete: 1 });
		const list = decode(await html(await client.get(`/projets/${P}/fiches`))).replace(/<!--.*?-->/g, '');
		expect(list).toMatch(/2026 <span class="incomplete[^"]*" title="Une phrase du calendrier n’a pas été comprise : la période peut être plus large.">\(incomplet\)<\/span>/);

		const res = await client.post(`/projets/${P}/parametres?/update`, projectForm({ name: 'Plan 2024-2028', periodStart: '2024', periodEnd: '2028' }));
		expect(res.status).toBe(200);
		expect(period(1)).toEqual({ period_start: '2025-01', period_end: '2028-12', period_incomplete: 0 });
	});
});
