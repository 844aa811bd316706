import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { type Browser, DAY, IpClient, PASSWORD, createProject, html, openDb, setServerClock, signIn } from './support.ts';

// A production instance as it starts: no demo, no account, sign-up closed. The first
// administrator comes from the one-time link printed at start; accounts from invitation links
// (by the administrator, or into a project); forgotten passwords from reset links. Every link is
// single-use and expires (the server's clock is moved through TABLEE_TEST_CLOCK_FILE).

const clockFile = join(mkdtempSync(join(tmpdir(), 'tablee-clock-')), 'offset');
const PRODUCTION = { SEED_DEMO: '', OPEN_SIGNUP: '', DEMO_IS_ADMIN: '', ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1', TABLEE_TEST_CLOCK_FILE: clockFile };
let server: RunningServer;
let db: Database.Database;
let admin: Browser;
let offset = 0;
async function advance(ms: number) {
	offset += ms;
	await setServerClock(server, clockFile, offset);
}

/** A browser on its own address (the server trusts X-Forwarded-For, as behind a proxy). */
let lastIp = 10;
const B = (ip = `198.51.100.${lastIp++}`) => new IpClient(server.url, ip);

const linkPath = (url: string) => new URL(url).pathname;
function setupLinkOf(out: string): string {
	const m = /créez son compte avec ce lien \(une seule fois, 24 h\) : (http:\/\/\S+)/.exec(out);
	expect(m, out).not.toBeNull();
	return linkPath(m![1]);
}
/** The link shown to the administrator in the page after an action. */
function shownLink(page: string): string {
	const m = /value="(http:\/\/[^"]+\/compte\/[a-z2-7]{32})"/.exec(page);
	expect(m, 'a link in the page').not.toBeNull();
	return linkPath(m![1]);
}
const count = (sql: string, ...args: unknown[]) => (db.prepare(sql).pluck().get(...args) as number);

beforeAll(async () => {
	server = await startServer(PRODUCTION);
	db = openDb(server);
});
afterAll(async () => {
	db?.close();
	await server?.stop();
});

describe('[ACC1] first production start', () => {
	it('has no demo and no account, prints a setup link and no password', () => {
		expect(count('SELECT count(*) FROM users')).toBe(0);
		expect(count('SELECT count(*) FROM projects')).toBe(0);
		const out = server.output();
		expect(out).not.toContain('Compte de démonstration');
		expect(out).not.toMatch(/mot de passe\s*:/i);
		setupLinkOf(out);
	});

	it('creates the administrator through the setup link, once', async () => {
		const path = setupLinkOf(server.output());
		const c = B();
		expect(await html(await c.get(path))).toContain('Créer le compte administrateur');
		const res = await c.post(path, { displayName: 'Nadia Admin', email: 'admin@ain.fr', password: PASSWORD, confirmation: PASSWORD });
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/projets');
		expect((await c.get('/admin')).status).toBe(200);
		admin = c;
		const again = await B().post(path, { displayName: 'Intrus', email: 'intrus@ain.fr', password: PASSWORD, confirmation: PASSWORD });
		expect(again.status).toBe(404);
		expect(await html(again)).toContain('Ce lien n’est plus valable');
		expect(db.prepare('SELECT email, is_admin FROM users').all()).toEqual([{ email: 'admin@ain.fr', is_admin: 1 }]);
	});

	it('prints no setup link once an administrator exists (restart on the same file)', async () => {
		const again = await startServer({ ...PRODUCTION, DATABASE_PATH: server.databasePath, TABLEE_TEST_CLOCK_FILE: '' });
		try {
			expect(again.output()).not.toContain('Aucun administrateur');
		} finally {
			await again.stop();
		}
	});
});

