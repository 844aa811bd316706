import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { Browser, addMember, createProject, decode, html, openDb, projectForm, signUp } from './support.ts';

let server: RunningServer;
let db: Database.Database;
let owner: Browser;
let paul: Browser;
let ines: Browser;
let projectId: number;
let paulId: number;
let inesId: number;
let claireId: number;

beforeAll(async () => {
	server = await startServer();
	db = openDb(server);
	owner = await signUp(server, 'Claire Martin', 'claire@ain.fr');
	paul = await signUp(server, 'Paul Durand', 'paul@ain.fr');
	ines = await signUp(server, 'Inès Roux', 'ines@ain.fr');
	const ids = db.prepare('SELECT id, email FROM users').all() as { id: number; email: string }[];
	const idOf = (e: string) => ids.find((u) => u.email === e)!.id;
	claireId = idOf('claire@ain.fr');
	paulId = idOf('paul@ain.fr');
	inesId = idOf('ines@ain.fr');
	projectId = await createProject(owner, {
		name: 'PST Val de Saône - Dombes',
		departement: 'Ain',
		territory: 'DT Val de Saône Dombes',
		periodStart: '2022',
		periodEnd: '2028',
		axes: [
			{ code: 'ins', label: 'Insertion' },
			{ code: 'AUT', label: 'Autonomie' }
		]
	});
});
afterAll(async () => {
	db?.close();
	await server?.stop();
});

const countProjects = () => (db.prepare('SELECT count(*) AS n FROM projects').get() as { n: number }).n;
const roleOf = (userId: number) =>
	(db.prepare('SELECT role FROM project_members WHERE project_id = ? AND user_id = ?').get(projectId, userId) as { role: string } | undefined)?.role;

describe('creating a project', () => {
	it('creates the project and shows it with its axes (codes upper-cased) and its owner', async () => {
		const res = await owner.get(`/projets/${projectId}`);
		expect(res.status).toBe(200);
		const page = await html(res);
		expect(page).toContain('PST Val de Saône - Dombes');
		expect(page).toContain('DT Val de Saône Dombes');
		expect(page).toContain('2022-2028');
		expect(page).toMatch(/<strong>INS<\/strong> · Insertion/);
		expect(page).toMatch(/<strong>AUT<\/strong> · Autonomie/);
		expect(page).toMatch(/Claire Martin <span class="badge grey">Pilote/);
		expect(roleOf(claireId)).toBe('owner');
		// Sentences joined across a condition keep their space (Svelte trims it at a block's edge).
		expect(decode(page).replace(/<!--[\s\S]*?-->/g, '')).toContain('Aucun atelier pour l’instant. Créez le premier');
	});

	it('lists the project on /projets for its owner only', async () => {
		expect(await html(await owner.get('/projets'))).toContain('PST Val de Saône - Dombes');
		expect(await html(await paul.get('/projets'))).not.toContain('PST Val de Saône - Dombes');
	});

	const refusals: [string, Parameters<typeof projectForm>[0], string][] = [
		['an empty name', { name: '  ' }, 'Nom du projet : champ obligatoire'],
		['an end year equal to the start year', { periodStart: '2024', periodEnd: '2024' }, 'La fin de la période doit suivre son début'],
		['an end year before the start year', { periodStart: '2028', periodEnd: '2022' }, 'La fin de la période doit suivre son début'],
		['a year that is not a number', { periodStart: 'deux mille' }, 'Début de la période : année attendue'],
		[
			'two axes with the same code (whatever their case)',
			{ axes: [{ code: 'INS', label: 'Insertion' }, { code: 'ins', label: 'Insertion bis' }] },
			'Deux axes ont le même code'
		],
		['an axis code with digits', { axes: [{ code: 'INS2', label: 'Insertion' }] }, '2 à 8 lettres sans accent'],
		['no axis at all', { axes: [] }, 'Au moins un axe est nécessaire']
	];
	for (const [what, fields, message] of refusals) {
		it(`refuses ${what} with 400 and a French message, and creates nothing`, async () => {
			const before = countProjects();
			const res = await owner.post('/projets/nouveau', projectForm(fields));
			expect(res.status).toBe(400);
			expect(await html(res)).toContain(message);
			expect(countProjects()).toBe(before);
		});
	}

	it('keeps what was typed in the form when it is refused', async () => {
		const res = await owner.post('/projets/nouveau', projectForm({ name: 'Projet Bugey', periodStart: '2030', periodEnd: '2020' }));
		expect(res.status).toBe(400);
		expect(await html(res)).toContain('value="Projet Bugey"');
	});
});

