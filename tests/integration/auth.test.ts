import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { Browser, PASSWORD, html, openDb, sha256Hex, signIn, signUp } from './support.ts';

let server: RunningServer;
let db: Database.Database;
let admin: Browser;
let second: Browser;

beforeAll(async () => {
	server = await startServer();
	db = openDb(server);
	admin = await signUp(server, 'Claire Martin', 'claire.martin@ain.fr');
	second = await signUp(server, 'Paul Durand', 'paul.durand@ain.fr');
});
afterAll(async () => {
	db?.close();
	await server?.stop();
});

describe('sign-up', () => {
	it('creates the account, opens a session and lands on /projets', async () => {
		const res = await admin.get('/projets');
		expect(res.status).toBe(200);
		expect(await html(res)).toContain('Claire Martin');
	});

	it('makes the first account of the instance its administrator, and only the first', async () => {
		expect((await admin.get('/admin')).status).toBe(200);
		expect((await second.get('/admin')).status).toBe(403);
		const rows = db.prepare('SELECT email, is_admin FROM users ORDER BY id').all();
		expect(rows).toEqual([
			{ email: 'claire.martin@ain.fr', is_admin: 1 },
			{ email: 'paul.durand@ain.fr', is_admin: 0 }
		]);
	});

	it('refuses an invalid e-mail address with a French message', async () => {
		const res = await new Browser(server.url).post('/inscription', { displayName: 'X', email: 'pas-une-adresse', password: PASSWORD });
		expect(res.status).toBe(400);
		expect(await html(res)).toContain('Adresse e-mail invalide');
	});

	it('refuses a short password with a French message', async () => {
		const res = await new Browser(server.url).post('/inscription', { displayName: 'X', email: 'x@ain.fr', password: 'court' });
		expect(res.status).toBe(400);
		expect(await html(res)).toContain('Mot de passe trop court');
	});

	it('refuses an empty name with a French message', async () => {
		const res = await new Browser(server.url).post('/inscription', { displayName: '   ', email: 'x@ain.fr', password: PASSWORD });
		expect(res.status).toBe(400);
		expect(await html(res)).toContain('Nom : champ obligatoire');
	});

	it('refuses a form without the name field with a French message', async () => {
		const res = await new Browser(server.url).post('/inscription', { email: 'x@ain.fr', password: PASSWORD });
		expect(res.status).toBe(400);
		const page = await html(res);
		expect(page).toContain('Nom');
		expect(page).not.toContain('Invalid key');
	});

	it('refuses a second account with the same e-mail, whatever its case, without saying the address has an account (400)', async () => {
		const res = await new Browser(server.url).post('/inscription', {
			displayName: 'Autre Claire',
			email: 'Claire.Martin@AIN.fr',
			password: PASSWORD
		});
		expect(res.status).toBe(400);
		const page = await html(res);
		expect(page).toContain('Impossible de créer ce compte.');
		expect(page).not.toContain('existe déjà');
		expect(db.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 2 });
	});

	it('creates no session and no account when the form is refused', async () => {
		const c = new Browser(server.url);
		await c.post('/inscription', { displayName: 'X', email: 'y@ain.fr', password: 'court' });
		expect(c.cookies.has('tablee_session')).toBe(false);
		expect(db.prepare("SELECT count(*) AS n FROM users WHERE email = 'y@ain.fr'").get()).toEqual({ n: 0 });
	});
});

