import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, openSync, rmSync, writeSync, closeSync, unlinkSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { addNote, getNotes } from '../../src/lib/docs/board.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { Client } from '../helpers/http.ts';
import { connectProvider, until, type SyncedClient } from '../helpers/sync-client.ts';
import { DEMO, newId, joinParticipant, type Participant } from './support.ts';

// What users see when the storage fails under them ([REL1]-[REL3], README "Reliability"): a
// participant's note is answered 503 and stays in the phone's outbox (the retry, same command id,
// applies it once), a facilitator's socket is closed with a code the stock client reconnects after
// (its change is sent again on reconnect), nothing acknowledged is lost across a kill -9, and the
// room goes on by itself when the storage comes back. Faults are injected at the storage port
// (TABLEE_FAULT_INJECTION=1) and, as root, with a real full filesystem (a small tmpfs).

const BOARD = 1;
const DOC = `board:${BOARD}`;

function rebase(old: Client, url: string): Client {
	const c = new Client(url);
	for (const [k, v] of old.cookies) c.cookies.set(k, v);
	return c;
}

/** A phone's outbox: sends the command until the server has it (not on 4xx), with the outbox's backoff. */
async function sendUntilStored(p: Participant, body: Record<string, unknown>, log: { statuses: number[] }) {
	const id = newId();
	let wait = 20;
	for (let attempt = 0; attempt < 200; attempt++) {
		const res = await p.client.postJson(`/api/boards/${BOARD}/commands`, { id, ...body });
		log.statuses.push(res.status);
		const answer = (await res.json()) as { duplicate?: boolean; message?: string };
		if (res.status === 200) return { id, duplicate: answer.duplicate === true };
		if (res.status !== 503) throw new Error(`unexpected ${res.status}: ${answer.message}`);
		expect(answer.message).toMatch(/momentanément impossible/);
		await new Promise((r) => setTimeout(r, wait));
		wait = Math.min(wait * 2, 200);
	}
	throw new Error('never stored');
}

function provider(server: RunningServer, cookie: string, closes: number[]): SyncedClient {
	const p = connectProvider(server.url, DOC, cookie);
	p.provider.on('connection-close', (event: { code: number } | null) => {
		if (event) closes.push(event.code);
	});
	return p;
}

async function inject(server: RunningServer, faults: Record<string, unknown>) {
	const res = await fetch(`${server.url}/__faults`, { method: 'POST', body: JSON.stringify(faults) });
	expect(res.status).toBe(200);
	return (await res.json()) as { refused: number };
}

const texts = (doc: Y.Doc) => getNotes(doc).map((n) => n.text);