describe('editing a project', () => {
	it('saves the project fields and replaces its axes', async () => {
		const res = await owner.post(
			`/projets/${projectId}/parametres?/update`,
			projectForm({
				name: 'PST Dombes',
				departement: 'Ain',
				territory: 'DT Dombes',
				periodStart: '2023',
				periodEnd: '2029',
				axes: [
					{ code: 'COOR', label: 'Coordination' },
					{ code: 'INS', label: 'Insertion professionnelle' },
					{ code: 'ENF', label: 'Enfance-famille' }
				]
			})
		);
		expect(res.status).toBe(200);
		expect(await html(res)).toContain('Projet enregistré');

		const page = await html(await owner.get(`/projets/${projectId}`));
		expect(page).toContain('PST Dombes');
		expect(page).toContain('2023-2029');
		expect(page).toMatch(/<strong>COOR<\/strong> · Coordination/);
		expect(page).toMatch(/<strong>INS<\/strong> · Insertion professionnelle/);
		expect(page).not.toContain('Autonomie');
		const axes = db.prepare('SELECT code FROM project_axes WHERE project_id = ? ORDER BY position').all(projectId);
		expect(axes).toEqual([{ code: 'COOR' }, { code: 'INS' }, { code: 'ENF' }]);
	});

	it('refuses invalid edits with 400 and leaves the project as it was', async () => {
		const before = db.prepare('SELECT name, period_start, period_end FROM projects WHERE id = ?').get(projectId);
		const axesBefore = db.prepare('SELECT code, label FROM project_axes WHERE project_id = ? ORDER BY position').all(projectId);
		const res = await owner.post(
			`/projets/${projectId}/parametres?/update`,
			projectForm({ name: 'Autre nom', axes: [{ code: 'AB', label: 'A' }, { code: 'ab', label: 'B' }] })
		);
		expect(res.status).toBe(400);
		expect(await html(res)).toContain('Deux axes ont le même code');
		expect(db.prepare('SELECT name, period_start, period_end FROM projects WHERE id = ?').get(projectId)).toEqual(before);
		expect(db.prepare('SELECT code, label FROM project_axes WHERE project_id = ? ORDER BY position').all(projectId)).toEqual(axesBefore);
	});
});

describe('members', () => {
	it('invites an existing account by e-mail with a role, and the project page shows it', async () => {
		const res = await owner.post(`/projets/${projectId}/parametres?/addMember`, { email: ' Paul@AIN.fr ', role: 'contributor' });
		expect(res.status).toBe(200);
		expect(await html(res)).toContain('Paul Durand a rejoint le projet');
		expect(roleOf(paulId)).toBe('contributor');
		expect(await html(await owner.get(`/projets/${projectId}`))).toMatch(/Paul Durand <span class="badge grey">Contributeur/);
		// And the project now appears in Paul's list.
		expect(await html(await paul.get('/projets'))).toContain('PST Dombes');
	});

	it('invites an e-mail without an account through a single-use link, and adds no member yet', async () => {
		const res = await owner.post(`/projets/${projectId}/parametres?/addMember`, { email: 'inconnu@ain.fr', role: 'observer' });
		expect(res.status).toBe(200);
		const page = await html(res);
		expect(page).toContain('Invitation créée pour inconnu@ain.fr');
		expect(page).toMatch(/value="http:\/\/[^"]+\/compte\/[a-z2-7]{32}"/);
		expect(db.prepare("SELECT count(*) FROM users WHERE email = 'inconnu@ain.fr'").pluck().get()).toBe(0);
	});

	it('refuses to invite someone who is already a member (409)', async () => {
		const res = await owner.post(`/projets/${projectId}/parametres?/addMember`, { email: 'paul@ain.fr', role: 'observer' });
		expect(res.status).toBe(409);
		expect(await html(res)).toContain('déjà membre');
		expect(roleOf(paulId)).toBe('contributor');
	});

	it('refuses an unknown role', async () => {
		const res = await owner.post(`/projets/${projectId}/parametres?/addMember`, { email: 'ines@ain.fr', role: 'admin' });
		expect(res.status).toBe(400);
		expect(await html(res)).toContain('Rôle inconnu');
		expect(roleOf(inesId)).toBeUndefined();
	});

	it('changes a member’s role', async () => {
		const res = await owner.post(`/projets/${projectId}/parametres?/changeRole`, { userId: String(paulId), role: 'facilitator' });
		expect(res.status).toBe(200);
		expect(await html(res)).toContain('Rôle modifié');
		expect(roleOf(paulId)).toBe('facilitator');
		expect(await html(await owner.get(`/projets/${projectId}`))).toMatch(/Paul Durand <span class="badge grey">Animateur/);
	});

	it('refuses to demote the last owner (400 "au moins un pilote")', async () => {
		const res = await owner.post(`/projets/${projectId}/parametres?/changeRole`, { userId: String(claireId), role: 'observer' });
		expect(res.status).toBe(400);
		expect(await html(res)).toContain('au moins un pilote');
		expect(roleOf(claireId)).toBe('owner');
	});

	it('refuses to remove the last owner (400 "au moins un pilote")', async () => {
		const res = await owner.post(`/projets/${projectId}/parametres?/removeMember`, { userId: String(claireId) });
		expect(res.status).toBe(400);
		expect(await html(res)).toContain('au moins un pilote');
		expect(roleOf(claireId)).toBe('owner');
	});

	it('lets an owner step down once another owner exists', async () => {
		await addMember(owner, projectId, 'ines@ain.fr', 'owner');
		const res = await owner.post(`/projets/${projectId}/parametres?/changeRole`, { userId: String(claireId), role: 'facilitator' });
		expect(res.status).toBe(200);
		expect(roleOf(claireId)).toBe('facilitator');
		// Claire, no longer an owner, cannot manage members any more.
		const again = await owner.post(`/projets/${projectId}/parametres?/changeRole`, { userId: String(claireId), role: 'owner' });
		expect(again.status).toBe(403);
		expect(roleOf(claireId)).toBe('facilitator');
	});

	it('removes a member, who then loses access to the project', async () => {
		const res = await ines.post(`/projets/${projectId}/parametres?/removeMember`, { userId: String(paulId) });
		expect(res.status).toBe(200);
		expect(await html(res)).toContain('Membre retiré du projet');
		expect(roleOf(paulId)).toBeUndefined();
		expect((await paul.get(`/projets/${projectId}`)).status).toBe(403);
	});
});

