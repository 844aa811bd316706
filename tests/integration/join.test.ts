import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { Browser, createBoard, createWorkshop, html, join, joinCodeOf, openDb, signIn } from './support.ts';

// Partners join a workshop with its code, a name and an organisation: no account.

const DEMO_EMAIL = 'animatrice@demo.tablee.fr';
const DEMO_PASSWORD = 'demo-mot-de-passe-42';
const DEMO_CODE = 'K7M2PQ';

let server: RunningServer;
let db: Database.Database;
let facilitator: Browser;
let demoProject: number;
let demoWorkshop: number;
let demoBoards: number[];
let W2: number; // another workshop of the demo project
let W2_BOARD: number;

beforeAll(async () => {
	server = await startServer({ SEED_DEMO: '1', DEMO_EMAIL, DEMO_PASSWORD, DEMO_JOIN_CODE: DEMO_CODE });
	db = openDb(server);
	facilitator = await signIn(server, DEMO_EMAIL, DEMO_PASSWORD);
	const w = db.prepare('SELECT id, project_id FROM workshops WHERE join_code = ?').get(DEMO_CODE) as { id: number; project_id: number };
	demoWorkshop = w.id;
	demoProject = w.project_id;
	demoBoards = (db.prepare('SELECT id FROM boards WHERE workshop_id = ? ORDER BY position').all(demoWorkshop) as { id: number }[]).map((b) => b.id);
	W2 = await createWorkshop(facilitator, demoProject, { title: 'Atelier mobilité' });
	W2_BOARD = await createBoard(facilitator, db, W2, 'Mobilité');
});
afterAll(async () => {
	db?.close();
	await server?.stop();
});

function postJoin(body: unknown) {
	const c = new Browser(server.url);
	return c.postJson('/api/join', body).then(async (res) => ({ res, c, body: (await res.json()) as { message?: string } }));
}

describe('joining by code (POST /api/join)', () => {
	it('answers the workshop and its round tables, and opens a participant session', async () => {
		const { client, body } = await join(server, DEMO_CODE, 'Nadia B.', 'CAF de l’Ain');
		expect(body.workshop).toEqual({ id: demoWorkshop, title: 'Diagnostic partagé : tables rondes insertion' });
		expect(body.boards).toEqual([
			{ id: demoBoards[0], theme: 'Insertion socioprofessionnelle', template: 'atouts_problematiques', docName: `board:${demoBoards[0]}` },
			{ id: demoBoards[1], theme: 'Insertion sociale / précarité', template: 'atouts_problematiques', docName: `board:${demoBoards[1]}` }
		]);
		expect(client.cookies.get('tablee_participant')).toMatch(/^[a-z2-7]{32}$/);
		expect(db.prepare('SELECT display_name, organisation FROM participants WHERE workshop_id = ? ORDER BY id DESC').get(demoWorkshop)).toEqual({
			display_name: 'Nadia B.',
			organisation: 'CAF de l’Ain'
		});
	});

	it('shows who joined on the facilitator’s workshop page', async () => {
		await join(server, DEMO_CODE, 'Karim A.', 'France Travail');
		const page = await html(await facilitator.get(`/ateliers/${demoWorkshop}`));
		expect(page).toContain('Karim A.');
		expect(page).toContain('France Travail');
	});

	for (const typed of ['k7m2pq', 'K7M 2PQ', 'k7m-2pq', ' K7M-2PQ ']) {
		it(`accepts the code as typed on a phone: ${JSON.stringify(typed)}`, async () => {
			const { body } = await join(server, typed);
			expect(body.workshop.id).toBe(demoWorkshop);
		});
	}

	it('refuses an unknown code with 401 and a French message, without a session', async () => {
		let unknown = 'ZZZZZZ';
		if (db.prepare('SELECT 1 FROM workshops WHERE join_code = ?').get(unknown)) unknown = 'YYYYYY';
		const { res, c, body } = await postJoin({ code: unknown, name: 'Luc M.', organisation: 'CCAS' });
		expect(res.status).toBe(401);
		expect(body.message).toContain('Code inconnu');
		expect(c.cookies.has('tablee_participant')).toBe(false);
	});

	for (const code of ['K7M2P', 'K7M2PQX', 'K7M2P0', 'IIIIII', '']) {
		it(`refuses a code that cannot be one (${JSON.stringify(code)}) with 400 and a French message`, async () => {
			const { res, body } = await postJoin({ code, name: 'Luc M.', organisation: 'CCAS' });
			expect(res.status).toBe(400);
			expect(body.message).toContain('Code invalide');
		});
	}

	it('refuses an empty name with 400 and a French message', async () => {
		const { res, body } = await postJoin({ code: DEMO_CODE, name: '  ', organisation: 'CCAS' });
		expect(res.status).toBe(400);
		expect(body.message).toBe('Votre nom : champ obligatoire.');
	});

	it('refuses an empty organisation with 400 and a French message', async () => {
		const { res, body } = await postJoin({ code: DEMO_CODE, name: 'Luc M.', organisation: '' });
		expect(res.status).toBe(400);
		expect(body.message).toBe('Votre structure : champ obligatoire.');
	});

	it('refuses a body without a name or an organisation with 400 and a French message', async () => {
		for (const body of [{ code: DEMO_CODE, organisation: 'CCAS' }, { code: DEMO_CODE, name: 'Luc M.' }]) {
			const r = await postJoin(body);
			expect(r.res.status).toBe(400);
			expect(r.body.message, JSON.stringify(body)).toMatch(/^Votre (nom|structure)/);
		}
	});

	it('refuses a name longer than 60 characters with 400 and a French message', async () => {
		const { res, body } = await postJoin({ code: DEMO_CODE, name: 'N'.repeat(61), organisation: 'CCAS' });
		expect(res.status).toBe(400);
		expect(body.message).toBe('Votre nom : 60 caractères au maximum.');
		expect((await postJoin({ code: DEMO_CODE, name: 'N'.repeat(60), organisation: 'CCAS' })).res.status).toBe(200);
	});

	it('refuses a body that is not JSON with 400 and a French message', async () => {
		const { res, body } = await postJoin('code=K7M2PQ&name=Luc');
		expect(res.status).toBe(400);
		expect(body.message).toContain('Requête invalide');
	});

	it('refuses JSON that is not an object with 400 and a French message', async () => {
		for (const payload of ['null', '[]', '"K7M2PQ"']) {
			const { res, body } = await postJoin(payload);
			expect(res.status, payload).toBe(400);
			expect(body.message, payload).not.toMatch(/Invalid|Expected/);
		}
	});

	it('creates no participant when the join is refused', async () => {
		const count = () => (db.prepare('SELECT count(*) AS n FROM participants').get() as { n: number }).n;
		const before = count();
		await postJoin({ code: DEMO_CODE, name: '', organisation: 'CCAS' });
		await postJoin({ code: 'ZZZZZZ', name: 'Luc', organisation: 'CCAS' });
		expect(count()).toBe(before);
	});
});

