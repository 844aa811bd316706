// Operations: /healthz, the structured request log, and `npm run backup` / `npm run restore` on a
// running server (compiled commands, as production runs them: build/tablee/backup.js, restore.js).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { COMPILED, ensureCompiled } from '../helpers/compiled.ts';
import { DEMO, joinParticipant, newId, openDb, sendCommand, signIn, type Participant } from './support.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const temp: string[] = [];
beforeAll(() => ensureCompiled());
const servers: RunningServer[] = [];
afterAll(async () => {
	for (const s of servers) await s.stop();
	for (const d of temp) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
	const d = mkdtempSync(join(tmpdir(), 'tablee-ops-'));
	temp.push(d);
	return d;
}

async function start(env: Record<string, string>): Promise<RunningServer> {
	const s = await startServer(env);
	servers.push(s);
	return s;
}

/** Runs a compiled command (build/tablee/<name>.js) to its end. */
function runCompiled(name: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
	const file = join(COMPILED, `${name}.js`);
	const child = spawn(process.execPath, [file, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
	let out = '';
	child.stdout.on('data', (d) => (out += d));
	child.stderr.on('data', (d) => (out += d));
	return new Promise((r) => child.once('exit', (code) => r({ code, out })));
}

function boardOf(server: RunningServer): { boardId: number; workshopId: number } {
	const db = openDb(server);
	const row = db.prepare('SELECT b.id AS boardId, b.workshop_id AS workshopId FROM boards b JOIN workshops w ON w.id = b.workshop_id WHERE w.join_code = ? ORDER BY b.position').get(DEMO.DEMO_JOIN_CODE) as { boardId: number; workshopId: number };
	db.close();
	return row;
}

const addNote = (p: Participant, boardId: number, text: string) => sendCommand(p, boardId, { type: 'note.add', note: { id: newId(), text, column: 'problematiques' } });

interface LogEntry {
	level: string;
	event: string;
	method?: string;
	path?: string;
	status?: number;
	ms?: number;
	who?: string;
}

const jsonLines = (server: RunningServer): { raw: string; entry: LogEntry }[] =>
	server
		.output()
		.split('\n')
		.filter((l) => l.startsWith('{'))
		.map((raw) => ({ raw, entry: JSON.parse(raw) as LogEntry }));

describe('GET /healthz and the request log', () => {
	it('[OPS1] answers 200 with every check passing on a sound server', async () => {
		const server = await start({ ...DEMO, TABLEE_FAULT_INJECTION: '1' });
		const res = await fetch(`${server.url}/healthz`);
		expect(res.status).toBe(200);
		expect(res.headers.get('cache-control')).toBe('no-store');
		const body = await res.json();
		expect(body.status).toBe('ok');
		expect(body.problems).toEqual([]);
		expect(body.checks.process).toMatchObject({ ok: true, node: process.version });
		expect(body.checks.database).toMatchObject({ ok: true, writable: true });
		expect(body.checks.disk.ok).toBe(true);
		expect(body.checks.disk.freeBytes).toBeGreaterThan(0);
		expect(body.checks.docs).toMatchObject({ ok: true, degraded: false, docsRepaired: 0 });

		// [OPS2] a doc that fails to save makes it 503, in French, until the failure is old.
		const { boardId } = boardOf(server);
		const phone = await joinParticipant(server, 'Amel K.');
		expect((await fetch(`${server.url}/__faults`, { method: 'POST', body: JSON.stringify({ appends: 1, code: 'SQLITE_FULL' }) })).status).toBe(200);
		expect((await addNote(phone, boardId, 'refusée par le disque')).status).toBe(503);
		const degraded = await fetch(`${server.url}/healthz`);
		expect(degraded.status).toBe(503);
		const after = await degraded.json();
		expect(after.status).toBe('degraded');
		expect(after.checks.docs.ok).toBe(false);
		expect(after.checks.database.ok).toBe(true);
		expect(after.problems.join(' ')).toMatch(/enregistrements/);

		// [OPS3] one JSON line per request: method, redacted path, status, time; no secret anywhere.
		const staff = await signIn(server, DEMO.DEMO_EMAIL, DEMO.DEMO_PASSWORD);
		expect((await staff.get(`/rejoindre/${DEMO.DEMO_JOIN_CODE}`)).status).toBeLessThan(500);
		await expect
			.poll(() => jsonLines(server).map((l) => `${l.entry.method} ${l.entry.path} ${l.entry.status}`))
			.toEqual(expect.arrayContaining(['GET /healthz 200', 'GET /healthz 503', 'POST /connexion 303', `POST /api/boards/${boardId}/commands 503`, expect.stringMatching(/^GET \/rejoindre\/:code \d+$/)]));
		const lines = jsonLines(server);
		for (const { entry } of lines.filter((l) => l.entry.event === 'request')) {
			expect(entry.ms).toBeGreaterThanOrEqual(0);
			expect(['facilitator', 'participant', 'anonymous']).toContain(entry.who);
		}
		expect(lines.find((l) => l.entry.path === `/api/boards/${boardId}/commands`)?.entry.who).toBe('participant');
		const logged = lines.map((l) => l.raw).join('\n');
		const cookies = [staff.cookieHeader(), phone.client.cookieHeader()].flatMap((h) => h.split(/;\s*/).map((c) => c.split('=')[1]));
		for (const secret of [DEMO.DEMO_JOIN_CODE, DEMO.DEMO_PASSWORD, 'refusée par le disque', ...cookies]) expect(logged).not.toContain(secret);
	}, 90_000);
});

describe('npm run backup while the server writes, npm run restore into a fresh data folder', () => {
	it('[OPS4] the restored server serves the same workshops and every note acknowledged before the backup', async () => {
		const server = await start(DEMO);
		const { boardId, workshopId } = boardOf(server);
		const phone = await joinParticipant(server, 'Bruno T.');
		const acknowledged: string[] = [];
		let writing = true;
		const writer = (async () => {
			for (let i = 0; writing; i++) {
				const text = `sauvegarde-${String(i).padStart(4, '0')}`;
				const r = await addNote(phone, boardId, text);
				expect(r.status, text).toBe(200);
				acknowledged.push(text);
			}
		})();
		// Stops the writer whatever happens below (a failed assertion must not leave it sending).
		onTestFinished(async () => {
			writing = false;
			await writer.catch(() => {});
		});
		await expect.poll(() => acknowledged.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(20);

		const dir = tempDir();
		const backupFile = join(dir, 'tablee-sauvegarde.sqlite');
		const before = [...acknowledged];
		const backup = await runCompiled('backup', [backupFile], { DATABASE_PATH: server.databasePath });
		const duringBackup = acknowledged.length - before.length;
		expect(backup.code, backup.out).toBe(0);
		expect(backup.out).toMatch(/Sauvegarde écrite : .*tablee-sauvegarde\.sqlite/);
		await expect.poll(() => acknowledged.length).toBeGreaterThan(before.length + duringBackup);
		writing = false;
		await writer;
		expect(duringBackup, 'notes were written while the backup ran').toBeGreaterThan(0);

		const db = openDb(server);
		const workshops = db.prepare('SELECT id, title, join_code FROM workshops ORDER BY id').all();
		db.close();
		await server.stop();

		// A fresh data folder, as on a new machine: restore, then start the server on it.
		const restoredPath = join(tempDir(), 'data', 'tablee.sqlite');
		const restore = await runCompiled('restore', [backupFile], { DATABASE_PATH: restoredPath });
		expect(restore.code, restore.out).toBe(0);
		const again = await runCompiled('restore', [backupFile], { DATABASE_PATH: restoredPath });
		expect(again.code).toBe(1);
		expect(again.out).toContain('existe déjà');

		const restored = await start({ ...DEMO, DATABASE_PATH: restoredPath });
		const rdb = openDb(restored);
		expect(rdb.prepare('SELECT id, title, join_code FROM workshops ORDER BY id').all()).toEqual(workshops);
		rdb.close();
		const staff = await signIn(restored, DEMO.DEMO_EMAIL, DEMO.DEMO_PASSWORD);
		const csv = await (await staff.get(`/ateliers/${workshopId}/contributions.csv`)).text();
		const served = [...csv.matchAll(/sauvegarde-\d{4}/g)].map((m) => m[0]);
		for (const t of before) expect(served, t).toContain(t);
		// Nothing that was not acknowledged, each note once: a consistent snapshot, not a torn copy.
		for (const t of served) expect(acknowledged).toContain(t);
		expect(new Set(served).size).toBe(served.length);
		expect((await fetch(`${restored.url}/healthz`)).status).toBe(200);
	}, 180_000);
});
