import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { Browser, DEMO, joinParticipant, newId, openDb, signIn, type Participant } from './support.ts';

// Security headers on every kind of response, and the Origin check on every state-changing
// request (forms, JSON, body-less POSTs, the server entry's fast command path).

let server: RunningServer;
let db: Database.Database;
let staff: Browser;
let partner: Participant;
let workshopId: number;
let boardId: number;

beforeAll(async () => {
	server = await startServer(DEMO);
	db = openDb(server);
	staff = await signIn(server, DEMO.DEMO_EMAIL, DEMO.DEMO_PASSWORD);
	partner = await joinParticipant(server, 'Nadia B.');
	const w = db.prepare('SELECT id FROM workshops WHERE join_code = ?').get(DEMO.DEMO_JOIN_CODE) as { id: number };
	workshopId = w.id;
	boardId = (db.prepare('SELECT id FROM boards WHERE workshop_id = ? ORDER BY position').get(workshopId) as { id: number }).id;
});
afterAll(async () => {
	db?.close();
	await server?.stop();
});

function directives(csp: string | null): Map<string, string[]> {
	expect(csp, 'Content-Security-Policy').toBeTruthy();
	return new Map(csp!.split(';').map((d) => d.trim().split(/\s+/)).filter((p) => p[0]).map(([name, ...values]) => [name, values]));
}

function expectBaseHeaders(res: Response, what: string) {
	expect(res.headers.get('x-content-type-options'), what).toBe('nosniff');
	expect(res.headers.get('x-frame-options'), what).toBe('DENY');
	expect(res.headers.get('referrer-policy'), what).toBe('same-origin');
	expect(res.headers.get('permissions-policy'), what).toContain('camera=()');
	expect(res.headers.get('strict-transport-security'), `${what}: no HSTS over plain HTTP`).toBeNull();
}

describe('[HDR1] every page has a strict CSP', () => {
	const pages = () => [
		['home', new Browser(server.url), '/'],
		['sign-in', new Browser(server.url), '/connexion'],
		['join', new Browser(server.url), '/rejoindre'],
		['projects (staff)', staff, '/projets'],
		['workshop (staff)', staff, `/ateliers/${workshopId}`],
		['console (staff)', staff, `/ateliers/${workshopId}/console`],
		['restitution (staff)', staff, `/ateliers/${workshopId}/restitution`],
		['table (participant)', partner.client, `/tables/${boardId}`],
		['workshop (participant)', partner.client, '/atelier'],
		['not found', new Browser(server.url), '/nulle-part'],
		['forbidden', new Browser(server.url), `/tables/${boardId}`]
	] as const;

	it('sends script-src with a nonce and without unsafe-inline, frame-ancestors none, and the other headers', async () => {
		for (const [what, client, path] of pages()) {
			const res = await client.get(path);
			expect([200, 303, 403, 404], `${what} ${path}`).toContain(res.status);
			expectBaseHeaders(res, what);
			if (res.status === 303) continue;
			const csp = directives(res.headers.get('content-security-policy'));
			const scripts = csp.get('script-src') ?? [];
			expect(scripts, what).toContain("'self'");
			expect(scripts.join(' '), what).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
			expect(csp.get('frame-ancestors'), what).toEqual(["'none'"]);
			expect(csp.get('object-src'), what).toEqual(["'none'"]);
			expect(csp.get('default-src'), what).toEqual(["'self'"]);
			// The page's inline start-up script carries this response's nonce.
			const nonce = scripts.find((s) => s.startsWith("'nonce-"))?.slice(7, -1);
			expect(nonce, `${what}: a nonce`).toBeTruthy();
			const body = await res.text();
			for (const m of body.matchAll(/<script\b([^>]*)>/g)) expect(m[1], `${what}: every script has the nonce`).toContain(`nonce="${nonce}"`);
		}
	});

	it('gives each response its own nonce', async () => {
		const a = (await new Browser(server.url).get('/connexion')).headers.get('content-security-policy');
		const b = (await new Browser(server.url).get('/connexion')).headers.get('content-security-policy');
		expect(a).not.toBe(b);
	});
});

