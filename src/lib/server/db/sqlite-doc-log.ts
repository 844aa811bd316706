import SQLite from 'better-sqlite3';
import { now } from '../clock.ts';
import type { SnapshotFormat, StoredDoc, SyncDocLog, UpdateAuthor } from '../ports/doc-log.ts';

// The DocLog port on SQLite: every statement of the docs' update log is here.
//
// It runs on a connection of its own (openDocLogConnection), not the one Kysely's request
// transactions use: on a shared connection, an append made while another request's transaction is
// open (between its BEGIN and its ROLLBACK, across an await) would be rolled back with it, although
// it had been applied and broadcast. SQLite lets one connection write at a time, so while a request
// transaction holds the write lock an append cannot be made in this step: `tryAppendSync` says so
// (null) without waiting, and `append` waits for the lock without blocking the event loop (the
// transaction holding it needs the loop to finish).

/** How long `append` waits for a write lock held by another connection before failing. */
export const APPEND_LOCK_WAIT_MS = 5000;

/** A second connection to the database file, for the doc log (WAL: readers never wait). */
export function openDocLogConnection(path: string): SQLite.Database {
	const sqlite = new SQLite(path);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('synchronous = NORMAL');
	// Never wait inside a synchronous call: the holder of the lock may be this very process.
	sqlite.pragma('busy_timeout = 0');
	return sqlite;
}

function isBusy(e: unknown): boolean {
	const code = (e as { code?: string })?.code;
	return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || code === 'SQLITE_BUSY_SNAPSHOT';
}

export class SqliteDocLog implements SyncDocLog {
	readonly #snapshot;
	readonly #updates;
	readonly #appendBatch;
	readonly #compact;

	constructor(readonly sqlite: SQLite.Database) {
		this.#snapshot = sqlite.prepare<[string], { data: Uint8Array; last_update_id: number; format: number }>(
			'select data, last_update_id, format from doc_snapshots where doc_name = ?'
		);
		this.#updates = sqlite.prepare<[string, number], { id: number; data: Uint8Array }>(
			'select id, data from doc_updates where doc_name = ? and id > ? order by id'
		);
		const append = sqlite.prepare<[string, Uint8Array, number, number | null, number | null]>(
			'insert into doc_updates (doc_name, data, created_at, user_id, participant_id) values (?, ?, ?, ?, ?)'
		);
		this.#appendBatch = sqlite.transaction((docName: string, updates: readonly Uint8Array[], author: UpdateAuthor): number => {
			const t = now();
			let id = 0;
			for (const u of updates) id = Number(append.run(docName, u, t, author.userId ?? null, author.participantId ?? null).lastInsertRowid);
			return id;
		});
		const upsert = sqlite.prepare<[string, Uint8Array, number, number, number]>(
			`insert into doc_snapshots (doc_name, data, last_update_id, updated_at, format) values (?, ?, ?, ?, ?)
			 on conflict (doc_name) do update set data = excluded.data, last_update_id = excluded.last_update_id,
			   updated_at = excluded.updated_at, format = excluded.format`
		);
		// Who sent which update stays (doc_update_trail) when the update itself is folded away.
		const keepTrail = sqlite.prepare<[string, number]>(
			`insert or ignore into doc_update_trail (id, doc_name, bytes, user_id, participant_id, created_at)
			 select id, doc_name, length(data), user_id, participant_id, created_at from doc_updates where doc_name = ? and id <= ?`
		);
		const drop = sqlite.prepare<[string, number]>('delete from doc_updates where doc_name = ? and id <= ?');
		this.#compact = sqlite.transaction((docName: string, state: Uint8Array, upToId: number, format: SnapshotFormat) => {
			upsert.run(docName, state, upToId, now(), format);
			keepTrail.run(docName, upToId);
			drop.run(docName, upToId);
		});
	}

	loadSync(docName: string): StoredDoc {
		const snap = this.#snapshot.get(docName);
		const after = snap?.last_update_id ?? 0;
		const rows = this.#updates.all(docName, after);
		return {
			snapshot: snap ? new Uint8Array(snap.data) : null,
			snapshotFormat: snap?.format === 2 ? 2 : 1,
			updates: rows.map((r) => new Uint8Array(r.data)),
			lastId: rows.length ? rows[rows.length - 1].id : after
		};
	}

	/** Appends in this step; throws SQLITE_BUSY when another connection holds the write lock. */
	appendSync(docName: string, updates: readonly Uint8Array[], author: UpdateAuthor = {}): number {
		if (updates.length === 0) throw new Error('append: empty batch');
		return this.#appendBatch(docName, updates, author);
	}

	tryAppendSync(docName: string, updates: readonly Uint8Array[], author: UpdateAuthor = {}): number | null {
		try {
			return this.appendSync(docName, updates, author);
		} catch (e) {
			if (isBusy(e)) return null;
			throw e;
		}
	}

	compactSync(docName: string, state: Uint8Array, upToId: number, format: SnapshotFormat = 1): void {
		this.#compact(docName, state, upToId, format);
	}

	async load(docName: string): Promise<StoredDoc> {
		return this.loadSync(docName);
	}

	async append(docName: string, updates: readonly Uint8Array[], author: UpdateAuthor = {}): Promise<number> {
		return this.#whenWritable(() => this.appendSync(docName, updates, author));
	}

	async compact(docName: string, state: Uint8Array, upToId: number, format: SnapshotFormat = 1): Promise<void> {
		return this.#whenWritable(() => this.compactSync(docName, state, upToId, format));
	}

	/** Runs `write`, retrying on a lock held elsewhere, on later turns of the event loop. */
	async #whenWritable<T>(write: () => T): Promise<T> {
		const deadline = Date.now() + APPEND_LOCK_WAIT_MS;
		for (let wait = 1; ; wait = Math.min(wait * 2, 50)) {
			try {
				return write();
			} catch (e) {
				if (!isBusy(e) || Date.now() >= deadline) throw e;
			}
			await new Promise((r) => setTimeout(r, wait));
		}
	}

	close(): void {
		this.sqlite.close();
	}
}
