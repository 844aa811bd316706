import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { startServer, type RunningServer } from '../helpers/server.ts';
import {
	Browser,
	addMember,
	createBoard,
	createProject,
	createWorkshop,
	html,
	openDb,
	projectForm,
	signUp
} from './support.ts';

// Role enforcement on every route of a project: owner > facilitator > contributor / observer;
// outsiders and anonymous visitors get nothing.

let server: RunningServer;
let db: Database.Database;
const as: Record<'owner' | 'facilitator' | 'contributor' | 'observer' | 'outsider', Browser> = {} as never;
const ids: Record<string, number> = {};
let P: number; // the project
let W: number; // its workshop, with boards B1 and B2
let W2: number; // a second workshop of the project, with board B3
let WF: number; // a workshop the facilitator is allowed to change, with boards BF1, BF2
let B1: number;
let B2: number;
let B3: number;
let BF1: number;
let BF2: number;
let OTHER_P: number; // another project of the owner, with workshop OTHER_W
let OTHER_W: number;

beforeAll(async () => {
	server = await startServer();
	db = openDb(server);
	as.owner = await signUp(server, 'Claire Pilote', 'owner@ain.fr');
	as.facilitator = await signUp(server, 'Fanny Animatrice', 'facilitator@ain.fr');
	as.contributor = await signUp(server, 'Colin Contributeur', 'contributor@ain.fr');
	as.observer = await signUp(server, 'Odile Observatrice', 'observer@ain.fr');
	as.outsider = await signUp(server, 'Xavier Extérieur', 'outsider@ain.fr');
	for (const u of db.prepare('SELECT id, email FROM users').all() as { id: number; email: string }[]) ids[u.email.split('@')[0]] = u.id;

	P = await createProject(as.owner, { name: 'PST Bresse' });
	for (const role of ['facilitator', 'contributor', 'observer']) await addMember(as.owner, P, `${role}@ain.fr`, role);
	W = await createWorkshop(as.owner, P, { title: 'Atelier diagnostic' });
	B1 = await createBoard(as.owner, db, W, 'Insertion socioprofessionnelle');
	B2 = await createBoard(as.owner, db, W, 'Insertion sociale / précarité');
	W2 = await createWorkshop(as.owner, P, { title: 'Atelier plan d’actions', phase: 'plan_actions' });
	B3 = await createBoard(as.owner, db, W2, 'Mobilité');
	WF = await createWorkshop(as.owner, P, { title: 'Atelier animé par Fanny' });
	BF1 = await createBoard(as.owner, db, WF, 'Logement');
	BF2 = await createBoard(as.owner, db, WF, 'Santé');
	OTHER_P = await createProject(as.owner, { name: 'PST Bugey' });
	OTHER_W = await createWorkshop(as.owner, OTHER_P, { title: 'Atelier du Bugey' });
});
afterAll(async () => {
	db?.close();
	await server?.stop();
});

/** Everything a project action could change. */
function snapshot(): string {
	const tables = ['projects', 'project_axes', 'project_members', 'workshops', 'boards'];
	return JSON.stringify(tables.map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()));
}

/** Every page of the project. */
const pages = () => [
	`/projets/${P}`,
	`/projets/${P}/parametres`,
	`/projets/${P}/ateliers/nouveau`,
	`/ateliers/${W}`,
	`/ateliers/${W}/affiche`,
	`/tables/${B1}`
];

/** Actions that need the facilitator's rights (project.edit, workshop.create/edit, board.edit). */
const editActions = (): [string, Record<string, string | string[]>][] => [
	[`/projets/${P}/parametres?/update`, projectForm({ name: 'Projet modifié' })],
	[`/projets/${P}/ateliers/nouveau`, { title: 'Atelier intrus', date: '', place: '', phase: 'bilan' }],
	[`/projets/${P}?/moveWorkshop`, { workshopId: String(W2), direction: 'up' }],
	[`/projets/${P}?/archiveWorkshop`, { workshopId: String(W) }],
	[`/ateliers/${W}?/createBoard`, { theme: 'Table intruse', template: 'afom' }],
	[`/ateliers/${W}?/regenerateCode`, {}],
	[`/ateliers/${W}?/setJoining`, { open: '0' }],
	[`/ateliers/${W}?/update`, { title: 'Titre modifié', date: '', place: '', phase: 'bilan' }],
	[`/ateliers/${W}?/archive`, { archived: '1' }],
	[`/ateliers/${W}?/moveBoard`, { boardId: String(B2), direction: 'up' }],
	[`/ateliers/${W}?/archiveBoard`, { boardId: String(B1) }],
	[`/ateliers/${W}?/updateBoard`, { boardId: String(B1), theme: 'Thème modifié', template: 'atouts_problematiques' }]
];

