import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { startServer, type RunningServer } from '../helpers/server.ts';
import {
	Browser,
	JOIN_CODE_ALPHABET,
	createBoard,
	createProject,
	createWorkshop,
	html,
	join,
	joinCodeOf,
	openDb,
	signIn
} from './support.ts';

const DEMO_EMAIL = 'animatrice@demo.tablee.fr';
const DEMO_PASSWORD = 'demo-mot-de-passe-42';
const DEMO_CODE = 'K7M2PQ';

let server: RunningServer;
let db: Database.Database;
let facilitator: Browser;
let projectId: number;
let demoWorkshop: number;

beforeAll(async () => {
	server = await startServer({ SEED_DEMO: '1', DEMO_EMAIL, DEMO_PASSWORD, DEMO_JOIN_CODE: DEMO_CODE });
	db = openDb(server);
	facilitator = await signIn(server, DEMO_EMAIL, DEMO_PASSWORD);
	demoWorkshop = (db.prepare('SELECT id FROM workshops WHERE join_code = ?').get(DEMO_CODE) as { id: number }).id;
	projectId = await createProject(facilitator, { name: 'PST Bresse' });
});
afterAll(async () => {
	db?.close();
	await server?.stop();
});

const formatCode = (c: string) => `${c.slice(0, 3)} ${c.slice(3)}`;
/** Ids of the active round tables, in the order the workshop page shows them. */
const boardOrderOnPage = (page: string) => [...page.matchAll(/<h3[^>]*><a href="\/tables\/(\d+)">/g)].map((m) => Number(m[1]));
/** Ids of the active workshops, in the order the project page shows them. */
const workshopOrderOnPage = (page: string) => [...page.matchAll(/<h3[^>]*><a href="\/ateliers\/(\d+)">/g)].map((m) => Number(m[1]));
const countWorkshops = () => (db.prepare('SELECT count(*) AS n FROM workshops').get() as { n: number }).n;