describe('storage failing under a live room (injected at the storage port)', () => {
	const dir = mkdtempSync(join(tmpdir(), 'tablee-faults-'));
	const env = { ...DEMO, DATABASE_PATH: join(dir, 'tablee.sqlite'), TABLEE_FAULT_INJECTION: '1' };
	let server: RunningServer;
	const open: SyncedClient[] = [];
	afterAll(async () => {
		for (const c of open) c.destroy();
		await server?.stop();
		rmSync(dir, { recursive: true, force: true });
	});

	it('[REL1] refused changes are retried and arrive once; acknowledged ones survive kill -9; no 44xx close; health and staff see it', async () => {
		server = await startServer(env);
		const facilitator = new Client(server.url);
		expect((await facilitator.post('/connexion', { email: DEMO.DEMO_EMAIL, password: DEMO.DEMO_PASSWORD })).status).toBe(303);
		const writerCloses: number[] = [];
		const watcherCloses: number[] = [];
		const writer = provider(server, facilitator.cookieHeader(), writerCloses);
		const watcher = provider(server, facilitator.cookieHeader(), watcherCloses);
		open.push(writer, watcher);
		await Promise.all([writer.synced, watcher.synced]);
		const phones = await Promise.all(['Amel', 'Bruno', 'Chloé'].map((n) => joinParticipant(server, n)));
		const log = { statuses: [] as number[] };

		// Writes before the fault, during it (the next 12 appends fail), and after.
		const acknowledged: string[] = [];
		const written: string[] = [];
		const round = async (label: string) => {
			await Promise.all(
				phones.map(async (p, i) => {
					const text = `${label} ${p.name} ${i}`;
					const r = await sendUntilStored(p, { type: 'note.add', note: { id: newId(), text, column: 'problematiques', colour: 'jaune' } }, log);
					expect(r.duplicate, 'the first success of a command id applies it').toBe(false);
					acknowledged.push(text);
				})
			);
			const mine = `${label} animatrice`;
			addNote(writer.doc, { id: newId(), text: mine, column: 'atouts', position: 0, colour: 'bleu', createdAt: Date.now() });
			written.push(mine);
		};
		await round('avant');
		await inject(server, { appends: 12, code: 'SQLITE_FULL' });
		// While it fails: the operator's health check and the facilitators' pages say so.
		const during = round('pendant');
		await round('pendant-2');
		await during;
		const health = await fetch(`${server.url}/api/health`);
		const body = (await health.json()) as { status: string; store: { appendFailures: number; docsReloaded: number } };
		expect(body.store.appendFailures).toBe(12);
		expect(body.store.docsReloaded).toBeGreaterThan(0);
		expect(body.status).toBe('degraded');
		expect(await (await facilitator.get('/projets')).text()).toContain('Stockage du serveur en difficulté');
		await round('après');

		expect(log.statuses.filter((s) => s === 503).length, 'some commands met the fault').toBeGreaterThan(0);
		// Everything reaches the watcher: the phones' retries and the facilitator's resent changes.
		const everything = [...acknowledged, ...written];
		await until(watcher.doc, (d) => everything.every((t) => texts(d).includes(t)));
		for (const t of everything) expect(texts(watcher.doc).filter((x) => x === t), t).toHaveLength(1);
		// A server-side fault never closes with a code the stock client would not reconnect after.
		expect([...writerCloses, ...watcherCloses].filter((c) => c >= 4400 && c < 4500)).toEqual([]);

		// kill -9, restart on the same file: every acknowledged or seen change is there, once.
		await server.kill();
		server = await startServer(env);
		const again = rebase(facilitator, server.url);
		const fresh = connectProvider(server.url, DOC, again.cookieHeader());
		open.push(fresh);
		await fresh.synced;
		for (const t of everything) expect(texts(fresh.doc).filter((x) => x === t), `${t} after kill -9`).toHaveLength(1);
	}, 120_000);
});

/** A small tmpfs (needs root, as CI runs): a real full disk, a real read-only filesystem. */
function mountTmpfs(sizeMb: number): string | null {
	if (process.getuid?.() !== 0) return null;
	const dir = mkdtempSync(join(tmpdir(), 'tablee-tmpfs-'));
	try {
		execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', dir]);
		return dir;
	} catch {
		rmSync(dir, { recursive: true, force: true });
		return null;
	}
}

function unmount(dir: string) {
	try {
		execFileSync('umount', ['-l', dir]);
	} catch {
		// already gone
	}
	rmSync(dir, { recursive: true, force: true });
}

/** Writes zeros until the filesystem is full; returns the filler's path. */
function fillDisk(dir: string): string {
	const path = join(dir, 'filler.bin');
	const fd = openSync(path, 'w');
	const chunk = Buffer.alloc(64 * 1024);
	try {
		for (;;) writeSync(fd, chunk);
	} catch {
		// ENOSPC: full
	}
	// The last small blocks too.
	const small = Buffer.alloc(512);
	try {
		for (;;) writeSync(fd, small);
	} catch {
		// full to the block
	}
	closeSync(fd);
	return path;
}

const canMount = (() => {
	const d = mountTmpfs(1);
	if (!d) return false;
	unmount(d);
	return true;
})();