/** Actions reserved to owners (project.members). */
const ownerActions = (): [string, Record<string, string | string[]>][] => [
	[`/projets/${P}/parametres?/addMember`, { email: 'outsider@ain.fr', role: 'owner' }],
	[`/projets/${P}/parametres?/changeRole`, { userId: String(ids.contributor), role: 'owner' }],
	[`/projets/${P}/parametres?/removeMember`, { userId: String(ids.observer) }],
	[`/projets/${P}/parametres?/archive`, { archived: '1' }]
];

describe.each(['contributor', 'observer'] as const)('a %s', (role) => {
	it('can open the project, its workshops and its round tables, without editing controls', async () => {
		const project = await as[role].get(`/projets/${P}`);
		expect(project.status).toBe(200);
		const projectPage = await html(project);
		expect(projectPage).toContain('PST Bresse');
		expect(projectPage).not.toContain('?/archiveWorkshop');
		expect(projectPage).not.toContain(`/projets/${P}/parametres`);

		const workshop = await as[role].get(`/ateliers/${W}`);
		expect(workshop.status).toBe(200);
		const workshopPage = await html(workshop);
		expect(workshopPage).toContain('Insertion socioprofessionnelle');
		expect(workshopPage).not.toContain('?/createBoard');
		expect(workshopPage).not.toContain('?/regenerateCode');

		expect((await as[role].get(`/ateliers/${W}/affiche`)).status).toBe(200);
		const table = await as[role].get(`/tables/${B1}`);
		expect(table.status).toBe(200);
		expect(await html(table)).toContain('Insertion socioprofessionnelle');
	});

	it('gets 403 on the project settings and on the new-workshop page', async () => {
		for (const path of [`/projets/${P}/parametres`, `/projets/${P}/ateliers/nouveau`]) {
			const res = await as[role].get(path);
			expect(res.status, path).toBe(403);
			expect(await html(res), path).toContain('Votre rôle dans ce projet ne permet pas cette action');
		}
	});

	it('gets 403 on every editing action, and nothing changes', async () => {
		const before = snapshot();
		for (const [path, fields] of [...editActions(), ...ownerActions()]) {
			const res = await as[role].post(path, fields);
			expect(res.status, path).toBe(403);
		}
		expect(snapshot()).toBe(before);
	});
});