describe('the facilitator controls the code', () => {
	it('refuses the old code once the facilitator has changed it, and accepts the new one', async () => {
		const old = joinCodeOf(db, W2);
		expect((await facilitator.post(`/ateliers/${W2}?/regenerateCode`, {})).status).toBe(200);
		const fresh = joinCodeOf(db, W2);
		expect(fresh).not.toBe(old);

		const refused = await postJoin({ code: old, name: 'Luc M.', organisation: 'CCAS' });
		expect(refused.res.status).toBe(401);
		expect(refused.body.message).toContain('Code inconnu');
		const { body } = await join(server, fresh);
		expect(body.workshop.id).toBe(W2);
	});

	it('refuses the code while joining is closed, and accepts it again once reopened', async () => {
		const code = joinCodeOf(db, W2);
		expect((await facilitator.post(`/ateliers/${W2}?/setJoining`, { open: '0' })).status).toBe(200);
		const closed = await postJoin({ code, name: 'Luc M.', organisation: 'CCAS' });
		expect(closed.res.status).toBe(401);
		expect(closed.body.message).toContain('accepte plus de nouveaux participants');
		expect(await html(await facilitator.get(`/ateliers/${W2}`))).toContain('Les inscriptions sont fermées');

		expect((await facilitator.post(`/ateliers/${W2}?/setJoining`, { open: '1' })).status).toBe(200);
		const { body } = await join(server, code);
		expect(body.workshop.id).toBe(W2);
	});
});