describe('creating a workshop', () => {
	let wid: number;
	let code: string;

	beforeAll(async () => {
		wid = await createWorkshop(facilitator, projectId, {
			title: 'Diagnostic partagé Bresse',
			// A day to come: joining closes by itself 48 h after the workshop's day.
			date: '2027-12-02',
			place: 'Salle des fêtes de Montrevel',
			phase: 'diagnostic'
		});
		code = joinCodeOf(db, wid);
	});

	it('gives the workshop a 6-character code without look-alike characters', () => {
		expect(code).toHaveLength(6);
		for (const ch of code) expect(JOIN_CODE_ALPHABET).toContain(ch);
	});

	it('shows the workshop with its phase, date, place, join code and an inline QR code', async () => {
		const res = await facilitator.get(`/ateliers/${wid}`);
		expect(res.status).toBe(200);
		const page = await html(res);
		expect(page).toMatch(/<h1[^>]*>Diagnostic partagé Bresse<\/h1>/);
		expect(page).toMatch(/<span class="badge[^"]*">Diagnostic<\/span>/);
		expect(page).toContain('jeudi 2 décembre 2027');
		expect(page).toContain('Salle des fêtes de Montrevel');
		expect(page).toMatch(new RegExp(`<p class="code[^"]*"[^>]*>${formatCode(code)}</p>`));
		expect(page).toMatch(/aria-label="QR code pour rejoindre l’atelier">(<!---->)?<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
		expect(page).toContain(`${server.url}/rejoindre/${code}`);
	});

	it('shows the code big on the poster page, with the QR code', async () => {
		const res = await facilitator.get(`/ateliers/${wid}/affiche`);
		expect(res.status).toBe(200);
		const page = await html(res);
		expect(page).toMatch(new RegExp(`<p class="code[^"]*"[^>]*>${formatCode(code)}</p>`));
		expect(page).toMatch(/aria-label="QR code pour rejoindre l’atelier">(<!---->)?<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
		expect(page).toContain('Diagnostic partagé Bresse');
	});

	it('accepts a workshop without a date', async () => {
		const id = await createWorkshop(facilitator, projectId, { title: 'Bilan sans date', date: '', phase: 'bilan' });
		expect(db.prepare('SELECT date, phase FROM workshops WHERE id = ?').get(id)).toEqual({ date: null, phase: 'bilan' });
	});

	const refusals: [string, Record<string, string>, string][] = [
		['a date not in YYYY-MM-DD form', { date: '03/12/2026' }, 'Date invalide'],
		['a month that does not exist', { date: '2026-13-01' }, 'Date invalide'],
		['a day that does not exist (31 February)', { date: '2026-02-31' }, 'Date invalide'],
		['an unknown phase', { phase: 'atelier' }, 'Phase inconnue'],
		['an empty title', { title: ' ' }, "Titre de l'atelier : champ obligatoire"]
	];
	for (const [what, fields, message] of refusals) {
		it(`refuses ${what} with 400 and a French message, and creates nothing`, async () => {
			const before = countWorkshops();
			const res = await facilitator.post(`/projets/${projectId}/ateliers/nouveau`, {
				title: 'Atelier refusé',
				date: '2026-12-03',
				place: '',
				phase: 'diagnostic',
				...fields
			});
			expect(res.status).toBe(400);
			expect(await html(res)).toContain(message);
			expect(countWorkshops()).toBe(before);
		});
	}

	it('edits the workshop, and refuses an invalid edit without changing it', async () => {
		const ok = await facilitator.post(`/ateliers/${wid}?/update`, { title: 'Diagnostic Bresse', date: '2027-01-14', place: 'Bourg', phase: 'restitution' });
		expect(ok.status).toBe(200);
		expect(await html(ok)).toContain('Atelier enregistré');
		const page = await html(await facilitator.get(`/ateliers/${wid}`));
		expect(page).toMatch(/<h1[^>]*>Diagnostic Bresse<\/h1>/);
		expect(page).toContain('jeudi 14 janvier 2027');
		expect(page).toMatch(/<span class="badge[^"]*">Restitution<\/span>/);

		const bad = await facilitator.post(`/ateliers/${wid}?/update`, { title: 'Autre', date: '', place: '', phase: 'inconnue' });
		expect(bad.status).toBe(400);
		expect(await html(bad)).toContain('Phase inconnue');
		expect(db.prepare('SELECT title, phase FROM workshops WHERE id = ?').get(wid)).toEqual({ title: 'Diagnostic Bresse', phase: 'restitution' });
	});
});

describe('round tables', () => {
	let wid: number;
	let a: number;
	let b: number;
	let c: number;

	beforeAll(async () => {
		wid = await createWorkshop(facilitator, projectId, { title: 'Tables rondes insertion' });
		a = await createBoard(facilitator, db, wid, 'Insertion socioprofessionnelle');
		b = await createBoard(facilitator, db, wid, 'Insertion sociale / précarité', 'afom');
		c = await createBoard(facilitator, db, wid, 'Mobilité');
	});

	const joinBoards = async () => (await join(server, joinCodeOf(db, wid))).body.boards;

	it('lists the tables in the order they were added, with their template', async () => {
		const page = await html(await facilitator.get(`/ateliers/${wid}`));
		expect(boardOrderOnPage(page)).toEqual([a, b, c]);
		expect(page).toContain('AFOM (4 quadrants)');
		expect((await joinBoards()).map((x) => [x.id, x.template])).toEqual([
			[a, 'atouts_problematiques'],
			[b, 'afom'],
			[c, 'atouts_problematiques']
		]);
	});

	it('refuses an empty theme or an unknown template with 400 and a French message', async () => {
		const count = () => (db.prepare('SELECT count(*) AS n FROM boards WHERE workshop_id = ?').get(wid) as { n: number }).n;
		const before = count();
		const empty = await facilitator.post(`/ateliers/${wid}?/createBoard`, { theme: '', template: 'afom' });
		expect(empty.status).toBe(400);
		expect(await html(empty)).toContain('Thème de la table : champ obligatoire');
		const unknown = await facilitator.post(`/ateliers/${wid}?/createBoard`, { theme: 'Santé', template: 'swot' });
		expect(unknown.status).toBe(400);
		expect(await html(unknown)).toContain('Modèle de table inconnu');
		expect(count()).toBe(before);
	});

	it('moves a table up or down: the workshop page and the join answer follow', async () => {
		expect((await facilitator.post(`/ateliers/${wid}?/moveBoard`, { boardId: String(c), direction: 'up' })).status).toBe(200);
		expect(boardOrderOnPage(await html(await facilitator.get(`/ateliers/${wid}`)))).toEqual([a, c, b]);
		expect((await joinBoards()).map((x) => x.id)).toEqual([a, c, b]);

		expect((await facilitator.post(`/ateliers/${wid}?/moveBoard`, { boardId: String(a), direction: 'down' })).status).toBe(200);
		expect(boardOrderOnPage(await html(await facilitator.get(`/ateliers/${wid}`)))).toEqual([c, a, b]);
		expect((await joinBoards()).map((x) => x.id)).toEqual([c, a, b]);
	});

	it('leaves the order alone when the first table is moved up', async () => {
		expect((await facilitator.post(`/ateliers/${wid}?/moveBoard`, { boardId: String(c), direction: 'up' })).status).toBe(200);
		expect((await joinBoards()).map((x) => x.id)).toEqual([c, a, b]);
	});

	it('archives a table (gone from the list and from joining) and restores it', async () => {
		const archived = await facilitator.post(`/ateliers/${wid}?/archiveBoard`, { boardId: String(a) });
		expect(archived.status).toBe(200);
		expect(await html(archived)).toContain('archivée');
		let page = await html(await facilitator.get(`/ateliers/${wid}`));
		expect(boardOrderOnPage(page)).toEqual([c, b]);
		expect(page).toContain('Tables archivées (1)');
		expect((await joinBoards()).map((x) => x.id)).toEqual([c, b]);

		const restored = await facilitator.post(`/ateliers/${wid}?/archiveBoard`, { boardId: String(a), archived: '0' });
		expect(restored.status).toBe(200);
		expect(await html(restored)).toContain('restaurée');
		page = await html(await facilitator.get(`/ateliers/${wid}`));
		expect(boardOrderOnPage(page)).toEqual([c, a, b]);
		expect(page).not.toContain('Tables archivées');
		expect((await joinBoards()).map((x) => x.id)).toEqual([c, a, b]);
	});

	it('edits a table’s theme and, while it has no contributions, its template', async () => {
		const res = await facilitator.post(`/ateliers/${wid}?/updateBoard`, { boardId: String(c), theme: 'Mobilité et transports', template: 'afom' });
		expect(res.status).toBe(200);
		expect(db.prepare('SELECT theme, template FROM boards WHERE id = ?').get(c)).toEqual({ theme: 'Mobilité et transports', template: 'afom' });
		const table = await html(await facilitator.get(`/tables/${c}`));
		expect(table).toContain('Mobilité et transports');
		expect(table).toContain('Points forts');
		expect(table).toContain('Menaces');
	});

	it('refuses to change the template of a table that already has contributions (demo table), and keeps it', async () => {
		const demoBoard = (db.prepare('SELECT id, theme FROM boards WHERE workshop_id = ? ORDER BY position').get(demoWorkshop) as { id: number; theme: string });
		const res = await facilitator.post(`/ateliers/${demoWorkshop}?/updateBoard`, { boardId: String(demoBoard.id), theme: demoBoard.theme, template: 'afom' });
		expect(res.status).toBe(400);
		expect(await html(res)).toContain('déjà des contributions');
		expect(db.prepare('SELECT template FROM boards WHERE id = ?').get(demoBoard.id)).toEqual({ template: 'atouts_problematiques' });

		// Its theme can still be edited.
		const renamed = await facilitator.post(`/ateliers/${demoWorkshop}?/updateBoard`, {
			boardId: String(demoBoard.id),
			theme: 'Insertion professionnelle',
			template: 'atouts_problematiques'
		});
		expect(renamed.status).toBe(200);
		expect(db.prepare('SELECT theme, template FROM boards WHERE id = ?').get(demoBoard.id)).toEqual({
			theme: 'Insertion professionnelle',
			template: 'atouts_problematiques'
		});
	});
});

describe('workshops of a project', () => {
	let pid: number;
	let w1: number;
	let w2: number;
	let w3: number;

	beforeAll(async () => {
		pid = await createProject(facilitator, { name: 'PST Bugey' });
		w1 = await createWorkshop(facilitator, pid, { title: 'Bilan', phase: 'bilan' });
		w2 = await createWorkshop(facilitator, pid, { title: 'Diagnostic', phase: 'diagnostic' });
		w3 = await createWorkshop(facilitator, pid, { title: 'Plan d’actions', phase: 'plan_actions' });
	});

	it('reorders workshops from the project page', async () => {
		expect(workshopOrderOnPage(await html(await facilitator.get(`/projets/${pid}`)))).toEqual([w1, w2, w3]);
		const res = await facilitator.post(`/projets/${pid}?/moveWorkshop`, { workshopId: String(w3), direction: 'up' });
		expect(res.status).toBe(200);
		expect(workshopOrderOnPage(await html(await facilitator.get(`/projets/${pid}`)))).toEqual([w1, w3, w2]);
		expect((await facilitator.post(`/projets/${pid}?/moveWorkshop`, { workshopId: String(w1), direction: 'down' })).status).toBe(200);
		expect(workshopOrderOnPage(await html(await facilitator.get(`/projets/${pid}`)))).toEqual([w3, w1, w2]);
	});

	it('archives a workshop: it leaves the list, its participants are signed out and its code no longer joins', async () => {
		const code = joinCodeOf(db, w2);
		const { client: participant } = await join(server, code, 'Luc M.', 'CCAS de Belley');
		expect((await participant.get('/atelier')).status).toBe(200);

		const res = await facilitator.post(`/projets/${pid}?/archiveWorkshop`, { workshopId: String(w2) });
		expect(res.status).toBe(200);
		const page = await html(await facilitator.get(`/projets/${pid}`));
		expect(workshopOrderOnPage(page)).toEqual([w3, w1]);
		expect(page).toContain('Ateliers archivés (1)');

		const after = await participant.get('/atelier');
		expect(after.status).toBe(303);
		expect(after.headers.get('location')).toBe('/rejoindre');
		expect(participant.cookies.has('tablee_participant')).toBe(false);

		const again = await new Browser(server.url).postJson('/api/join', { code, name: 'Luc M.', organisation: 'CCAS de Belley' });
		expect(again.status).toBe(401);
		expect(((await again.json()) as { message: string }).message).toContain('Code inconnu');
	});

	it('restores an archived workshop: it is listed again and its code joins again', async () => {
		expect((await facilitator.post(`/projets/${pid}?/archiveWorkshop`, { workshopId: String(w2), archived: '0' })).status).toBe(200);
		expect(workshopOrderOnPage(await html(await facilitator.get(`/projets/${pid}`)))).toContain(w2);
		const { body } = await join(server, joinCodeOf(db, w2));
		expect(body.workshop.id).toBe(w2);
	});
});