describe('a facilitator', () => {
	it('can open the project settings and the new-workshop page', async () => {
		expect((await as.facilitator.get(`/projets/${P}/parametres`)).status).toBe(200);
		expect((await as.facilitator.get(`/projets/${P}/ateliers/nouveau`)).status).toBe(200);
	});

	it('can edit the project and create a workshop', async () => {
		const res = await as.facilitator.post(`/projets/${P}/parametres?/update`, projectForm({ name: 'PST Bresse' , territory: 'DT Bresse Revermont' }));
		expect(res.status).toBe(200);
		expect((db.prepare('SELECT territory FROM projects WHERE id = ?').get(P) as { territory: string }).territory).toBe('DT Bresse Revermont');
		const created = await createWorkshop(as.facilitator, P, { title: 'Atelier créé par Fanny' });
		expect(db.prepare('SELECT project_id FROM workshops WHERE id = ?').get(created)).toEqual({ project_id: P });
	});

	it('can run every workshop action', async () => {
		const f = as.facilitator;
		const code = () => (db.prepare('SELECT join_code FROM workshops WHERE id = ?').get(WF) as { join_code: string }).join_code;
		const w = () => db.prepare('SELECT title, phase, joining_open, archived_at FROM workshops WHERE id = ?').get(WF) as Record<string, unknown>;
		const board = (id: number) => db.prepare('SELECT theme, template, position, archived_at FROM boards WHERE id = ?').get(id) as Record<string, unknown>;

		const oldCode = code();
		expect((await f.post(`/ateliers/${WF}?/regenerateCode`, {})).status).toBe(200);
		expect(code()).not.toBe(oldCode);

		expect((await f.post(`/ateliers/${WF}?/setJoining`, { open: '0' })).status).toBe(200);
		expect(w().joining_open).toBe(0);
		expect((await f.post(`/ateliers/${WF}?/setJoining`, { open: '1' })).status).toBe(200);
		expect(w().joining_open).toBe(1);

		expect((await f.post(`/ateliers/${WF}?/update`, { title: 'Atelier renommé', date: '2027-01-14', place: 'Bourg', phase: 'restitution' })).status).toBe(200);
		expect(w()).toMatchObject({ title: 'Atelier renommé', phase: 'restitution' });

		expect((await f.post(`/ateliers/${WF}?/createBoard`, { theme: 'Mobilité', template: 'afom' })).status).toBe(200);
		expect(db.prepare("SELECT template FROM boards WHERE workshop_id = ? AND theme = 'Mobilité'").get(WF)).toEqual({ template: 'afom' });

		const p1 = board(BF1).position as number;
		const p2 = board(BF2).position as number;
		expect((await f.post(`/ateliers/${WF}?/moveBoard`, { boardId: String(BF2), direction: 'up' })).status).toBe(200);
		expect(board(BF2).position).toBe(p1);
		expect(board(BF1).position).toBe(p2);

		expect((await f.post(`/ateliers/${WF}?/updateBoard`, { boardId: String(BF1), theme: 'Logement et hébergement', template: 'afom' })).status).toBe(200);
		expect(board(BF1)).toMatchObject({ theme: 'Logement et hébergement', template: 'afom' });

		expect((await f.post(`/ateliers/${WF}?/archiveBoard`, { boardId: String(BF1) })).status).toBe(200);
		expect(board(BF1).archived_at).not.toBeNull();
		expect((await f.post(`/ateliers/${WF}?/archiveBoard`, { boardId: String(BF1), archived: '0' })).status).toBe(200);
		expect(board(BF1).archived_at).toBeNull();

		expect((await f.post(`/ateliers/${WF}?/archive`, { archived: '1' })).status).toBe(200);
		expect(w().archived_at).not.toBeNull();
		expect((await f.post(`/ateliers/${WF}?/archive`, { archived: '0' })).status).toBe(200);
		expect(w().archived_at).toBeNull();

		expect((await f.post(`/projets/${P}?/archiveWorkshop`, { workshopId: String(WF) })).status).toBe(200);
		expect(w().archived_at).not.toBeNull();
		expect((await f.post(`/projets/${P}?/archiveWorkshop`, { workshopId: String(WF), archived: '0' })).status).toBe(200);
		expect(w().archived_at).toBeNull();

		const before = (db.prepare('SELECT position FROM workshops WHERE id = ?').get(WF) as { position: number }).position;
		expect((await f.post(`/projets/${P}?/moveWorkshop`, { workshopId: String(WF), direction: 'up' })).status).toBe(200);
		expect((db.prepare('SELECT position FROM workshops WHERE id = ?').get(WF) as { position: number }).position).toBeLessThan(before);
	});

	it('gets 403 on member management and project archiving, and nothing changes', async () => {
		const before = snapshot();
		for (const [path, fields] of ownerActions()) {
			const res = await as.facilitator.post(path, fields);
			expect(res.status, path).toBe(403);
		}
		expect(snapshot()).toBe(before);
	});
});

describe('an outsider (signed in, not a member)', () => {
	it('gets 403 on every page of the project, told to ask the owner for an invitation', async () => {
		for (const path of [...pages(), `/tables/${B3}`, `/ateliers/${W2}`]) {
			const res = await as.outsider.get(path);
			expect(res.status, path).toBe(403);
			const page = await html(res);
			if (!path.startsWith('/tables/')) expect(page, path).toContain('pas membre de ce projet');
		}
	});

	it('does not see the project in its list', async () => {
		expect(await html(await as.outsider.get('/projets'))).not.toContain('PST Bresse');
	});

	it('gets 403 on every action of the project, and nothing changes', async () => {
		const before = snapshot();
		for (const [path, fields] of [...editActions(), ...ownerActions()]) {
			const res = await as.outsider.post(path, fields);
			expect(res.status, path).toBe(403);
		}
		expect(snapshot()).toBe(before);
	});
});