describe('what a participant can open', () => {
	it('opens /atelier with the tables of its workshop', async () => {
		const { client } = await join(server, DEMO_CODE, 'Sophie R.', 'Mission locale Dombes');
		const res = await client.get('/atelier');
		expect(res.status).toBe(200);
		const page = await html(res);
		expect(page).toContain('Bienvenue Sophie R. (Mission locale Dombes)');
		expect(page).toContain(`href="/tables/${demoBoards[0]}"`);
		expect(page).toContain(`href="/tables/${demoBoards[1]}"`);
		expect(page).not.toContain(`href="/tables/${W2_BOARD}"`);
	});

	it('reads the demo round table: the real diagnostic sentences, in two columns', async () => {
		const { client } = await join(server, DEMO_CODE);
		const res = await client.get(`/tables/${demoBoards[0]}`);
		expect(res.status).toBe(200);
		const page = await html(res);
		expect(page).toContain('Insertion socioprofessionnelle');
		expect(page).toContain('Atouts');
		expect(page).toContain('Problématiques');
		expect(page).toContain('Parmi les atouts, les accompagnements proposés par le Département sont repérés comme une force.');
		expect(page).toContain('La méconnaissance ou la connaissance insuffisante des partenaires');
		const count = Number(/(\d+) contributions?/.exec(page)?.[1]);
		expect(count).toBeGreaterThan(0);
		// The participant sees no link into the project.
		expect(page).not.toContain(`/projets/${demoProject}`);

		const second = await html(await client.get(`/tables/${demoBoards[1]}`));
		expect(second).toContain('Insertion sociale / précarité');
		expect(Number(/(\d+) contributions?/.exec(second)?.[1])).toBeGreaterThan(0);
	});

	it('gets 403 on a round table of another workshop', async () => {
		const { client } = await join(server, DEMO_CODE);
		const res = await client.get(`/tables/${W2_BOARD}`);
		expect(res.status).toBe(403);
		expect(await html(res)).toContain('Cette table appartient à un autre atelier');
	});

	it('is sent to sign in on the facilitators’ pages', async () => {
		const { client } = await join(server, DEMO_CODE);
		for (const path of [`/projets/${demoProject}`, `/ateliers/${demoWorkshop}`, `/ateliers/${demoWorkshop}/affiche`, '/projets']) {
			const res = await client.get(path);
			expect(res.status, path).toBe(303);
			expect(res.headers.get('location'), path).toMatch(/^\/connexion\?suite=/);
		}
	});

	it('does not list archived round tables, nor opens them to participants', async () => {
		const archivedBoard = await createBoard(facilitator, db, W2, 'Table retirée');
		const { client: earlier } = await join(server, joinCodeOf(db, W2));
		expect((await earlier.get(`/tables/${archivedBoard}`)).status).toBe(200);

		expect((await facilitator.post(`/ateliers/${W2}?/archiveBoard`, { boardId: String(archivedBoard) })).status).toBe(200);
		const { client, body } = await join(server, joinCodeOf(db, W2));
		expect(body.boards.map((b) => b.id)).toEqual([W2_BOARD]);
		expect(await html(await client.get('/atelier'))).not.toContain('Table retirée');
		expect((await client.get(`/tables/${archivedBoard}`)).status).toBe(403);
		expect((await earlier.get(`/tables/${archivedBoard}`)).status).toBe(403);
	});

	it('leaves the workshop with “Quitter l’atelier”: the session ends', async () => {
		const { client } = await join(server, DEMO_CODE);
		const token = client.cookies.get('tablee_participant')!;
		const res = await client.post('/atelier?/quitter', {});
		expect(res.status).toBe(303);
		expect(client.cookies.has('tablee_participant')).toBe(false);
		const replay = new Browser(server.url);
		replay.cookies.set('tablee_participant', token);
		const again = await replay.get('/atelier');
		expect(again.status).toBe(303);
		expect(again.headers.get('location')).toBe('/rejoindre');
	});
});

describe('the join form (/rejoindre)', () => {
	it('joins with the form and lands on /atelier', async () => {
		const c = new Browser(server.url);
		const res = await c.post('/rejoindre', { code: 'k7m 2pq', name: 'Élodie P.', organisation: 'Association d’insertion' });
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/atelier');
		expect(c.cookies.has('tablee_participant')).toBe(true);
		expect(await html(await c.get('/atelier'))).toContain('Bienvenue Élodie P. (Association d’insertion)');
	});

	it('shows a French message and keeps what was typed when the code is refused', async () => {
		const c = new Browser(server.url);
		const res = await c.post('/rejoindre', { code: 'ZZZZZZ', name: 'Élodie P.', organisation: 'Association d’insertion' });
		expect(res.status).toBe(401);
		const page = await html(res);
		expect(page).toContain('Code inconnu');
		expect(page).toContain('value="Élodie P."');
		expect(c.cookies.has('tablee_participant')).toBe(false);
	});

	it('shows a French message for a missing name', async () => {
		const res = await new Browser(server.url).post('/rejoindre', { code: DEMO_CODE, name: '', organisation: 'CCAS' });
		expect(res.status).toBe(400);
		expect(await html(res)).toContain('Votre nom : champ obligatoire');
	});

	it('pre-fills the code from the link /rejoindre/<code>', async () => {
		for (const path of ['/rejoindre/K7M2PQ', '/rejoindre/k7m-2pq', '/rejoindre?code=k7m2pq']) {
			const res = await new Browser(server.url).get(path);
			expect(res.status, path).toBe(200);
			expect(await html(res), path).toMatch(/name="code"[^>]*value="K7M2PQ"|value="K7M2PQ"[^>]*name="code"/);
		}
	});

	it('sends a visitor who already joined from / to /atelier', async () => {
		const { client } = await join(server, DEMO_CODE);
		const res = await client.get('/');
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/atelier');
	});
});
