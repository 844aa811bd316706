import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import type Database from 'better-sqlite3';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { DAY, IpClient, JOIN_CODE_ALPHABET, createProject, createWorkshop, html, joinCodeOf, openDb, setServerClock, signUp } from './support.ts';

// Join codes are 6 characters out of 31: wrong codes are throttled per address (10 at once, then
// one every 30 s) and for the whole instance (300 at once, then one a second; addresses with no
// recent wrong code may still try), and joining closes by itself 48 h after the workshop's day.
// The server trusts X-Forwarded-For here, as behind a reverse proxy, so tests speak from many
// addresses; its clock is moved through TABLEE_TEST_CLOCK_FILE.

const clockFile = joinPath(mkdtempSync(joinPath(tmpdir(), 'tablee-clock-')), 'offset');
let server: RunningServer;
let db: Database.Database;
let owner: IpClient;
let projectId: number;
let code: string;
let workshopId: number;
let offset = 0;

async function advance(ms: number) {
	offset += ms;
	await setServerClock(server, clockFile, offset);
}

function randomCode(i: number): string {
	// Distinct codes, none of them the real one.
	let n = i * 7919 + 12345;
	let c = '';
	for (let k = 0; k < 6; k++) {
		c += JOIN_CODE_ALPHABET[n % JOIN_CODE_ALPHABET.length];
		n = Math.floor(n / JOIN_CODE_ALPHABET.length) + k * 13;
	}
	return c === code ? 'ZZZZZZ' : c;
}

function postJoin(ip: string, body: Record<string, string>) {
	return new IpClient(server.url, ip).postJson('/api/join', { name: 'Nadia B.', organisation: 'CAF de l’Ain', ...body });
}

