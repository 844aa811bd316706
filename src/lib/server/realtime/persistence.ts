import type SQLite from 'better-sqlite3';
import * as Y from 'yjs';
import type { SnapshotFormat, StoredDoc, SyncDocLogFace, UpdateAuthor } from '../ports/doc-log.ts';
import { SqliteDocLog } from '../db/sqlite-doc-log.ts';

export type { SnapshotFormat, StoredDoc, UpdateAuthor } from '../ports/doc-log.ts';

/**
 * The synchronous shape the doc store was first written against, one update per append. Kept for
 * the in-memory reference and the tests' failing fakes; the doc store itself talks to the DocLog
 * port (ports/doc-log.ts) or, on SQLite, to its synchronous face. Each class below offers both.
 */
export interface DocPersistence extends SyncDocLogFace {
	load(docName: string): StoredDoc;
	append(docName: string, update: Uint8Array, author?: UpdateAuthor): number;
	/** Replaces the snapshot by `state` (encoded in `format`) and drops log entries up to `upToId`. */
	compact(docName: string, state: Uint8Array, upToId: number, format?: SnapshotFormat): void;
}

/** A DocPersistence from its three synchronous methods (tests' counting or failing fakes). */
export function withSyncFace(p: Pick<DocPersistence, 'load' | 'append' | 'compact'>): DocPersistence {
	return new (class extends PersistenceWithSyncFace {
		load = p.load;
		append = p.append;
		compact = p.compact;
	})();
}

/** The synchronous face of the port over a DocPersistence (its `append` called once per update). */
abstract class PersistenceWithSyncFace implements DocPersistence {
	abstract load(docName: string): StoredDoc;
	abstract append(docName: string, update: Uint8Array, author?: UpdateAuthor): number;
	abstract compact(docName: string, state: Uint8Array, upToId: number, format?: SnapshotFormat): void;
	appendSync(docName: string, updates: readonly Uint8Array[], author?: UpdateAuthor): number {
		let id = 0;
		for (const u of updates) id = this.append(docName, u, author);
		return id;
	}
	loadSync(docName: string): StoredDoc {
		return this.load(docName);
	}
	compactSync(docName: string, state: Uint8Array, upToId: number, format?: SnapshotFormat): void {
		this.compact(docName, state, upToId, format);
	}
}

/** Applies a stored doc (snapshot, then the later updates) to `doc`, in one transaction. */
export function applyStored(doc: Y.Doc, stored: StoredDoc): void {
	doc.transact(() => {
		if (stored.snapshot) {
			if (stored.snapshotFormat === 2) Y.applyUpdateV2(doc, stored.snapshot);
			else Y.applyUpdate(doc, stored.snapshot);
		}
		for (const u of stored.updates) Y.applyUpdate(doc, u);
	});
}

/** SQLite's log (db/sqlite-doc-log.ts) on a given handle, in the synchronous shape. */
export class SqliteDocPersistence extends PersistenceWithSyncFace {
	readonly #log: SqliteDocLog;

	constructor(sqlite: SQLite.Database) {
		super();
		this.#log = new SqliteDocLog(sqlite);
	}

	load(docName: string): StoredDoc {
		return this.#log.loadSync(docName);
	}

	append(docName: string, update: Uint8Array, author: UpdateAuthor = {}): number {
		return this.#log.appendSync(docName, [update], author);
	}

	compact(docName: string, state: Uint8Array, upToId: number, format: SnapshotFormat = 1): void {
		this.#log.compactSync(docName, state, upToId, format);
	}
}

/** Same contract, in memory: for tests and as the reference the contract suite holds both to. */
export class MemoryDocPersistence extends PersistenceWithSyncFace {
	#docs = new Map<string, { snapshot: Uint8Array | null; format: SnapshotFormat; snapshotId: number; log: { id: number; data: Uint8Array }[] }>();
	#nextId = 1;

	#entry(docName: string) {
		let e = this.#docs.get(docName);
		if (!e) this.#docs.set(docName, (e = { snapshot: null, format: 1, snapshotId: 0, log: [] }));
		return e;
	}

	load(docName: string): StoredDoc {
		const e = this.#entry(docName);
		const updates = e.log.filter((u) => u.id > e.snapshotId);
		return {
			snapshot: e.snapshot,
			snapshotFormat: e.format,
			updates: updates.map((u) => u.data),
			lastId: updates.length ? updates[updates.length - 1].id : e.snapshotId
		};
	}

	append(docName: string, update: Uint8Array): number {
		const id = this.#nextId++;
		this.#entry(docName).log.push({ id, data: update.slice() });
		return id;
	}

	compact(docName: string, state: Uint8Array, upToId: number, format: SnapshotFormat = 1): void {
		const e = this.#entry(docName);
		e.snapshot = state.slice();
		e.format = format;
		e.snapshotId = upToId;
		e.log = e.log.filter((u) => u.id > upToId);
	}
}