describe('[ACC2] sign-up is closed', () => {
	it('says so on /inscription and refuses the form (403), creating nothing', async () => {
		expect(await html(await B().get('/inscription'))).toContain('Les inscriptions sont fermées sur cette instance');
		const res = await B().post('/inscription', { displayName: 'Paul', email: 'paul@ain.fr', password: PASSWORD });
		expect(res.status).toBe(403);
		expect(await html(res)).toContain('demandez un lien d’invitation');
		expect(count("SELECT count(*) FROM users WHERE email = 'paul@ain.fr'")).toBe(0);
	});
});

describe('[ACC3] invitation by the administrator', () => {
	let path: string;

	it('gives the administrator a link to pass on', async () => {
		const res = await admin.post('/admin?/invite', { email: 'Paul@Ain.fr' });
		expect(res.status).toBe(200);
		const page = await html(res);
		expect(page).toContain('Lien d’invitation pour paul@ain.fr, valable 7 jours et une seule fois');
		path = shownLink(page);
	});

	it('refuses common or trivial passwords, saying why in French', async () => {
		const c = B();
		for (const [password, message] of [
			['aaaaaaaaaaaa', 'trop facile à deviner'],
			['azertyuiop12', 'trop facile à deviner'],
			['motdepasse123', 'trop facile à deviner'],
			['Soleil', 'Mot de passe trop court'],
			['abcdefghij', 'Mot de passe trop simple'],
			['paul-durand-2026', 'contient votre nom']
		]) {
			const res = await c.post(path, { displayName: 'Paul Durand', password, confirmation: password });
			expect(res.status, password).toBe(400);
			expect(await html(res), password).toContain(message);
		}
		expect(count("SELECT count(*) FROM users WHERE email = 'paul@ain.fr'")).toBe(0);
	});

	it('creates the account with a good password, signs the person in, and works only once', async () => {
		const c = B();
		const res = await c.post(path, { displayName: 'Paul Durand', password: PASSWORD, confirmation: PASSWORD });
		expect(res.status).toBe(303);
		expect(c.cookies.has('tablee_session')).toBe(true);
		expect(db.prepare("SELECT display_name, is_admin FROM users WHERE email = 'paul@ain.fr'").get()).toEqual({ display_name: 'Paul Durand', is_admin: 0 });
		expect((await B().post(path, { displayName: 'X', password: PASSWORD, confirmation: PASSWORD })).status).toBe(404);
		expect(await html(await B().get(path))).toContain('Ce lien n’est plus valable');
	});

	it('expires after 7 days', async () => {
		const page = await html(await admin.post('/admin?/invite', { email: 'ines@ain.fr' }));
		const late = shownLink(page);
		await advance(7 * DAY + 60_000);
		const res = await B().post(late, { displayName: 'Inès Roux', password: PASSWORD, confirmation: PASSWORD });
		expect(res.status).toBe(404);
		expect(count("SELECT count(*) FROM users WHERE email = 'ines@ain.fr'")).toBe(0);
	});
});

describe('[ACC4] password reset issued by the administrator', () => {
	it('sets a new password, ends the other sessions, works once and expires after 24 h', async () => {
		const paul = await signIn(server, 'paul@ain.fr', PASSWORD, B());
		const paulId = count("SELECT id FROM users WHERE email = 'paul@ain.fr'");
		const page = await html(await admin.post('/admin?/resetLink', { userId: String(paulId) }));
		expect(page).toContain('Lien de réinitialisation du mot de passe de paul@ain.fr');
		const path = shownLink(page);
		const fresh = 'quatre mots sans rapport';
		const res = await B().post(path, { password: fresh, confirmation: fresh });
		expect(res.status).toBe(303);
		expect((await paul.get('/projets')).status).toBe(303); // the old session ended
		expect((await B().post('/connexion', { email: 'paul@ain.fr', password: PASSWORD })).status).toBe(401);
		await signIn(server, 'paul@ain.fr', fresh, B());
		expect((await B().post(path, { password: PASSWORD, confirmation: PASSWORD })).status).toBe(404);

		const late = shownLink(await html(await admin.post('/admin?/resetLink', { userId: String(paulId) })));
		await advance(DAY + 60_000);
		expect((await B().post(late, { password: PASSWORD, confirmation: PASSWORD })).status).toBe(404);
		await signIn(server, 'paul@ain.fr', fresh, B());
	});

	it('is refused to anyone but the administrator', async () => {
		const paul = await signIn(server, 'paul@ain.fr', 'quatre mots sans rapport', B());
		expect((await paul.post('/admin?/resetLink', { userId: '1' })).status).toBe(403);
		expect((await paul.post('/admin?/invite', { email: 'x@ain.fr' })).status).toBe(403);
	});
});