describe('sessions', () => {
	it('stores the SHA-256 of the token, never the token held in the cookie', async () => {
		const token = admin.cookies.get('tablee_session')!;
		expect(token).toMatch(/^[a-z2-7]{32}$/);
		const ids = (db.prepare('SELECT id FROM sessions').all() as { id: string }[]).map((r) => r.id);
		expect(ids).toContain(sha256Hex(token));
		expect(ids).not.toContain(token);
	});

	it('marks the session cookie HttpOnly and SameSite=Lax', async () => {
		const c = new Browser(server.url);
		const res = await c.post('/connexion', { email: 'paul.durand@ain.fr', password: PASSWORD });
		const line = res.headers.getSetCookie().find((l) => l.startsWith('tablee_session='));
		expect(line).toBeDefined();
		expect(line).toMatch(/HttpOnly/i);
		expect(line).toMatch(/SameSite=Lax/i);
		expect(line).toMatch(/Path=\//i);
	});
});

describe('sign-out and sign-in', () => {
	it('signs out: clears the cookie, ends the session, and /projets then asks to sign in', async () => {
		const c = await signIn(server, 'paul.durand@ain.fr');
		const token = c.cookies.get('tablee_session')!;
		const res = await c.post('/deconnexion', {});
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/connexion');
		expect(c.cookies.has('tablee_session')).toBe(false);
		expect(db.prepare('SELECT count(*) AS n FROM sessions WHERE id = ?').get(sha256Hex(token))).toEqual({ n: 0 });

		const after = await c.get('/projets');
		expect(after.status).toBe(303);
		expect(after.headers.get('location')).toBe('/connexion?suite=%2Fprojets');

		// The old token, replayed, is worthless.
		const replay = new Browser(server.url);
		replay.cookies.set('tablee_session', token);
		const again = await replay.get('/projets');
		expect(again.status).toBe(303);
		expect(again.headers.get('location')).toMatch(/^\/connexion/);
	});

	it('signs in with the e-mail typed in another case and with spaces around it', async () => {
		const c = new Browser(server.url);
		const res = await c.post('/connexion', { email: '  PAUL.Durand@Ain.FR ', password: PASSWORD });
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/projets');
		expect((await c.get('/projets')).status).toBe(200);
	});

	it('refuses a wrong password with 401 and a French message', async () => {
		const c = new Browser(server.url);
		const res = await c.post('/connexion', { email: 'claire.martin@ain.fr', password: 'mauvais-mot-de-passe' });
		expect(res.status).toBe(401);
		expect(await html(res)).toContain('Adresse e-mail ou mot de passe incorrect');
		expect(c.cookies.has('tablee_session')).toBe(false);
	});

	it('answers an unknown e-mail exactly like a wrong password', async () => {
		const wrong = await new Browser(server.url).post('/connexion', { email: 'claire.martin@ain.fr', password: 'mauvais-mot-de-passe' });
		const unknown = await new Browser(server.url).post('/connexion', { email: 'personne@ain.fr', password: 'mauvais-mot-de-passe' });
		expect(unknown.status).toBe(wrong.status);
		const a = (await html(wrong)).match(/role="alert">([^<]*)</)?.[1];
		const b = (await html(unknown)).match(/role="alert">([^<]*)</)?.[1];
		expect(a).toContain('incorrect');
		expect(b).toBe(a);
	});

	it('refuses an empty password with a French message', async () => {
		const res = await new Browser(server.url).post('/connexion', { email: 'claire.martin@ain.fr', password: '' });
		expect(res.status).toBe(400);
		expect(await html(res)).toContain('Mot de passe : champ obligatoire');
	});
});

describe('the suite parameter after sign-in', () => {
	it('returns to the page that asked for a sign-in', async () => {
		const c = new Browser(server.url);
		const res = await c.post('/connexion?suite=%2Fprojets%2Fnouveau', { email: 'paul.durand@ain.fr', password: PASSWORD });
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/projets/nouveau');
	});

	const offSite = ['//evil.example', 'https://evil.example/', '/\\evil.example', '/\t/evil.example', '/\n/evil.example', '\\\\evil.example', 'javascript:alert(1)'];
	for (const suite of offSite) {
		it(`never sends the browser off-site after sign-in (suite=${JSON.stringify(suite)})`, async () => {
			const c = new Browser(server.url);
			const res = await c.post(`/connexion?suite=${encodeURIComponent(suite)}`, { email: 'paul.durand@ain.fr', password: PASSWORD });
			expect(res.status).toBe(303);
			const location = res.headers.get('location')!;
			// Resolved as a browser would (WHATWG URL parsing strips tabs and new lines).
			expect(new URL(location, server.url).origin).toBe(new URL(server.url).origin);
		});
	}

	it('never sends an already signed-in visitor off-site from /connexion either', async () => {
		const res = await admin.get(`/connexion?suite=${encodeURIComponent('//evil.example')}`);
		expect(res.status).toBe(303);
		expect(new URL(res.headers.get('location')!, server.url).origin).toBe(new URL(server.url).origin);
	});
});
