// The storage port of the collaborative documents (boards, fiches, workshop docs): an append-only
// log of Yjs updates per document, folded from time to time into a snapshot.
//
// Every method returns a Promise: SQLite (today) answers at once, PostgreSQL (next) answers after a
// round trip. Callers must treat an update as durable only once `append` has resolved: the sync
// server acknowledges a writer and broadcasts its update to others only after that.

/**
 * Yjs update encoding of a snapshot: 1 is the wire's (the log's updates are always in it), 2 is
 * what compaction writes (a 2,000-note board is 15 % smaller and loads about a fifth faster).
 */
export type SnapshotFormat = 1 | 2;

/** Who caused an update, kept with it for the audit trail (`doc_update_trail`). */
export interface UpdateAuthor {
	userId?: number | null;
	participantId?: number | null;
}

/** What `load` returns: enough to rebuild the doc exactly as it was last stored. */
export interface StoredDoc {
	/** Latest snapshot (a Yjs update encoding the whole doc, in `snapshotFormat`), or null. */
	snapshot: Uint8Array | null;
	snapshotFormat: SnapshotFormat;
	/** Updates appended after the snapshot, oldest first (always in the wire encoding, 1). */
	updates: Uint8Array[];
	/**
	 * Highest log id included (0 for a doc never written). Ids grow with every append, across all
	 * docs of one log; they are only compared within one doc (`compact`'s `upToId`).
	 */
	lastId: number;
}

/**
 * A document's durable history.
 *
 * Contract (tests/contracts/doc-log.contract.ts holds every implementation to it):
 * - `append` of a batch is atomic: after a failure none of its updates is loaded, after success all
 *   are, in the order given, after every update of earlier resolved appends to the same doc.
 * - Concurrent appends to one doc (not awaited in between) are all kept; each batch stays in one
 *   piece and in its own order. Ids returned are increasing in the order appends resolve.
 * - `load` of a doc never written resolves to `{ snapshot: null, snapshotFormat: 1, updates: [], lastId: 0 }`.
 * - `compact` replaces the snapshot and drops the log entries up to `upToId` in one step: a load
 *   after it gives the same doc as before (the snapshot is expected to contain those entries);
 *   entries appended after `upToId` (even while compacting) are kept. Who wrote what stays in the
 *   trail when the updates themselves are folded away.
 * - A failure (disk full, connection lost, constraint) rejects the returned Promise with an Error;
 *   it never resolves with a partial result and never throws synchronously.
 */
export interface DocLog {
	/**
	 * Appends `updates` (each a Yjs update in the wire encoding) to `docId`'s log, durably and
	 * atomically. Resolves with the log id of the last one once all are durable.
	 */
	append(docId: string, updates: readonly Uint8Array[], author?: UpdateAuthor): Promise<number>;
	/** The stored doc: latest snapshot and every update appended after it. */
	load(docId: string): Promise<StoredDoc>;
	/**
	 * Replaces `docId`'s snapshot by `state` (the whole doc, encoded in `format`) and drops the log
	 * entries with ids up to `upToId`, keeping their authors and sizes in the trail.
	 */
	compact(docId: string, state: Uint8Array, upToId: number, format?: SnapshotFormat): Promise<void>;
}

/**
 * What a synchronous store (SQLite through better-sqlite3) offers on top of the port: the same
 * operations answered in the caller's step. The doc store uses them when present, so that on one
 * process an update is durable in the very step it is applied, before anyone can see it; an
 * implementation without them (PostgreSQL) goes through the Promise methods (see DocStore).
 */
export interface SyncDocLogFace {
	appendSync(docId: string, updates: readonly Uint8Array[], author?: UpdateAuthor): number;
	/**
	 * Like appendSync, but answers null instead of waiting when the store cannot take the write in
	 * this step (SQLite: another connection holds the write lock): the caller then uses `append`.
	 * Optional: without it, appendSync is used.
	 */
	tryAppendSync?(docId: string, updates: readonly Uint8Array[], author?: UpdateAuthor): number | null;
	loadSync(docId: string): StoredDoc;
	compactSync(docId: string, state: Uint8Array, upToId: number, format?: SnapshotFormat): void;
}

export interface SyncDocLog extends DocLog, SyncDocLogFace {}

export function hasSyncFace(log: object): log is SyncDocLogFace {
	const l = log as Partial<SyncDocLogFace>;
	return typeof l.appendSync === 'function' && typeof l.loadSync === 'function' && typeof l.compactSync === 'function';
}
