import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { Browser, html, signIn, signUp } from './support.ts';

// What an administrator sees when starting Tablée: the banner, the demo project, a clean stop,
// and `npm run migrate`.

const ROOT = resolve(import.meta.dirname, '../..');
const DEMO_EMAIL = 'claire.demo@ain.fr';
const DEMO_PASSWORD = 'mot-de-passe-de-demo';
const DEMO_CODE = 'K7M2PQ';
const DEMO_PROJECT = 'Projet social de territoire Val de Saône - Dombes';
const DEMO_WORKSHOP = 'Diagnostic partagé : tables rondes insertion';

let dir: string;
beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'tablee-startup-'));
});
afterAll(() => {
	rmSync(dir, { recursive: true, force: true });
});

function count(path: string, table: string): number {
	const db = new Database(path, { readonly: true, fileMustExist: true });
	try {
		return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
	} finally {
		db.close();
	}
}

/** The process's 'exit' can come before the last of its output has been read: wait for both pipes to close. */
async function drained(server: RunningServer): Promise<void> {
	await Promise.all(
		[server.child.stdout!, server.child.stderr!].map((s) => (s.closed ? undefined : new Promise((r) => s.once('close', r))))
	);
}

describe('a server started with the demo (SEED_DEMO=1)', () => {
	let path: string;
	let first: RunningServer;
	let second: RunningServer | undefined;
	const demoEnv = () => ({ SEED_DEMO: '1', DEMO_EMAIL, DEMO_PASSWORD, DEMO_JOIN_CODE: DEMO_CODE, DATABASE_PATH: path });

	beforeAll(async () => {
		path = join(dir, 'demo.sqlite');
		first = await startServer(demoEnv());
	});
	afterAll(async () => {
		await first?.stop();
		await second?.stop();
	});

	it('prints its URL, the demo account, its password and the workshop code with its link', () => {
		const out = first.output();
		expect(out).toContain(`Tablée est prêt : ${first.url}`);
		expect(out).toContain(`Compte de démonstration : ${DEMO_EMAIL}`);
		expect(out).toContain(`Mot de passe : ${DEMO_PASSWORD}`);
		expect(out).toContain('K7M 2PQ');
		expect(out).toContain(`${first.url}/rejoindre/${DEMO_CODE}`);
	});

	it('lets the administrator sign in with the printed account and find the demo project and its workshop', async () => {
		const out = first.output();
		const email = /Compte de démonstration : (\S+)/.exec(out)![1];
		const password = /Mot de passe : (\S+)/.exec(out)![1];
		const c = await signIn(first, email, password);
		const projects = await html(await c.get('/projets'));
		expect(projects).toContain(DEMO_PROJECT);
		expect(projects).toContain('1 atelier');
		const projectId = Number(/href="\/projets\/(\d+)"/.exec(projects)![1]);
		const project = await html(await c.get(`/projets/${projectId}`));
		expect(project).toContain(DEMO_WORKSHOP);
		expect((await c.get('/admin')).status).toBe(200);
	});

	it('opens the printed join link with the code filled in', async () => {
		const link = new RegExp(`\\((http://\\S+/rejoindre/\\S+)\\)`).exec(first.output())![1];
		const res = await new Browser(first.url).get(new URL(link).pathname);
		expect(res.status).toBe(200);
		expect(await html(res)).toContain(`value="${DEMO_CODE}"`);
	});

	it('keeps a phone’s connection open between two notes (keep-alive a minute, not 5 s)', async () => {
		const headers = await new Promise<Record<string, string | string[] | undefined>>((resolve, reject) => {
			const req = request(`${first.url}/rejoindre`, { agent: new Agent({ keepAlive: true }) }, (res) => {
				res.resume();
				res.on('end', () => resolve(res.headers));
			});
			req.on('error', reject);
			req.end();
		});
		expect(headers.connection).toBe('keep-alive');
		expect(headers['keep-alive']).toBe('timeout=65');
	});

	it('stops on SIGTERM with exit code 0 and says "Tablée arrêté"', async () => {
		// A kept-alive connection from the tests must not hold the stop back.
		expect((await new Browser(first.url).get('/')).status).toBe(200);
		expect(await first.stop()).toBe(0);
		await drained(first);
		expect(first.output()).toContain('SIGTERM reçu');
		expect(first.output()).toContain('Tablée arrêté');
	});

	it('does not seed the demo twice when restarted on the same database', async () => {
		await first.stop();
		second = await startServer(demoEnv());
		expect(count(path, 'users')).toBe(1);
		expect(count(path, 'projects')).toBe(1);
		expect(count(path, 'workshops')).toBe(1);
		expect(count(path, 'boards')).toBe(2);
		// The banner still gives the way in.
		expect(second.output()).toContain(`Compte de démonstration : ${DEMO_EMAIL}`);
		expect(second.output()).toContain('K7M 2PQ');
		const c = await signIn(second, DEMO_EMAIL, DEMO_PASSWORD);
		const projects = await html(await c.get('/projets'));
		expect(projects.match(new RegExp(`>${DEMO_PROJECT}</a>`, 'g'))).toHaveLength(1);
		expect(await second.stop()).toBe(0);
	});
});