beforeAll(async () => {
	server = await startServer({ ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1', TABLEE_TEST_CLOCK_FILE: clockFile });
	db = openDb(server);
	owner = new IpClient(server.url, '198.51.100.1');
	await signUp(server, 'Claire Martin', 'claire@ain.fr', undefined, owner);
	projectId = await createProject(owner);
	workshopId = await createWorkshop(owner, projectId, { title: 'Diagnostic Bresse' });
	code = joinCodeOf(db, workshopId);
});
afterAll(async () => {
	db?.close();
	await server?.stop();
});

describe('[JOIN1] guessing codes from one address', () => {
	it('answers 1,000 guesses in a row with 10 refusals, then only "réessayez dans …" (429), never a session', async () => {
		const statuses = new Map<number, number>();
		let lastMessage = '';
		let retryAfter = 0;
		for (let i = 0; i < 1000; i++) {
			const res = await postJoin('203.0.113.66', { code: randomCode(i) });
			statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
			expect(res.headers.getSetCookie().some((l) => l.startsWith('tablee_participant='))).toBe(false);
			if (res.status === 429) {
				lastMessage = ((await res.json()) as { message: string }).message;
				retryAfter = Number(res.headers.get('retry-after'));
			} else await res.body?.cancel();
		}
		expect(Object.fromEntries(statuses)).toEqual({ 401: 10, 429: 990 });
		expect(lastMessage).toMatch(/^Trop de codes erronés depuis cette connexion\. Réessayez dans \d+ secondes?\.$/);
		expect(retryAfter).toBeGreaterThan(0);
		expect(retryAfter).toBeLessThanOrEqual(30);
	});

	it('still refuses the right code from that address while it waits', async () => {
		const res = await postJoin('203.0.113.66', { code });
		expect(res.status).toBe(429);
	});

	it('lets a participant on another address join with the right code meanwhile', async () => {
		const res = await postJoin('203.0.113.7', { code, name: 'Karim A.' });
		expect(res.status).toBe(200);
		expect(res.headers.getSetCookie().some((l) => l.startsWith('tablee_participant='))).toBe(true);
	});

	it('logs each wrong code with its address (not the throttled repeats)', () => {
		const rows = db.prepare("SELECT subject, detail FROM audit_log WHERE action = 'join.refused' AND subject = 'ip:203.0.113.66'").all();
		expect(rows).toHaveLength(10);
		expect(rows[0]).toEqual({ subject: 'ip:203.0.113.66', detail: 'unknown' });
	});

	it('gives the address one more try every 30 seconds (fake clock)', async () => {
		await advance(30_000);
		expect((await postJoin('203.0.113.66', { code: 'ZZZZZZ' })).status).toBe(401);
		expect((await postJoin('203.0.113.66', { code: 'ZZZZZZ' })).status).toBe(429);
		await advance(30_000);
		// The right code, once allowed to try again, joins.
		expect((await postJoin('203.0.113.66', { code })).status).toBe(200);
	});
});

describe('[JOIN2] the /rejoindre form is the same door', () => {
	it('throttles the form after 10 wrong codes, with the French message and Retry-After', async () => {
		const c = new IpClient(server.url, '203.0.113.67');
		for (let i = 0; i < 10; i++) {
			const res = await c.post('/rejoindre', { code: randomCode(5000 + i), name: 'Léa', organisation: 'CCAS' });
			expect(res.status, `wrong code #${i + 1}`).toBe(401);
		}
		const res = await c.post('/rejoindre', { code, name: 'Léa', organisation: 'CCAS' });
		expect(res.status).toBe(429);
		expect(await html(res)).toMatch(/Trop de codes erronés depuis cette connexion\. Réessayez dans \d+ secondes?\./);
		expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
		expect(c.cookies.has('tablee_participant')).toBe(false);
	});
});

describe('[JOIN3] guessing from many addresses', () => {
	it('refuses addresses that already failed once the instance has seen 300 wrong codes, while a fresh address still joins', async () => {
		await advance(10 * 60_000); // every bucket full again
		let refused = 0;
		for (let i = 0; i < 320; i++) {
			const res = await postJoin(`10.1.${Math.floor(i / 200)}.${i % 200}`, { code: randomCode(9000 + i) });
			if (res.status === 429) refused++;
			else expect(res.status).toBe(401);
			await res.body?.cancel();
		}
		// Each address tried once: all 320 had a full bucket, so the instance budget let them try.
		expect(refused).toBe(0);
		// A second wrong code from one of them meets the exhausted instance budget.
		const again = await postJoin('10.1.0.1', { code: randomCode(99_999) });
		expect(again.status).toBe(429);
		expect(((await again.json()) as { message: string }).message).toMatch(/^Trop de codes erronés en ce moment\. Réessayez dans \d+ secondes?\.$/);
		expect((await postJoin('192.0.2.200', { code, name: 'Sami T.' })).status).toBe(200);
	});
});

describe('[JOIN4] joining closes by itself after the workshop’s date', () => {
	let wid: number;
	let wcode: string;
	const today = () => new Date(Date.now() + offset).toISOString().slice(0, 10);

	beforeAll(async () => {
		await advance(10 * 60_000);
		wid = await createWorkshop(owner, projectId, { title: 'Atelier du jour', date: today() });
		wcode = joinCodeOf(db, wid);
	});

	it('is open on the day and says when it will close', async () => {
		expect((await postJoin('192.0.2.10', { code: wcode })).status).toBe(200);
		expect(await html(await owner.get(`/ateliers/${wid}`))).toContain('Les inscriptions se ferment d’elles-mêmes le');
	});

	it('is closed 3 days later: the code is refused and the workshop page says so', async () => {
		await advance(3 * DAY);
		const res = await postJoin('192.0.2.11', { code: wcode });
		expect(res.status).toBe(401);
		expect(((await res.json()) as { message: string }).message).toContain("n'accepte plus de nouveaux participants");
		const page = await html(await owner.get(`/ateliers/${wid}`));
		expect(page).toContain('Les inscriptions sont fermées');
		expect(page).toContain('Rouvrir les inscriptions');
	});

	it('opens again when the facilitator reopens, for another 48 hours', async () => {
		expect((await owner.post(`/ateliers/${wid}?/setJoining`, { open: '1' })).status).toBe(200);
		expect((await postJoin('192.0.2.12', { code: wcode })).status).toBe(200);
		await advance(47 * 3600_000);
		expect((await postJoin('192.0.2.13', { code: wcode })).status).toBe(200);
		await advance(2 * 3600_000);
		expect((await postJoin('192.0.2.14', { code: wcode })).status).toBe(401);
	});

	it('stays open with no date until the facilitator closes it', async () => {
		const undated = await createWorkshop(owner, projectId, { title: 'Sans date', date: '' });
		await advance(30 * DAY);
		expect((await postJoin('192.0.2.15', { code: joinCodeOf(db, undated) })).status).toBe(200);
	});
});