describe('an anonymous visitor', () => {
	it('is sent to sign in from every page, and brought back afterwards', async () => {
		for (const path of [...pages(), '/projets', '/projets/nouveau', '/admin']) {
			const res = await new Browser(server.url).get(path);
			expect(res.status, path).toBe(303);
			// A table's link is what partners scan: it goes to the join page, which links to sign-in (issue 13).
			const table = /^\/tables\/(\d+)$/.exec(path);
			expect(res.headers.get('location'), path).toBe(table ? `/rejoindre?table=${table[1]}` : `/connexion?suite=${encodeURIComponent(path)}`);
			if (table) expect(await html(await new Browser(server.url).get(`/rejoindre?table=${table[1]}`)), path).toContain(`href="/connexion?suite=${encodeURIComponent(path)}"`);
		}
	});

	it('changes nothing by posting to the actions', async () => {
		const before = snapshot();
		for (const [path, fields] of [...editActions(), ...ownerActions(), ['/projets/nouveau', projectForm({ name: 'Anonyme' })] as const]) {
			const res = await new Browser(server.url).post(path, fields as Record<string, string | string[]>);
			expect(res.status, path).toBe(303);
			expect(res.headers.get('location'), path).toMatch(/^\/connexion\?suite=/);
		}
		expect(snapshot()).toBe(before);
	});
});

describe('ids that do not belong', () => {
	it('refuses a round table of another workshop posted to a workshop’s board actions (404), and changes nothing', async () => {
		const before = snapshot();
		const attempts: [string, Record<string, string>][] = [
			['archiveBoard', { boardId: String(B3) }],
			['moveBoard', { boardId: String(B3), direction: 'up' }],
			['updateBoard', { boardId: String(B3), theme: 'Détourné', template: 'afom' }]
		];
		for (const [action, fields] of attempts) {
			const res = await as.owner.post(`/ateliers/${W}?/${action}`, fields);
			expect(res.status, action).toBe(404);
			expect(await html(res)).toContain('Table introuvable dans cet atelier');
		}
		expect(db.prepare('SELECT archived_at, theme FROM boards WHERE id = ?').get(B3)).toEqual({ archived_at: null, theme: 'Mobilité' });
		expect(snapshot()).toBe(before);
	});

	it('refuses a workshop of another project posted to a project’s workshop actions (404), and changes nothing', async () => {
		const before = snapshot();
		for (const [action, fields] of [
			['archiveWorkshop', { workshopId: String(OTHER_W) }],
			['moveWorkshop', { workshopId: String(OTHER_W), direction: 'up' }]
		] as const) {
			const res = await as.owner.post(`/projets/${P}?/${action}`, fields);
			expect(res.status, action).toBe(404);
		}
		expect(snapshot()).toBe(before);
	});

	it('answers 404 for unknown ids', async () => {
		for (const path of ['/projets/999999', '/projets/999999/parametres', '/projets/999999/ateliers/nouveau', '/ateliers/999999', '/ateliers/999999/affiche', '/tables/999999']) {
			expect((await as.owner.get(path)).status, path).toBe(404);
		}
		const before = snapshot();
		expect((await as.owner.post('/ateliers/999999?/update', { title: 'x', phase: 'bilan' })).status).toBe(404);
		expect((await as.owner.post('/ateliers/999999?/createBoard', { theme: 'x', template: 'afom' })).status).toBe(404);
		expect((await as.owner.post(`/ateliers/${W}?/archiveBoard`, { boardId: '999999' })).status).toBe(404);
		expect((await as.owner.post('/projets/999999/parametres?/update', projectForm())).status).toBe(404);
		expect(snapshot()).toBe(before);
	});

	it('answers 404 for ids that are not numbers', async () => {
		for (const path of ['/projets/abc', '/projets/1.5', '/projets/-1/parametres', '/ateliers/1abc', '/ateliers/%201', '/tables/0x10', '/tables/NaN']) {
			expect((await as.owner.get(path)).status, path).toBe(404);
		}
		const before = snapshot();
		expect((await as.owner.post('/ateliers/abc?/update', { title: 'x', phase: 'bilan' })).status).toBe(404);
		expect((await as.owner.post(`/ateliers/${W}?/archiveBoard`, { boardId: 'abc' })).status).toBe(404);
		expect(snapshot()).toBe(before);
	});
});

describe('the owner', () => {
	it('can manage members', async () => {
		const res = await as.owner.post(`/projets/${P}/parametres?/addMember`, { email: 'outsider@ain.fr', role: 'observer' });
		expect(res.status).toBe(200);
		expect((await as.outsider.get(`/projets/${P}`)).status).toBe(200);
		expect((await as.owner.post(`/projets/${P}/parametres?/removeMember`, { userId: String(ids.outsider) })).status).toBe(200);
		expect((await as.outsider.get(`/projets/${P}`)).status).toBe(403);
	});
});