describe('[HDR2] responses that are not pages', () => {
	it('JSON, CSV, Word, static files and the fast command path carry the headers; non-pages load nothing', async () => {
		const cases: [string, Promise<Response>, boolean][] = [
			['join API', new Browser(server.url).postJson('/api/join', { code: 'ZZZZZZ', name: 'X', organisation: 'Y' }), true],
			['CSV', staff.get(`/ateliers/${workshopId}/contributions.csv`), true],
			['Word', staff.get(`/ateliers/${workshopId}/restitution.docx`), true],
			['fast command', partner.client.postJson(`/api/boards/${boardId}/commands`, { id: newId(), type: 'note.add', note: { id: newId(), text: 'En-têtes', column: 'atouts' } }), true],
			['static file', new Browser(server.url).get('/favicon.svg'), false],
			['service worker', new Browser(server.url).get('/service-worker.js'), false]
		];
		for (const [what, pending, nonPage] of cases) {
			const res = await pending;
			expect(res.status, what).toBeLessThan(500);
			expectBaseHeaders(res, what);
			if (nonPage) expect(res.headers.get('content-security-policy'), what).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
			await res.body?.cancel();
		}
	});
});

describe('[HDR3] HSTS behind TLS', () => {
	it('sends Strict-Transport-Security when ORIGIN is https', async () => {
		const tls = await startServer({ ORIGIN: 'https://tablee.exemple.fr' });
		try {
			for (const path of ['/', '/favicon.svg']) {
				const res = await fetch(tls.url + path);
				expect(res.headers.get('strict-transport-security'), path).toBe('max-age=31536000; includeSubDomains');
			}
		} finally {
			await tls.stop();
		}
	});
});

describe('[ORIG1] state-changing requests from another origin are refused', () => {
	const clusterFiche = () => `/api/boards/${boardId}/clusters/inconnu/fiche`;
	const send = (path: string, client: Browser, init: RequestInit & { origin?: string | null; site?: string }) => {
		const headers = new Headers(init.headers);
		headers.set('cookie', client.cookieHeader());
		if (init.origin !== undefined && init.origin !== null) headers.set('origin', init.origin);
		if (init.site) headers.set('sec-fetch-site', init.site);
		return fetch(server.url + path, { ...init, headers, redirect: 'manual' });
	};

	it('refuses a body-less POST from a sibling sub-domain, another site or a null origin (403, French)', async () => {
		for (const origin of ['http://evil.localhost:1234', 'https://autre.exemple.fr', 'null']) {
			const res = await send(clusterFiche(), staff, { method: 'POST', origin });
			expect(res.status, origin).toBe(403);
			expect(((await res.json()) as { message: string }).message).toBe('Requête refusée : elle ne vient pas de cette application (origine différente).');
		}
	});

	it('refuses a request without Origin that the browser marks cross-site', async () => {
		expect((await send(clusterFiche(), staff, { method: 'POST', site: 'cross-site' })).status).toBe(403);
		expect((await send(clusterFiche(), staff, { method: 'POST', site: 'same-site' })).status).toBe(403);
	});

	it('lets the same request through from this origin (it reaches the route: 404 for an unknown cluster)', async () => {
		expect((await send(clusterFiche(), staff, { method: 'POST', origin: server.url })).status).toBe(404);
	});

	it('refuses a participant’s command from another origin on the fast path, and adds no note', async () => {
		const text = 'Note forgée ailleurs';
		const res = await send(`/api/boards/${boardId}/commands`, partner.client as Browser, {
			method: 'POST',
			origin: 'http://evil.localhost',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ id: newId(), type: 'note.add', note: { id: newId(), text, column: 'atouts' } })
		});
		expect(res.status).toBe(403);
		const page = await (await staff.get(`/tables/${boardId}`)).text();
		expect(page).not.toContain(text);
	});

	it('refuses JSON and form posts from another origin (join, sign-in, a facilitator action)', async () => {
		const join = await send('/api/join', new Browser(server.url), {
			method: 'POST',
			origin: 'https://autre.exemple.fr',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ code: DEMO.DEMO_JOIN_CODE, name: 'X', organisation: 'Y' })
		});
		expect(join.status).toBe(403);
		const form = await send(`/ateliers/${workshopId}?/regenerateCode`, staff, {
			method: 'POST',
			origin: 'https://autre.exemple.fr',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: ''
		});
		expect(form.status).toBe(403);
		expect(db.prepare('SELECT join_code FROM workshops WHERE id = ?').pluck().get(workshopId)).toBe(DEMO.DEMO_JOIN_CODE);
	});
});
