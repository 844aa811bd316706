import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { IpClient, PASSWORD, html, setServerClock, signUp } from './support.ts';

// Sign-in failures slow down the next attempt per (address, account) after 5 failures and per
// address after 30, by a small growing delay (2 s doubling, at most 1 min per account and 5 min
// per address), never per account alone: nobody can keep the owner out by failing on purpose,
// and a success from an address clears its counters (a venue behind one NAT).
// The server trusts X-Forwarded-For here, as behind a reverse proxy; its clock is moved through
// TABLEE_TEST_CLOCK_FILE.

const clockFile = join(mkdtempSync(join(tmpdir(), 'tablee-clock-')), 'offset');
let server: RunningServer;
let offset = 0;
async function advance(ms: number) {
	offset += ms;
	await setServerClock(server, clockFile, offset);
}

beforeAll(async () => {
	server = await startServer({ ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1', TABLEE_TEST_CLOCK_FILE: clockFile });
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

describe('[LOGIN1] an attacker guessing one account', () => {
	it('is made to wait 2 seconds after 5 wrong passwords from its address (429, Retry-After)', async () => {
		for (let i = 0; i < 5; i++) {
			const { res } = await signInFrom('203.0.113.10', 'claire@ain.fr', `mauvais-${i}-mot-de-passe`);
			expect(res.status, `wrong password #${i + 1}`).toBe(401);
		}
		const { res, c } = await signInFrom('203.0.113.10', 'claire@ain.fr', 'encore-un-essai');
		expect(res.status).toBe(429);
		expect(await html(res)).toContain('Trop de tentatives de connexion. Réessayez dans 2 secondes.');
		expect(Number(res.headers.get('retry-after'))).toBe(2);
		expect(c.cookies.has('tablee_session')).toBe(false);
	});

	it('does not lock the owner out: the right password from another address signs in at once', async () => {
		const { res, c } = await signInFrom('198.51.100.1', 'Claire@Ain.fr', PASSWORD);
		expect(res.status).toBe(303);
		expect(c.cookies.has('tablee_session')).toBe(true);
	});

	it('doubles the attacker’s delay with each further failure, up to one minute (fake clock)', async () => {
		const waits: number[] = [];
		for (let i = 0; i < 7; i++) {
			const { res } = await signInFrom('203.0.113.10', 'claire@ain.fr', 'encore-un-essai');
			expect(res.status).toBe(429);
			const wait = Number(res.headers.get('retry-after'));
			waits.push(wait);
			await advance(wait * 1000);
			expect((await signInFrom('203.0.113.10', 'claire@ain.fr', `faux-${i}`)).res.status).toBe(401);
		}
		expect(waits).toEqual([2, 4, 8, 16, 32, 60, 60]);
	});

	it('lets the owner in from the attacker’s address once the delay is over, and forgets the failures', async () => {
		await advance(60_000);
		const { res } = await signInFrom('203.0.113.10', 'claire@ain.fr', PASSWORD);
		expect(res.status).toBe(303);
		expect((await signInFrom('203.0.113.10', 'claire@ain.fr', 'une-faute')).res.status).toBe(401);
	});
});

describe('[LOGIN2] one address trying many accounts', () => {
	it('is slowed after 30 failures across e-mails, even for a valid account', async () => {
		for (let i = 0; i < 30; i++) {
			const { res } = await signInFrom('203.0.113.20', `inconnu-${i}@ain.fr`, 'nimporte-quoi-123');
			expect(res.status, `failure #${i + 1}`).toBe(401);
		}
		const { res, c } = await signInFrom('203.0.113.20', 'ines@ain.fr', PASSWORD);
		expect(res.status).toBe(429);
		expect(await html(res)).toContain('Trop de tentatives');
		expect(Number(res.headers.get('retry-after'))).toBe(2);
		expect(c.cookies.has('tablee_session')).toBe(false);
	});

	it('lets the same account sign in from another address', async () => {
		const { res, c } = await signInFrom('203.0.113.21', 'ines@ain.fr', PASSWORD);
		expect(res.status).toBe(303);
		expect(c.cookies.has('tablee_session')).toBe(true);
	});

	it('clears the address’s counter when someone there signs in (a venue behind one NAT)', async () => {
		await advance(2000);
		expect((await signInFrom('203.0.113.20', 'paul@ain.fr', PASSWORD)).res.status).toBe(303);
		// A colleague's typo right after is an ordinary failure, not a wait.
		expect((await signInFrom('203.0.113.20', 'ines@ain.fr', 'faute-de-frappe')).res.status).toBe(401);
	});
});