describe.runIf(canMount)('a real full disk (tmpfs, as root)', () => {
	let mount: string;
	let server: RunningServer | undefined;
	beforeAll(() => {
		mount = mountTmpfs(24)!;
	});
	afterAll(async () => {
		await server?.stop();
		unmount(mount);
	});

	it('[REL2] notes sent while the disk is full are answered 503, retried and stored once when space comes back; nothing acknowledged is lost after kill -9', async () => {
		const env = { ...DEMO, DATABASE_PATH: join(mount, 'tablee.sqlite') };
		server = await startServer(env);
		const phones = await Promise.all(['Denis', 'Emma'].map((n) => joinParticipant(server!, n)));
		const log = { statuses: [] as number[] };
		const acknowledged: string[] = [];
		for (const p of phones) {
			await sendUntilStored(p, { type: 'note.add', note: { id: newId(), text: `avant ${p.name}`, column: 'atouts', colour: 'jaune' } }, log);
			acknowledged.push(`avant ${p.name}`);
		}
		const filler = fillDisk(mount);
		// While full, the phones keep writing: the log's free pages run out after a few notes, and from
		// then each note is refused (503) and kept until space comes back.
		let full = true;
		const writing = phones.map(async (p) => {
			for (let k = 0; k < 3000; k++) {
				const text = `plein ${p.name} ${k}`;
				await sendUntilStored(p, { type: 'note.add', note: { id: newId(), text, column: 'problematiques', colour: 'jaune' } }, log);
				acknowledged.push(text);
				if (!full && k > 0 && log.statuses.lastIndexOf(503) < log.statuses.length - 4) return;
			}
		});
		// Wait until the full disk has refused something (the statuses log grows as answers come).
		for (let i = 0; i < 3000 && !log.statuses.includes(503); i++) await new Promise((r) => setTimeout(r, 10));
		expect(log.statuses, 'the full disk refused a note').toContain(503);
		const health = await fetch(`${server.url}/api/health`);
		expect(health.status).toBe(503);
		unlinkSync(filler);
		full = false;
		await Promise.all(writing);

		await server.kill();
		server = await startServer(env);
		const watcher = new Client(server.url);
		expect((await watcher.post('/connexion', { email: DEMO.DEMO_EMAIL, password: DEMO.DEMO_PASSWORD })).status).toBe(303);
		const fresh = connectProvider(server.url, DOC, watcher.cookieHeader());
		try {
			await fresh.synced;
			for (const t of acknowledged) expect(texts(fresh.doc).filter((x) => x === t), t).toHaveLength(1);
		} finally {
			fresh.destroy();
		}
	}, 120_000);

	it('[REL3] start-up on a full disk or a read-only filesystem: one clear line, exit code 1', async () => {
		await server?.stop();
		server = undefined;
		const full = mountTmpfs(8)!;
		try {
			const filler = fillDisk(full);
			await expect(startServer({ DATABASE_PATH: join(full, 'tablee.sqlite') })).rejects.toThrow(/code 1\)[\s\S]*Tablée ne peut pas démarrer\. Disque plein/);
			unlinkSync(filler);
			// Now a database there, then the filesystem read-only.
			const ok = await startServer({ DATABASE_PATH: join(full, 'tablee.sqlite') });
			await ok.stop();
			execFileSync('mount', ['-o', 'remount,ro', full]);
			const err = await startServer({ DATABASE_PATH: join(full, 'tablee.sqlite') }).then(
				() => '',
				(e: Error) => e.message
			);
			expect(err).toMatch(/code 1\)/);
			expect(err).toContain('Tablée ne peut pas démarrer. La base de données est en lecture seule');
			expect(err, 'one line, not a stack trace').not.toMatch(/\n\s+at /);
		} finally {
			unmount(full);
		}
	}, 120_000);
});

describe('start-up checks', () => {
	it('[REL3] a DATABASE_PATH whose folder does not exist: one clear line, exit code 1', async () => {
		const missing = join(tmpdir(), `tablee-nowhere-${newId()}`, 'tablee.sqlite');
		const err = await startServer({ DATABASE_PATH: missing }).then(
			() => '',
			(e: Error) => e.message
		);
		expect(err).toMatch(/code 1\)/);
		expect(err).toContain('Le dossier de la base de données n’existe pas');
		expect(err).not.toMatch(/\n\s+at /);
		expect(existsSync(missing)).toBe(false);
	});
});