describe('a demo started without DEMO_PASSWORD', () => {
	let server: RunningServer;
	beforeAll(async () => {
		server = await startServer({ SEED_DEMO: '1' });
	});
	afterAll(async () => {
		await server?.stop();
	});

	it('prints a random password that signs in to the default demo account', async () => {
		const out = server.output();
		expect(out).toContain('Compte de démonstration : animatrice@demo.tablee.fr');
		const password = /Mot de passe : (\S+)/.exec(out)?.[1];
		expect(password).toMatch(/^[A-Za-z0-9]{14}$/);
		const c = await signIn(server, 'animatrice@demo.tablee.fr', password!);
		expect(await html(await c.get('/projets'))).toContain(DEMO_PROJECT);
		// A code was drawn from the join alphabet.
		expect(out).toMatch(/Code de l'atelier de démonstration : [A-HJKMNP-Z2-9]{3} [A-HJKMNP-Z2-9]{3}/);
	});
});

describe('a server started with SEED_DEMO=0', () => {
	let server: RunningServer;
	beforeAll(async () => {
		server = await startServer({ SEED_DEMO: '0' });
	});
	afterAll(async () => {
		await server?.stop();
	});

	it('prints its URL and no demo account', () => {
		expect(server.output()).toContain(`Tablée est prêt : ${server.url}`);
		expect(server.output()).not.toContain('Compte de démonstration');
	});

	it('starts empty, and the first sign-up becomes the administrator', async () => {
		expect(count(server.databasePath, 'users')).toBe(0);
		expect(count(server.databasePath, 'projects')).toBe(0);
		const c = await signUp(server, 'Claire Martin', 'claire@ain.fr');
		expect(await html(await c.get('/projets'))).toContain('aucun projet');
		expect((await c.get('/admin')).status).toBe(200);
	});

	it('accepts forms posted to the plain-HTTP URL it printed, and refuses forms posted from another site', async () => {
		// signUp() above posted to server.url (plain HTTP, no ORIGIN configured): it was accepted.
		const form = new URLSearchParams({ displayName: 'Intrus', email: 'intrus@evil.example', password: 'correct-horse-battery' });
		const res = await fetch(`${server.url}/inscription`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://evil.example', accept: 'text/html' },
			body: form,
			redirect: 'manual'
		});
		expect(res.status).toBe(403);
		expect(count(server.databasePath, 'users')).toBe(1);
	});
});

describe('npm run migrate', () => {
	function migrate(path: string): Promise<{ code: number | null; out: string }> {
		return new Promise((res, rej) => {
			const child = spawn(process.execPath, ['--import', 'tsx', 'server/migrate.ts'], {
				cwd: ROOT,
				env: { ...process.env, DATABASE_PATH: path },
				stdio: ['ignore', 'pipe', 'pipe']
			});
			let out = '';
			child.stdout.on('data', (d) => (out += d));
			child.stderr.on('data', (d) => (out += d));
			child.once('error', rej);
			child.once('exit', (code) => res({ code, out }));
		});
	}

	it('creates the tables of a new database file, in WAL mode, and is idempotent', async () => {
		const path = join(dir, 'nested', 'migrated.sqlite');
		const first = await migrate(path);
		expect(first.code, first.out).toBe(0);
		expect(first.out).toContain('Migrations appliquées');

		const db = new Database(path, { readonly: true, fileMustExist: true });
		try {
			const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
			expect(tables).toEqual(expect.arrayContaining(['users', 'sessions', 'projects', 'workshops', 'boards', 'participants', 'participant_sessions']));
			expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
		} finally {
			db.close();
		}

		const again = await migrate(path);
		expect(again.code, again.out).toBe(0);
		expect(again.out).toContain('est à jour');
	});
});
