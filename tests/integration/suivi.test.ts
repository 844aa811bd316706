import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { Browser, createProject, decode, html, openDb, signUp } from './support.ts';

// The suivi through the real server (issue 17): a facilitator makes a porteur's "mise à jour"
// link; the porteur, without an account, records a step of their fiches (state, date, results) and
// nothing of another porteur's fiche; a fiche's co-writer link does the same for that fiche only;
// the tableau de suivi and its exports follow, live, and as of a past day.

let server: RunningServer;
let db: Database.Database;
let owner: Browser;
let P: number;
const F: Record<string, number> = {};

/** The page's text without Svelte's hydration markers. */
async function text(res: Response): Promise<string> {
	return decode(await html(res)).replace(/<!--.*?-->/g, '');
}

function rowsOf(ficheId: number): { id: string; cells: Record<string, string> }[] {
	const r = db.prepare('SELECT content FROM fiches WHERE id = ?').get(ficheId) as { content: string };
	const c = JSON.parse(r.content) as { planning: { id: string; position: number; cells: Record<string, string> }[] };
	return [...c.planning].sort((a, b) => a.position - b.position);
}

function events(ficheId: number) {
	return db.prepare('SELECT row_id, state, reason, done_phrase, done_start, done_end, by_name, by_link_id, by_invite_id FROM suivi_step_events WHERE fiche_id = ? ORDER BY id').all(ficheId) as Record<string, unknown>[];
}

async function importPlan(projectId: number, csv: string) {
	const form = new FormData();
	form.append('fichier', new Blob([csv]), 'plan.csv');
	const preview = await owner.request(`/projets/${projectId}/fiches?/preview`, { method: 'POST', body: form });
	const token = /name="jeton" value="([^"]+)"/.exec(await text(preview))![1];
	const done = await owner.post(`/projets/${projectId}/fiches?/import`, { jeton: token });
	expect(done.status).toBe(200);
}

beforeAll(async () => {
	server = await startServer();
	db = openDb(server);
	owner = await signUp(server, 'Claire Pilote', 'pilote@ain.fr');
	P = await createProject(owner, { name: 'PST Val de Saône', periodStart: '2022', periodEnd: '2028' });
	await importPlan(
		P,
		[
			'N°;Axe;Intitulé de l’action;Porteur de l’action;Lieu / territoire concerné;Quoi;Calendrier prévisionnel;Statut',
			'1;COOR;Forum des partenaires;CDS de Trévoux;Trévoux;Réunir les partenaires;2e semestre 2023;Validée',
			'1;COOR;Forum des partenaires;CDS de Trévoux;Trévoux;Bilan du forum;2024;Validée',
			'2;INS;Mobilité vers l’emploi;cds de trévoux;Tout le territoire;Recenser les offres;1er trimestre 2024;Validée',
			'3;INS;Accès aux droits numériques;Mission locale;Jassans;Repérer les lieux;2025;Validée'
		].join('\r\n')
	);
	for (const r of db.prepare('SELECT id, number FROM fiches WHERE project_id = ?').all(P) as { id: number; number: number }[]) F[r.number] = r.id;
});
afterAll(async () => {
	db?.close();
	await server?.stop();
});

let link = '';

