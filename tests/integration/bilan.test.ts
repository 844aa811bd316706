import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { Browser, addMember, createProject, decode, html, openDb, signUp } from './support.ts';

// The bilan at the end of a plan (issue 17): the suivi suggests each action's verdict, the team
// confirms it with a reason and picks the examples of successes; the Word chapter "Bilan du projet
// 20xx-20xx" holds every figure and reason, in order.

let server: RunningServer;
let db: Database.Database;
let owner: Browser;
let P: number;
const F: Record<number, number> = {};

async function text(res: Response): Promise<string> {
	return decode(await html(res)).replace(/<!--.*?-->/g, '');
}

beforeAll(async () => {
	server = await startServer();
	db = openDb(server);
	owner = await signUp(server, 'Claire Pilote', 'pilote@ain.fr');
	P = await createProject(owner, { name: 'PST Bresse 2022-2028', periodStart: '2022', periodEnd: '2028' });
	const csv = [
		'N°;Axe;Intitulé de l’action;Porteur de l’action;Quoi;Calendrier prévisionnel;Statut',
		'1;COOR;Forum des partenaires;DT Bresse;Réunir;2023;Validée',
		'2;COOR;Annuaire partagé;CDS Bourg;Recenser;2023;Validée',
		'2;COOR;Annuaire partagé;CDS Bourg;Diffuser;2024;Validée',
		'3;INS;Permanence emploi;Mission locale;Ouvrir;2024;Validée',
		'4;INS;Garde d’enfants pour l’insertion;CCAS;Étudier;2024;Validée'
	].join('\r\n');
	const form = new FormData();
	form.append('fichier', new Blob([csv]), 'plan.csv');
	const preview = await text(await owner.request(`/projets/${P}/fiches?/preview`, { method: 'POST', body: form }));
	expect((await owner.post(`/projets/${P}/fiches?/import`, { jeton: /name="jeton" value="([^"]+)"/.exec(preview)![1] })).status).toBe(200);
	for (const r of db.prepare('SELECT id, number FROM fiches WHERE project_id = ?').all(P) as { id: number; number: number }[]) F[r.number] = r.id;
});
afterAll(async () => {
	db?.close();
	await server?.stop();
});

function rowIds(ficheId: number): string[] {
	const c = JSON.parse((db.prepare('SELECT content FROM fiches WHERE id = ?').get(ficheId) as { content: string }).content) as { planning: { id: string; position: number }[] };
	return [...c.planning].sort((a, b) => a.position - b.position).map((r) => r.id);
}

describe('the bilan', () => {
	it('[BIL1] suggests each verdict from the suivi', async () => {
		const step = (f: number, rowId: string, fields: Record<string, string>) => owner.post(`/fiches/${f}/suivi?/step`, { ficheId: String(f), rowId, ...fields });
		expect((await step(F[1], rowIds(F[1])[0], { state: 'realisee', donePhrase: 'juin 2023' })).status).toBe(200);
		expect((await step(F[2], rowIds(F[2])[0], { state: 'realisee' })).status).toBe(200);
		expect((await step(F[4], rowIds(F[4])[0], { state: 'abandonnee', reason: 'Reprise par la politique de la Ville' })).status).toBe(200);
		const page = await text(await owner.get(`/projets/${P}/bilan`));
		expect(page).toContain('Bilan du projet 2022-2028');
		// 1 done, 2 partly (one of two steps), 3 and 4 not done: 50 % mises en œuvre.
		expect(page).toContain('50 % des 4 actions inscrites au projet 2022-2028 ont été réalisées, entièrement ou en partie, au travers des 2 axes : 1 réalisée, 1 partiellement, 2 non réalisées.');
		expect((page.match(/>Suggéré</g) ?? []).length).toBe(4);
		// The abandoned step's reason is offered for its action.
		expect(page).toMatch(/name="reason"[^>]*value="Reprise par la politique de la Ville"|value="Reprise par la politique de la Ville"[^>]*name="reason"/);
	});

	it('[BIL2] a verdict other than "réalisée" needs a reason', async () => {
		const res = await owner.post(`/projets/${P}/bilan?/entry`, { ficheId: String(F[3]), outcome: 'non_realisee', reason: '' });
		expect(res.status).toBe(400);
		expect(await text(res)).toContain('Indiquez pourquoi l’action est « non réalisée »');
	});

	it('[BIL3] the team confirms verdicts, reasons (listed or its own) and successes; the list of reasons is the project’s', async () => {
		const save = (f: number, fields: Record<string, string>) => owner.post(`/projets/${P}/bilan?/entry`, { ficheId: String(f), ...fields });
		expect((await save(F[1], { outcome: 'realisee', success: 'on', successText: '42 partenaires au premier forum ; un deuxième en 2024.' })).status).toBe(200);
		expect((await save(F[2], { outcome: 'partielle', reason: 'Besoins qui ont évolué' })).status).toBe(200);
		expect((await save(F[3], { outcome: 'non_realisee', reason: 'Faute de locaux' })).status).toBe(200);
		expect((await save(F[4], { outcome: 'non_realisee', reason: 'Reprise par la politique de la Ville' })).status).toBe(200);
		expect((await owner.post(`/projets/${P}/bilan?/reasons`, { reasons: 'Reprise par la politique de la Ville\nFaute de locaux\n\nfaute de locaux' })).status).toBe(200);
		const page = await text(await owner.get(`/projets/${P}/bilan`));
		expect((page.match(/>Enregistré</g) ?? []).length).toBe(4);
		expect(page).toContain('<option value="Faute de locaux">');
		expect(page).not.toContain('<option value="Besoins qui ont évolué">');
		expect(db.prepare('SELECT by_name FROM bilan_entries WHERE fiche_id = ?').get(F[1])).toEqual({ by_name: 'Claire Pilote' });
	});

	it('[BIL4] the Word chapter holds every figure and reason, in order', async () => {
		const res = await owner.get(`/projets/${P}/bilan.docx`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toContain('wordprocessingml');
		const zip = await JSZip.loadAsync(Buffer.from(await res.arrayBuffer()));
		const xml = await zip.file('word/document.xml')!.async('string');
		const paragraphs = [...xml.matchAll(/<w:p(?:\s[^>]*)?>([\s\S]*?)<\/w:p>/g)]
			.map(([, inner]) => decode([...inner.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')))
			.filter(Boolean);
		const expected = [
			'Bilan du projet 2022-2028',
			'PST Bresse 2022-2028 · DT Bresse',
			'50 % des 4 actions inscrites au projet 2022-2028 ont été réalisées, entièrement ou en partie, au travers des 2 axes : 1 réalisée, 1 partiellement, 2 non réalisées.',
			'Les actions par axe',
			...['Axe', 'Actions', 'Réalisées', 'Partiellement', 'Non réalisées', 'Mises en œuvre'],
			...['COOR · Coordination', '2', '1', '1', '0', '100 %'],
			...['INS · Insertion', '2', '0', '0', '2', '0 %'],
			...['Ensemble du projet', '4', '1', '1', '2', '50 %'],
			'Pourquoi certaines actions n’ont pas été réalisées',
			// Each reason once (most frequent first, then alphabetical), with its actions.
			'Besoins qui ont évolué : 1 action',
			'2/COOR · Annuaire partagé',
			'Faute de locaux : 1 action',
			'3/INS · Permanence emploi',
			'Reprise par la politique de la Ville : 1 action',
			'4/INS · Garde d’enfants pour l’insertion',
			'Exemples de réussites',
			'1/COOR · Forum des partenaires',
			'42 partenaires au premier forum ; un deuxième en 2024.',
			'Le bilan action par action',
			...['N°', 'Action', 'Porteur', 'Bilan', 'Raison'],
			...['1/COOR', 'Forum des partenaires', 'DT Bresse', 'Réalisée'],
			...['2/COOR', 'Annuaire partagé', 'CDS Bourg', 'Partiellement réalisée', 'Besoins qui ont évolué'],
			...['3/INS', 'Permanence emploi', 'Mission locale', 'Non réalisée', 'Faute de locaux'],
			...['4/INS', 'Garde d’enfants pour l’insertion', 'CCAS', 'Non réalisée', 'Reprise par la politique de la Ville']
		];
		expect(paragraphs).toEqual(expected);
	});

	it('[BIL5] only owners and facilitators decide the bilan', async () => {
		const other = await signUp(server, 'Olivier Observateur', 'obs@ain.fr');
		await addMember(owner, P, 'obs@ain.fr', 'observer');
		const res = await other.post(`/projets/${P}/bilan?/entry`, { ficheId: String(F[3]), outcome: 'realisee' });
		expect(res.status).toBe(403);
		expect(db.prepare('SELECT outcome FROM bilan_entries WHERE fiche_id = ?').get(F[3])).toEqual({ outcome: 'non_realisee' });
	});

	it('[BIL6] the next plan starts from the bilan: axes, territory, members, chosen unfinished actions as linked drafts', async () => {
		const other = await createProject(owner, { name: 'Autre projet' });
		const stranger = (db.prepare('SELECT id FROM fiches WHERE project_id = ?').get(other) as { id: number } | undefined)?.id ?? 999_999;
		const refused = await owner.post(`/projets/${P}/suite`, { name: 'PST Bresse 2028-2034', periodStart: '2028', periodEnd: '2034', fiche: [String(F[3]), String(stranger)] });
		expect(refused.status).toBe(400);
		expect(await text(refused)).toContain('n’appartient pas à l’ancien projet');

		const page = await text(await owner.get(`/projets/${P}/suite`));
		expect(page).toContain('3/INS · Permanence emploi');
		expect(page).not.toContain('1/COOR · Forum des partenaires'); // réalisée: nothing to carry
		const res = await owner.post(`/projets/${P}/suite`, { name: 'PST Bresse 2028-2034', periodStart: '2028', periodEnd: '2034', fiche: [String(F[3]), String(F[4])] });
		expect(res.status).toBe(303);
		const next = Number(/\/projets\/(\d+)\/fiches$/.exec(res.headers.get('location')!)![1]);
		expect(db.prepare('SELECT territory, departement, period_start, period_end FROM projects WHERE id = ?').get(next)).toEqual({ territory: 'DT Bresse', departement: 'Ain', period_start: 2028, period_end: 2034 });
		expect(db.prepare('SELECT code FROM project_axes WHERE project_id = ? ORDER BY position').all(next)).toEqual([{ code: 'COOR' }, { code: 'INS' }]);
		expect(db.prepare('SELECT role FROM project_members m JOIN users u ON u.id = m.user_id WHERE project_id = ? ORDER BY role').all(next)).toEqual([{ role: 'observer' }, { role: 'owner' }]);
		const carried = db.prepare('SELECT f.status, f.title, c.from_fiche_id FROM fiches f JOIN fiche_carry_overs c ON c.fiche_id = f.id WHERE f.project_id = ? ORDER BY c.from_fiche_id').all(next);
		expect(carried).toEqual([
			{ status: 'brouillon', title: 'Permanence emploi', from_fiche_id: F[3] },
			{ status: 'brouillon', title: 'Garde d’enfants pour l’insertion', from_fiche_id: F[4] }
		]);
		const content = JSON.parse((db.prepare('SELECT content FROM fiches WHERE project_id = ? ORDER BY id LIMIT 1').get(next) as { content: string }).content) as { fields: Record<string, string> };
		expect(content.fields.diagnostic.split('\n')[0]).toBe('Action reprise du projet 2022-2028 (fiche 3/INS).');
		// Its bilan page opens on the previous plan's bilan chapter.
		const bilan = await text(await owner.get(`/projets/${next}/bilan`));
		expect(bilan).toContain(`href="/projets/${P}/bilan.docx"`);
	});
});
