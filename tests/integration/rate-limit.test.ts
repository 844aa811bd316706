import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { IpClient, PASSWORD, html, signUp } from './support.ts';

// Sign-in failures are throttled per account (5 free failures) and per IP address (20).
// The server trusts X-Forwarded-For here, as it would behind a reverse proxy, so that the tests
// can speak from several addresses.

let server: RunningServer;

beforeAll(async () => {
	server = await startServer({ ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1' });
	for (const [name, email, ip] of [
		['Claire Martin', 'claire@ain.fr', '198.51.100.1'],
		['Paul Durand', 'paul@ain.fr', '198.51.100.2'],
		['Inès Roux', 'ines@ain.fr', '198.51.100.3']
	]) {
		await signUp(server, name, email, PASSWORD, new IpClient(server.url, ip));
	}
});
afterAll(async () => {
	await server?.stop();
});

function signInFrom(ip: string, email: string, password: string) {
	const c = new IpClient(server.url, ip);
	return c.post('/connexion', { email, password }).then((res) => ({ res, c }));
}

describe('sign-in throttling per account', () => {
	it('refuses the 6th attempt after 5 wrong passwords, even with the right password (429, Retry-After)', async () => {
		for (let i = 0; i < 5; i++) {
			const { res } = await signInFrom('203.0.113.10', 'claire@ain.fr', `mauvais-${i}-mot-de-passe`);
			expect(res.status, `wrong password #${i + 1}`).toBe(401);
		}
		const { res, c } = await signInFrom('203.0.113.10', 'claire@ain.fr', PASSWORD);
		expect(res.status).toBe(429);
		expect(await html(res)).toContain('Trop de tentatives');
		const retryAfter = Number(res.headers.get('retry-after'));
		expect(retryAfter).toBeGreaterThan(0);
		expect(retryAfter).toBeLessThanOrEqual(30);
		expect(c.cookies.has('tablee_session')).toBe(false);
	});

	it('keeps the account throttled from any other address', async () => {
		const { res } = await signInFrom('203.0.113.99', 'Claire@Ain.fr', PASSWORD);
		expect(res.status).toBe(429);
		expect(await html(res)).toContain('Trop de tentatives');
	});

	it('lets another account sign in from another address', async () => {
		const { res, c } = await signInFrom('203.0.113.11', 'paul@ain.fr', PASSWORD);
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/projets');
		expect(c.cookies.has('tablee_session')).toBe(true);
	});
});

describe('sign-in throttling per address', () => {
	it('refuses a valid account from an address that failed 20 times, across different e-mails', async () => {
		for (let i = 0; i < 20; i++) {
			const { res } = await signInFrom('203.0.113.20', `inconnu-${i}@ain.fr`, 'nimporte-quoi-123');
			expect(res.status, `failure #${i + 1}`).toBe(401);
		}
		const { res, c } = await signInFrom('203.0.113.20', 'ines@ain.fr', PASSWORD);
		expect(res.status).toBe(429);
		expect(await html(res)).toContain('Trop de tentatives');
		expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
		expect(c.cookies.has('tablee_session')).toBe(false);
	});

	it('lets the same account sign in from another address', async () => {
		const { res, c } = await signInFrom('203.0.113.21', 'ines@ain.fr', PASSWORD);
		expect(res.status).toBe(303);
		expect(c.cookies.has('tablee_session')).toBe(true);
	});
});