describe('a porteur’s "mise à jour" link', () => {
	it('[SUI1] a facilitator makes it for a porteur: it lists that porteur’s fiches however the name was typed', async () => {
		const res = await owner.post(`/projets/${P}/suivi?/createLink`, { porteur: 'CDS de Trévoux' });
		expect(res.status).toBe(200);
		const page = await text(res);
		expect(page).toContain('Lien de mise à jour créé pour CDS de Trévoux (2 fiches)');
		link = new URL(/value="(http[^"]+\/suivi\/[a-z0-9]+)"/.exec(page)![1]).pathname;
		expect(db.prepare('SELECT COUNT(*) AS n FROM suivi_link_fiches').get()).toEqual({ n: 2 });
	});

	it('[SUI2] opens without an account on the porteur’s fiches only, late steps flagged', async () => {
		const porteur = new Browser(server.url);
		const res = await porteur.get(link);
		expect(res.status).toBe(200);
		const page = await text(res);
		expect(page).toContain('Suivi des actions de CDS de Trévoux');
		expect(page).toContain('1/COOR · Forum des partenaires');
		expect(page).toContain('2/INS · Mobilité vers l’emploi');
		expect(page).not.toContain('Accès aux droits numériques');
		expect(page).toContain('En retard');
		expect(db.prepare('SELECT last_used_at FROM suivi_links').get()).not.toEqual({ last_used_at: null });
	});

	it('[SUI3] records a step done with its date and results: state in SQL with who, results in the fiche', async () => {
		const porteur = new Browser(server.url);
		const [step] = rowsOf(F[1]);
		const res = await porteur.post(`${link}?/step`, {
			ficheId: String(F[1]),
			rowId: step.id,
			state: 'realisee',
			donePhrase: 'novembre 2023',
			elements: 'Forum tenu le 16 novembre : 42 partenaires, 3 groupes de travail lancés.'
		});
		expect(res.status).toBe(200);
		expect(await text(res)).toContain('Enregistré : réalisée.');
		expect(events(F[1])).toEqual([
			expect.objectContaining({ row_id: step.id, state: 'realisee', done_phrase: 'novembre 2023', done_start: '2023-11', done_end: '2023-11', by_name: 'CDS de Trévoux', by_invite_id: null })
		]);
		expect(events(F[1])[0].by_link_id).toEqual(expect.any(Number));
		// The fiche's sheet shows it (its SQL projection follows the doc once flushed by a list).
		const fichePage = await text(await owner.get(`/fiches/${F[1]}/suivi`));
		expect(fichePage).toContain('Forum tenu le 16 novembre');
		expect(rowsOf(F[1])[0].cells).toMatchObject({ date_realisation: 'novembre 2023', elements: 'Forum tenu le 16 novembre : 42 partenaires, 3 groupes de travail lancés.' });
	});

	it('[SUI4] refuses another porteur’s fiche, and says why, recording nothing', async () => {
		const porteur = new Browser(server.url);
		const [step] = rowsOf(F[3]);
		const res = await porteur.post(`${link}?/step`, { ficheId: String(F[3]), rowId: step.id, state: 'realisee' });
		expect(res.status).toBe(403);
		expect(await text(res)).toContain('Cette fiche ne fait pas partie de votre lien de mise à jour.');
		expect(events(F[3])).toEqual([]);
		const ind = await porteur.post(`${link}?/indicator`, { ficheId: String(F[3]), indicator: 'Nombre de lieux', year: '2025', value: '4' });
		expect(ind.status).toBe(403);
		expect(db.prepare('SELECT COUNT(*) AS n FROM suivi_indicator_values').get()).toEqual({ n: 0 });
	});

	it('[SUI5] validates what is typed, in French', async () => {
		const porteur = new Browser(server.url);
		const [step] = rowsOf(F[2]);
		const cases: [Record<string, string>, string][] = [
			[{ state: 'abandonnee' }, 'Indiquez pourquoi l’étape est abandonnée.'],
			[{ state: 'realisee', donePhrase: 'bientôt' }, 'Date de réalisation non comprise : « bientôt »'],
			[{ state: 'realisee', donePhrase: '2099' }, 'ne peut pas être après aujourd’hui'],
			[{ state: 'reportee', reportPhrase: '' }, 'Indiquez la nouvelle période'],
			[{ state: 'terminee' }, 'État inconnu']
		];
		for (const [fields, message] of cases) {
			const res = await porteur.post(`${link}?/step`, { ficheId: String(F[2]), rowId: step.id, ...fields });
			expect(res.status, message).toBe(400);
			expect(await text(res)).toContain(message);
		}
		expect(events(F[2])).toEqual([]);
	});

	it('[SUI6] records an indicator’s value for a year, the French way', async () => {
		const porteur = new Browser(server.url);
		const res = await porteur.post(`${link}?/indicator`, { ficheId: String(F[1]), indicator: 'Nombre de partenaires', year: '2024', value: '42,5' });
		expect(res.status).toBe(200);
		expect(db.prepare('SELECT indicator, year, value, by_name FROM suivi_indicator_values').all()).toEqual([{ indicator: 'Nombre de partenaires', year: 2024, value: 42.5, by_name: 'CDS de Trévoux' }]);
	});

	it('[SUI7] a revoked link opens nothing and records nothing', async () => {
		const porteur = new Browser(server.url);
		const id = (db.prepare('SELECT id FROM suivi_links').get() as { id: number }).id;
		expect((await owner.post(`/projets/${P}/suivi?/revokeLink`, { linkId: String(id) })).status).toBe(200);
		expect((await porteur.get(link)).status).toBe(404);
		const [, step] = rowsOf(F[1]);
		expect((await porteur.post(`${link}?/step`, { ficheId: String(F[1]), rowId: step.id, state: 'en_cours' })).status).toBe(404);
	});
});

