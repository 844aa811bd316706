import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { setupDb } from '../../../../tests/helpers/db.ts';
import { DocStore } from '../realtime/doc-store.ts';
import { addNote, getNotes } from '../../docs/board.ts';
import { applyStored } from '../realtime/persistence.ts';
import * as Y from 'yjs';
import { openDocLogConnection, SqliteDocLog } from './sqlite-doc-log.ts';

// The hazard the doc log's own connection removes: a sync write made while another request's
// Kysely transaction is open (between its BEGIN and its ROLLBACK, across an await) used to share
// that transaction's connection and be rolled back with it, after it had been shown to everyone.

const note = (id: string, text: string) => ({ id, text, column: 'atouts', position: 1, colour: 'jaune' as const, createdAt: 1 });

function storedNotes(log: SqliteDocLog, name: string) {
	const doc = new Y.Doc();
	applyStored(doc, log.loadSync(name));
	return getNotes(doc).map((n) => n.text);
}

let ctx: Awaited<ReturnType<typeof setupDb>>;
let log: SqliteDocLog;
beforeEach(async () => {
	ctx = await setupDb();
	await sql`create table scratch (x integer)`.execute(ctx.db);
	log = new SqliteDocLog(openDocLogConnection(ctx.path));
});
afterEach(async () => {
	log.close();
	await ctx.close();
});

/** A request transaction that writes, then waits for `release` (another request's I/O), then fails. */
function rolledBackTransaction(writeFirst: boolean) {
	let release!: () => void;
	const released = new Promise<void>((r) => (release = r));
	let opened!: () => void;
	const isOpen = new Promise<void>((r) => (opened = r));
	const done = ctx.db
		.transaction()
		.execute(async (trx) => {
			if (writeFirst) await sql`insert into scratch (x) values (1)`.execute(trx);
			else await sql`select count(*) from scratch`.execute(trx);
			opened();
			await released;
			throw new Error('refusé : la requête annule sa transaction');
		})
		.catch((e: Error) => e.message);
	return { isOpen, release, done };
}

describe('sync appends and request transactions', () => {
	it('[LOG1] an append made while a request transaction that wrote is open survives its ROLLBACK, and is shown only once durable', async () => {
		const store = new DocStore(log, { unloadAfterMs: 60_000 });
		const heard: Uint8Array[] = [];
		store.acquire('board:1', (u) => heard.push(u));
		const trx = rolledBackTransaction(true);
		await trx.isOpen;
		// The request's transaction holds the write lock: the append waits for it, without blocking
		// the event loop (the transaction needs it to finish), and nobody sees the note meanwhile.
		store.transact('board:1', (d) => addNote(d, note('a', 'Écrite pendant la transaction')));
		expect(heard).toHaveLength(0);
		trx.release();
		expect(await trx.done).toBe('refusé : la requête annule sa transaction');
		await store.durable('board:1');
		expect(heard).toHaveLength(1);
		expect((await sql<{ n: number }>`select count(*) as n from scratch`.execute(ctx.db)).rows[0].n).toBe(0);
		expect(storedNotes(new SqliteDocLog(ctx.sqlite), 'board:1')).toEqual(['Écrite pendant la transaction']);
		store.closeAll();
	});

	it('[LOG2] an append made while a request transaction that only read is open is stored at once and kept after its ROLLBACK', async () => {
		const store = new DocStore(log, { unloadAfterMs: 60_000 });
		const heard: Uint8Array[] = [];
		store.acquire('board:1', (u) => heard.push(u));
		const trx = rolledBackTransaction(false);
		await trx.isOpen;
		store.transact('board:1', (d) => addNote(d, note('b', 'Pendant une lecture')));
		expect(heard).toHaveLength(1);
		trx.release();
		await trx.done;
		expect(storedNotes(new SqliteDocLog(ctx.sqlite), 'board:1')).toEqual(['Pendant une lecture']);
		store.closeAll();
	});

	it('[LOG3] updates waiting for the lock keep their order with the ones after them', async () => {
		const store = new DocStore(log, { unloadAfterMs: 60_000 });
		const heard: string[] = [];
		const doc = store.acquire('board:1', () => heard.push(getNotes(doc).map((n) => n.id).join(',')));
		const trx = rolledBackTransaction(true);
		await trx.isOpen;
		store.transact('board:1', (d) => addNote(d, note('a', 'un')));
		store.transact('board:1', (d) => addNote(d, note('b', 'deux')));
		trx.release();
		await trx.done;
		// Once the lock is free, a third one queues behind the first two (no overtaking).
		store.transact('board:1', (d) => addNote(d, note('c', 'trois')));
		await store.durable('board:1');
		expect(heard).toHaveLength(3);
		const loaded = log.loadSync('board:1');
		expect(loaded.updates).toHaveLength(3);
		expect(storedNotes(log, 'board:1').sort()).toEqual(['deux', 'trois', 'un']);
		store.closeAll();
	});
});