describe('[ACC5] a project invites an e-mail that has no account', () => {
	it('gives the owner a link; the new account joins the project with the role chosen', async () => {
		const projectId = await createProject(admin, { name: 'PST Bugey' });
		const res = await admin.post(`/projets/${projectId}/parametres?/addMember`, { email: 'lea@ain.fr', role: 'contributor' });
		expect(res.status).toBe(200);
		const page = await html(res);
		expect(page).toContain('Invitation créée pour lea@ain.fr');
		const path = shownLink(page);
		// Svelte's hydration markers (comments) split the text: leave them out.
		const shown = (await html(await B().get(path))).replace(/<!--[^>]*-->/g, '');
		expect(shown).toContain('au projet « PST Bugey » comme contributeur·rice');
		const lea = B();
		expect((await lea.post(path, { displayName: 'Léa Petit', password: PASSWORD, confirmation: PASSWORD })).status).toBe(303);
		expect(db.prepare('SELECT m.role FROM project_members m JOIN users u ON u.id = m.user_id WHERE u.email = ? AND m.project_id = ?').pluck().get('lea@ain.fr', projectId)).toBe('contributor');
		expect((await lea.get(`/projets/${projectId}`)).status).toBe(200);
	});
});

describe('[ACC6] throttled account endpoints', () => {
	it('slows down link submissions from one address after 20 (429, French)', async () => {
		const c = new IpClient(server.url, '203.0.113.50');
		const statuses: number[] = [];
		for (let i = 0; i < 20; i++) statuses.push((await c.post('/compte/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', { password: PASSWORD, confirmation: PASSWORD })).status);
		expect(statuses.every((s) => s === 404)).toBe(true);
		const res = await c.post('/compte/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', { password: PASSWORD, confirmation: PASSWORD });
		expect(res.status).toBe(429);
		expect(await html(res)).toContain('Réessayez dans');
	});
});

describe('[ACC7] open sign-up (OPEN_SIGNUP=1) is throttled and does not tell who has an account', () => {
	let open: RunningServer;
	beforeAll(async () => {
		open = await startServer({ OPEN_SIGNUP: '1', ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1' });
	});
	afterAll(async () => {
		await open?.stop();
	});

	it('answers an existing address like any refusal, and slows one address after 10 requests', async () => {
		const c = new IpClient(open.url, '203.0.113.60');
		expect((await c.post('/inscription', { displayName: 'Claire', email: 'claire@ain.fr', password: PASSWORD })).status).toBe(303);
		const again = await new IpClient(open.url, '203.0.113.60').post('/inscription', { displayName: 'Claire', email: 'claire@ain.fr', password: PASSWORD });
		expect(again.status).toBe(400);
		expect(await html(again)).not.toContain('existe');
		for (let i = 0; i < 8; i++) await new IpClient(open.url, '203.0.113.60').post('/inscription', { displayName: 'X', email: `x${i}@ain.fr`, password: PASSWORD });
		const res = await new IpClient(open.url, '203.0.113.60').post('/inscription', { displayName: 'Y', email: 'y@ain.fr', password: PASSWORD });
		expect(res.status).toBe(429);
		expect(await html(res)).toContain('Trop de demandes de compte depuis cette connexion');
	});
});