describe('a fiche’s co-writer link', () => {
	it('[SUI8] updates that fiche’s suivi, never another one', async () => {
		const created = await owner.post(`/fiches/${F[3]}?/invite`, { name: 'Samia', organisation: 'Mission locale' });
		const invite = /\/fiches\/invitation\/\d+\/[a-z2-7]+/.exec(await text(created))![0];
		const partner = new Browser(server.url);
		expect((await partner.get(invite)).status).toBe(303);
		expect((await partner.get(`/fiches/${F[3]}/suivi`)).status).toBe(200);
		const [step] = rowsOf(F[3]);
		const ok = await partner.post(`/fiches/${F[3]}/suivi?/step`, { ficheId: String(F[3]), rowId: step.id, state: 'en_cours', elements: 'Deux lieux repérés à Jassans.' });
		expect(ok.status).toBe(200);
		expect(events(F[3])).toEqual([expect.objectContaining({ state: 'en_cours', by_name: 'Samia (Mission locale)', by_invite_id: expect.any(Number), by_link_id: null })]);
		// Another fiche: its page sends them to sign in, and its id posted through their own page is refused.
		expect((await partner.get(`/fiches/${F[1]}/suivi`)).headers.get('location')).toMatch(/^\/connexion/);
		const [other] = rowsOf(F[1]);
		const refused = await partner.post(`/fiches/${F[3]}/suivi?/step`, { ficheId: String(F[1]), rowId: other.id, state: 'abandonnee', reason: 'x' });
		expect(refused.status).toBe(403);
		expect(events(F[1])).toHaveLength(1);
		// Nor the tableau.
		expect((await partner.get(`/projets/${P}/suivi`)).headers.get('location')).toMatch(/^\/connexion/);
	});
});

describe('the tableau de suivi', () => {
	it('[SUI9] shows the figures, the late steps and when each porteur last updated', async () => {
		const page = await text(await owner.get(`/projets/${P}/suivi`));
		expect(page).toContain('Tableau de suivi');
		expect(page).toMatch(/étapes? en retard/);
		expect(page).toContain('Mobilité vers l’emploi');
		const porteurs = /<table class="list" id="porteurs">([\s\S]*?)<\/table>/.exec(page)![1];
		expect(porteurs).toContain('CDS de Trévoux');
		expect(porteurs).toContain('Mission locale');
		// The link was opened, nobody is "Jamais" any more; a past day shows the same people.
		expect(porteurs).not.toContain('Jamais');
	});

	it('[SUI10] exports as of a past day: the back-filled realisation counts from its date', async () => {
		const now = await owner.get(`/projets/${P}/suivi.csv`);
		expect(now.headers.get('content-type')).toContain('text/csv');
		const csv = new TextDecoder().decode(await now.arrayBuffer());
		const line = (c: string, n: string) => c.split('\r\n').find((l) => l.startsWith(`${n};`))!;
		// Fiche 1: step 1 done (nov. 2023), step 2 due in 2024 not done: late today.
		expect(line(csv, '1/COOR')).toContain(';En retard;2;1;1;0;');
		const past = new TextDecoder().decode(await (await owner.get(`/projets/${P}/suivi.csv?date=2023-12-31`)).arrayBuffer());
		expect(line(past, '1/COOR')).toContain(';En cours;2;1;0;0;');
		const before = new TextDecoder().decode(await (await owner.get(`/projets/${P}/suivi.csv?date=2023-10-31`)).arrayBuffer());
		expect(line(before, '1/COOR')).toContain(';À venir;2;0;0;0;');
		const xlsx = await owner.get(`/projets/${P}/suivi.xlsx`);
		expect(xlsx.status).toBe(200);
		expect(new Uint8Array(await xlsx.arrayBuffer()).slice(0, 2)).toEqual(new Uint8Array([0x50, 0x4b]));
	});

	it('[SUI11] tells the open page live when a step is recorded', async () => {
		const controller = new AbortController();
		const res = await fetch(`${server.url}/projets/${P}/suivi/evenements`, { headers: { cookie: owner.cookieHeader() }, signal: controller.signal });
		expect(res.headers.get('content-type')).toContain('text/event-stream');
		const reader = res.body!.getReader();
		const seen = (async () => {
			let got = '';
			while (!got.includes('event: change')) {
				const { value, done } = await reader.read();
				if (done) break;
				got += new TextDecoder().decode(value);
			}
			return got;
		})();
		const [step] = rowsOf(F[2]);
		expect((await owner.post(`/fiches/${F[2]}/suivi?/step`, { ficheId: String(F[2]), rowId: step.id, state: 'en_cours' })).status).toBe(200);
		expect(await seen).toContain('event: change');
		controller.abort();
	});

	it('[SUI12] suggests the status the steps reach, and a facilitator confirms it through the workflow', async () => {
		const [, second] = rowsOf(F[1]);
		expect((await owner.post(`/fiches/${F[1]}/suivi?/step`, { ficheId: String(F[1]), rowId: second.id, state: 'realisee' })).status).toBe(200);
		const page = await text(await owner.get(`/projets/${P}/suivi`));
		expect(page).toContain('Statuts à confirmer');
		const res = await owner.post(`/projets/${P}/suivi?/confirmStatus`, { ficheId: String(F[1]), status: 'realisee' });
		expect(res.status).toBe(200);
		expect(db.prepare('SELECT status FROM fiches WHERE id = ?').get(F[1])).toEqual({ status: 'realisee' });
		expect((db.prepare('SELECT to_status FROM fiche_status_history WHERE fiche_id = ? ORDER BY id').all(F[1]) as { to_status: string }[]).map((r) => r.to_status).slice(-2)).toEqual(['en_cours', 'realisee']);
	});
});
