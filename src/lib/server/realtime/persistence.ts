import type SQLite from 'better-sqlite3';
import { now } from '../clock.ts';

/** Who caused an update, for the audit trail of the log. */
export interface UpdateAuthor {
	userId?: number | null;
	participantId?: number | null;
}

export interface StoredDoc {
	/** Latest snapshot (a Yjs update encoding the whole doc), or null. */
	snapshot: Uint8Array | null;
	/** Updates appended after the snapshot, oldest first. */
	updates: Uint8Array[];
	/** Highest log id included (0 when none). */
	lastId: number;
}

/**
 * The small port the doc store persists through. Synchronous on purpose: an update is appended
 * in the same process step as it is applied, before anything can read or broadcast it.
 */
export interface DocPersistence {
	load(docName: string): StoredDoc;
	append(docName: string, update: Uint8Array, author?: UpdateAuthor): number;
	/** Replaces the snapshot by `state` and drops log entries up to `upToId`. */
	compact(docName: string, state: Uint8Array, upToId: number): void;
}

export class SqliteDocPersistence implements DocPersistence {
	#snapshot;
	#updates;
	#append;
	#compact;

	constructor(sqlite: SQLite.Database) {
		this.#snapshot = sqlite.prepare<[string], { data: Uint8Array; last_update_id: number }>(
			'select data, last_update_id from doc_snapshots where doc_name = ?'
		);
		this.#updates = sqlite.prepare<[string, number], { id: number; data: Uint8Array }>(
			'select id, data from doc_updates where doc_name = ? and id > ? order by id'
		);
		this.#append = sqlite.prepare<[string, Uint8Array, number, number | null, number | null]>(
			'insert into doc_updates (doc_name, data, created_at, user_id, participant_id) values (?, ?, ?, ?, ?)'
		);
		const upsert = sqlite.prepare<[string, Uint8Array, number, number]>(
			`insert into doc_snapshots (doc_name, data, last_update_id, updated_at) values (?, ?, ?, ?)
			 on conflict (doc_name) do update set data = excluded.data, last_update_id = excluded.last_update_id, updated_at = excluded.updated_at`
		);
		const drop = sqlite.prepare<[string, number]>('delete from doc_updates where doc_name = ? and id <= ?');
		this.#compact = sqlite.transaction((docName: string, state: Uint8Array, upToId: number) => {
			upsert.run(docName, state, upToId, now());
			drop.run(docName, upToId);
		});
	}

	load(docName: string): StoredDoc {
		const snap = this.#snapshot.get(docName);
		const after = snap?.last_update_id ?? 0;
		const rows = this.#updates.all(docName, after);
		return {
			snapshot: snap ? new Uint8Array(snap.data) : null,
			updates: rows.map((r) => new Uint8Array(r.data)),
			lastId: rows.length ? rows[rows.length - 1].id : after
		};
	}

	append(docName: string, update: Uint8Array, author: UpdateAuthor = {}): number {
		const r = this.#append.run(docName, update, now(), author.userId ?? null, author.participantId ?? null);
		return Number(r.lastInsertRowid);
	}

	compact(docName: string, state: Uint8Array, upToId: number): void {
		this.#compact(docName, state, upToId);
	}
}

/** Same contract, in memory: for tests and as the reference the contract suite holds both to. */
export class MemoryDocPersistence implements DocPersistence {
	#docs = new Map<string, { snapshot: Uint8Array | null; snapshotId: number; log: { id: number; data: Uint8Array }[] }>();
	#nextId = 1;

	#entry(docName: string) {
		let e = this.#docs.get(docName);
		if (!e) this.#docs.set(docName, (e = { snapshot: null, snapshotId: 0, log: [] }));
		return e;
	}

	load(docName: string): StoredDoc {
		const e = this.#entry(docName);
		const updates = e.log.filter((u) => u.id > e.snapshotId);
		return {
			snapshot: e.snapshot,
			updates: updates.map((u) => u.data),
			lastId: updates.length ? updates[updates.length - 1].id : e.snapshotId
		};
	}

	append(docName: string, update: Uint8Array): number {
		const id = this.#nextId++;
		this.#entry(docName).log.push({ id, data: update.slice() });
		return id;
	}

	compact(docName: string, state: Uint8Array, upToId: number): void {
		const e = this.#entry(docName);
		e.snapshot = state.slice();
		e.snapshotId = upToId;
		e.log = e.log.filter((u) => u.id > upToId);
	}
}
