import * as Y from 'yjs';
import { applyStored } from './persistence.ts';
import { hasSyncFace, type DocLog, type StoredDoc, type SyncDocLogFace, type UpdateAuthor } from '../ports/doc-log.ts';
import { isHealthy, loadOrRepair } from './repair.ts';
import { AppError, UNAVAILABLE_MESSAGE } from '../errors.ts';

export type UpdateListener = (update: Uint8Array, origin: unknown) => void;
/**
 * Told when the live doc was dropped after a failure: the holder takes the reloaded one.
 * `pendingLost`: updates applied but not yet durable (the Promise path) were dropped with it, so
 * their writers must send them again (the sync server has every client resync).
 */
export type ResetListener = (doc: Y.Doc | null, cause: unknown, pendingLost?: boolean) => void;

export interface DocStoreOptions {
	/** Fold the log into a snapshot once this many updates were appended since the last one. */
	compactAfter?: number;
	/** Keep a doc with no user in memory this long (ms) before unloading it. */
	unloadAfterMs?: number;
	/** After a failed write, refuse writes this long (ms) instead of reloading docs in a loop. */
	failureCooldownMs?: number;
	onError?: (error: unknown, docName: string) => void;
	/** Called after a doc left memory (tests wait on it). */
	onUnload?: (docName: string) => void;
	/** Called after every stored update of any doc (e.g. to refresh a fiche's SQL projection). */
	onUpdate?: (docName: string, origin: unknown) => void;
	/** Called when a stored state had to be repaired to load (what was dropped, in French). */
	onRepair?: (docName: string, dropped: string[]) => void;
	/** The clock (ms), for the cooldown. */
	now?: () => number;
}

/**
 * A change that could not be made durable (storage failing, or the doc failing to apply it): it was
 * not stored, not shown to anyone, and the live doc was reloaded from storage. The caller refuses the
 * change (a command answers 503, a socket is closed with a code its client reconnects after).
 */
export class StoreUnavailableError extends AppError {
	constructor(
		readonly docName: string,
		readonly cause: unknown
	) {
		super('unavailable', UNAVAILABLE_MESSAGE);
	}

	/** For the log: what failed underneath. */
	get detail(): string {
		return `${this.docName}: ${this.cause instanceof Error ? this.cause.message : String(this.cause)}`;
	}
}

/** Counters for the health endpoint. */
export interface StoreHealth {
	appendFailures: number;
	lastFailureAt: number | null;
	lastFailure: string | null;
	/** Live docs dropped and reloaded after a failure. */
	docsReloaded: number;
	/** Stored states that needed a repair to load. */
	docsRepaired: number;
	loadFailures: number;
	/** Writes refused right now (cooldown after a failure). */
	degraded: boolean;
}

/** Origin of an update received from another holder (Broadcast port): durable already, not appended again. */
export const REMOTE_ORIGIN = Symbol('remote update');

/** What a transaction origin may carry to name its author in the log. */
export function authorOf(origin: unknown): UpdateAuthor {
	if (origin && typeof origin === 'object' && ('userId' in origin || 'participantId' in origin)) {
		const o = origin as UpdateAuthor;
		return { userId: o.userId ?? null, participantId: o.participantId ?? null };
	}
	return {};
}

class LiveDoc {
	readonly listeners = new Set<UpdateListener>();
	readonly resetListeners = new Set<ResetListener>();
	users = 0;
	lastId = 0;
	sinceSnapshot = 0;
	/** Estimated encoded size: stored state at load, plus every update appended since. */
	bytes = 0;
	unloadTimer: ReturnType<typeof setTimeout> | null = null;
	/** Set by the update handler when an append failed inside the current transaction. */
	failure: unknown = null;
	/** Appends sent through the port's Promise (see DocStore) and not resolved yet. */
	pending = 0;
	/** Resolves once every append sent so far resolved; rejects after one failed. */
	durable: Promise<void> = Promise.resolve();
	/** Whole-doc encoding, reused for every joiner until the next change. */
	#fullState: Uint8Array | null = null;

	constructor(
		readonly name: string,
		readonly doc: Y.Doc
	) {}

	fullState(): Uint8Array {
		this.#fullState ??= Y.encodeStateAsUpdate(this.doc);
		return this.#fullState;
	}

	invalidate() {
		this.#fullState = null;
	}
}

/**
 * One live Y.Doc per document name, shared by sockets and routes in this process.
 * Every update, whatever its origin, is appended to the log in the doc's own update event,
 * before any listener (the broadcast) runs: nothing anyone could see is missing from storage.
 *
 * Failure is contained: when an append fails, or a transaction throws from inside Yjs, the update
 * reaches no listener, the live doc (now ahead of storage, or stuck: Yjs stops emitting updates
 * after a failed transaction cleanup) is dropped and reloaded from storage, holders are handed the
 * new doc, and the caller gets a StoreUnavailableError. A live doc that is no longer stored or
 * broadcast cannot outlive the call that broke it.
 */
export class DocStore {
	#docs = new Map<string, LiveDoc>();
	readonly compactAfter: number;
	readonly unloadAfterMs: number;
	readonly #cooldownMs: number;
	#degradedUntil = 0;
	readonly #health: Omit<StoreHealth, 'degraded'> = {
		appendFailures: 0,
		lastFailureAt: null,
		lastFailure: null,
		docsReloaded: 0,
		docsRepaired: 0,
		loadFailures: 0
	};

	readonly #updateHooks: ((docName: string, origin: unknown) => void)[] = [];
	readonly #settlers: (() => Promise<void>)[] = [];

	/** The log's synchronous face, when it has one (SQLite). */
	readonly #sync: SyncDocLogFace | null;
	/** Stored docs loaded through the Promise API (open), waiting to become live. */
	readonly #opened = new Map<string, StoredDoc>();

	constructor(
		readonly persistence: DocLog | SyncDocLogFace,
		private readonly options: DocStoreOptions = {}
	) {
		this.#sync = hasSyncFace(persistence) ? persistence : null;
		if (options.onUpdate) this.#updateHooks.push(options.onUpdate);
		this.compactAfter = options.compactAfter ?? 500;
		this.unloadAfterMs = options.unloadAfterMs ?? 30_000;
		this.#cooldownMs = options.failureCooldownMs ?? 500;
	}

	/**
	 * Registers a feature hook run after every stored update of any doc (createApp wires the fiche
	 * projections and the live restitution here). A hook that throws is logged, never the writer's.
	 */
	onUpdate(hook: (docName: string, origin: unknown) => void): void {
		this.#updateHooks.push(hook);
	}

	/** Registers what `settle` waits for (the fiche projections' pending refreshes). */
	onSettle(settler: () => Promise<void>): void {
		this.#settlers.push(settler);
	}

	/** Waits until everything derived from the docs (SQL projections) has caught up with them. */
	async settle(): Promise<void> {
		for (const s of this.#settlers) await s();
	}

	#now(): number {
		return this.options.now?.() ?? Date.now();
	}

	health(): StoreHealth {
		return { ...this.#health, degraded: this.#now() < this.#degradedUntil };
	}

	#noteFailure(e: unknown) {
		this.#health.lastFailureAt = this.#now();
		this.#health.lastFailure = e instanceof Error ? e.message : String(e);
		this.#degradedUntil = this.#now() + this.#cooldownMs;
	}

	/** The live doc, loaded (snapshot + later updates) on first use. Loading is synchronous, so
	 * concurrent users of one name always share one load. */
	#live(name: string): LiveDoc {
		const existing = this.#docs.get(name);
		if (existing) return existing;
		let stored = this.#opened.get(name);
		this.#opened.delete(name);
		try {
			if (!stored) {
				if (!this.#sync) throw new Error(`${name} must be opened (await store.open) before use: the log answers asynchronously`);
				stored = this.#sync.loadSync(name);
			}
		} catch (e) {
			this.#health.loadFailures++;
			this.#noteFailure(e);
			throw new StoreUnavailableError(name, e);
		}
		const loaded = loadOrRepair(stored, applyStored);
		const live = new LiveDoc(name, loaded.doc);
		live.lastId = stored.lastId;
		live.sinceSnapshot = stored.updates.length;
		live.bytes = (stored.snapshot?.length ?? 0) + stored.updates.reduce((n, u) => n + u.length, 0);
		if (loaded.repaired) {
			this.#health.docsRepaired++;
			this.options.onRepair?.(name, loaded.dropped);
			// The repaired state becomes the stored one: the next load is an ordinary one.
			live.sinceSnapshot = Math.max(1, live.sinceSnapshot);
			this.#compact(live);
		}
		const l = live;
		l.doc.on('update', (update: Uint8Array, origin: unknown) => {
			if (l.failure) return;
			if (origin === REMOTE_ORIGIN) {
				// Stored by the holder that received it: shown here, not appended again. It is behind
				// any pending append of ours (order of visibility per doc is kept).
				if (l.pending === 0) this.#stored(l, update, origin, false);
				else {
					l.durable = l.durable.then(() => (this.#docs.get(l.name) === l ? this.#stored(l, update, origin, false) : undefined));
					l.durable.catch(() => undefined);
				}
				return;
			}
			const author = authorOf(origin);
			// Durable first, visible after. A failed append must not throw here: Yjs would leave the
			// transaction's cleanup pending and the doc would never emit an update again.
			if (l.pending === 0 && this.#sync) {
				let id: number | null;
				try {
					id = this.#sync.tryAppendSync ? this.#sync.tryAppendSync(name, [update], author) : this.#sync.appendSync(name, [update], author);
				} catch (e) {
					l.failure = e;
					this.#health.appendFailures++;
					return;
				}
				if (id !== null) {
					l.lastId = id;
					this.#stored(l, update, origin);
					return;
				}
			}
			this.#appendLater(l, update, origin, author);
		});
		this.#docs.set(name, live);
		this.#scheduleUnload(live);
		return live;
	}

	/** After an update is durable: counters, then listeners (the broadcast), then feature hooks. */
	#stored(l: LiveDoc, update: Uint8Array, origin: unknown, appendedHere = true) {
		const name = l.name;
		if (appendedHere) l.sinceSnapshot++;
		l.bytes += update.length;
		l.invalidate();
		for (const listener of l.listeners) {
			try {
				listener(update, origin);
			} catch (e) {
				this.options.onError?.(e, name);
			}
		}
		for (const hook of this.#updateHooks) {
			try {
				hook(name, origin);
			} catch (e) {
				this.options.onError?.(e, name);
			}
		}
		if (l.sinceSnapshot >= this.compactAfter && l.pending === 0) this.#compact(l);
	}

	/** The port's Promise path: appended after the doc's earlier pending appends, visible once durable. */
	#appendLater(l: LiveDoc, update: Uint8Array, origin: unknown, author: UpdateAuthor) {
		l.pending++;
		const log = this.persistence as DocLog;
		l.durable = l.durable.then(async () => {
			try {
				if (l.failure) throw l.failure;
				l.lastId = await log.append(l.name, [update], author);
			} catch (e) {
				l.pending--;
				if (!l.failure) {
					l.failure = e;
					this.#health.appendFailures++;
					// Not stored, so not shown: the doc is reloaded from storage and its holders told.
					if (this.#docs.get(l.name) === l) this.#reset(l, e, true);
				}
				throw new StoreUnavailableError(l.name, e);
			}
			l.pending--;
			if (this.#docs.get(l.name) === l) this.#stored(l, update, origin);
		});
		// A failure is reported to whoever awaits `durable`; nobody else must see it unhandled.
		l.durable.catch(() => undefined);
	}

	/**
	 * Resolves once every update of `name` applied so far is durable (at once on SQLite's
	 * synchronous path); rejects with StoreUnavailableError when one of them could not be stored.
	 */
	durable(name: string): Promise<void> {
		return this.#docs.get(name)?.durable ?? Promise.resolve();
	}

	/**
	 * Loads `name` through the port's Promise API, so that the synchronous methods can use it. Needed
	 * before first use only with a log that has no synchronous face; harmless otherwise.
	 */
	async open(name: string): Promise<void> {
		if (this.#docs.has(name) || this.#opened.has(name)) return;
		if (this.#sync) {
			this.#live(name);
			return;
		}
		let stored: StoredDoc;
		try {
			stored = await (this.persistence as DocLog).load(name);
		} catch (e) {
			this.#health.loadFailures++;
			this.#noteFailure(e);
			throw new StoreUnavailableError(name, e);
		}
		if (!this.#docs.has(name)) this.#opened.set(name, stored);
	}

	/** Takes a reference on the doc (a socket): it stays loaded until every reference is released. */
	acquire(name: string, listener?: UpdateListener, onReset?: ResetListener): Y.Doc {
		const live = this.#live(name);
		live.users++;
		if (live.unloadTimer) clearTimeout(live.unloadTimer);
		live.unloadTimer = null;
		if (listener) live.listeners.add(listener);
		if (onReset) live.resetListeners.add(onReset);
		return live.doc;
	}

	release(name: string, listener?: UpdateListener, onReset?: ResetListener): void {
		const live = this.#docs.get(name);
		if (!live) return;
		if (listener) live.listeners.delete(listener);
		if (onReset) live.resetListeners.delete(onReset);
		live.users = Math.max(0, live.users - 1);
		this.#scheduleUnload(live);
	}

	/** Refuses writes during the cooldown after a failure (no reload loop while storage is down). */
	#checkWritable(name: string) {
		if (this.#now() < this.#degradedUntil) {
			throw new StoreUnavailableError(name, new Error(this.#health.lastFailure ?? 'storage unavailable'));
		}
	}

	/**
	 * Runs a change on the live doc and contains any failure: a failed append or a broken Yjs
	 * transaction drops the doc and throws StoreUnavailableError; an error thrown by `fn` itself
	 * (a refusal) is rethrown as it is, once the doc is known to be healthy.
	 */
	#write<T>(live: LiveDoc, run: (doc: Y.Doc) => T): T {
		let result!: T;
		let thrown: unknown = null;
		live.failure = null;
		try {
			result = run(live.doc);
		} catch (e) {
			thrown = e;
		}
		const failure = live.failure;
		if (failure !== null || !isHealthy(live.doc)) {
			this.#reset(live, failure ?? thrown);
			throw new StoreUnavailableError(live.name, failure ?? thrown);
		}
		this.#scheduleUnload(live);
		if (thrown !== null) throw thrown;
		return result;
	}

	/** Applies `fn` to the doc in one transaction with `origin` (e.g. a participant's command). */
	transact<T>(name: string, fn: (doc: Y.Doc) => T, origin: unknown = null): T {
		this.#checkWritable(name);
		const live = this.#live(name);
		return this.#write(live, (doc) => {
			let result!: T;
			doc.transact(() => {
				result = fn(doc);
			}, origin);
			return result;
		});
	}

	/** Applies another holder's update (already durable, see REMOTE_ORIGIN) to the live doc, when loaded. */
	applyRemote(name: string, update: Uint8Array): void {
		const live = this.#docs.get(name);
		if (!live) return;
		this.#write(live, (doc) => Y.applyUpdate(doc, update, REMOTE_ORIGIN));
	}

	/**
	 * Reads the doc's log again and applies what the live doc lacks, as a remote change (stored
	 * already). A room calls it once its Broadcast subscription is in place: an update another
	 * instance appended and published between this instance's load and its subscription would
	 * otherwise be missing here until the doc reloads (no gap between load and subscription).
	 */
	async catchUp(name: string): Promise<void> {
		const live = this.#docs.get(name);
		if (!live) return;
		const stored = this.#sync ? this.#sync.loadSync(name) : await (this.persistence as DocLog).load(name);
		const current = this.#docs.get(name);
		if (!current) return;
		const fresh = new Y.Doc();
		applyStored(fresh, stored);
		const missing = Y.encodeStateAsUpdate(fresh, Y.encodeStateVector(current.doc));
		fresh.destroy();
		// An empty update is 2 bytes (no structs, no deletions); anything longer may carry something.
		if (missing.length > 2) this.applyRemote(name, missing);
	}

	/** Applies a writer's update (already checked by the update guard), with the same containment. */
	applyUpdate(name: string, update: Uint8Array, origin: unknown): void {
		this.#checkWritable(name);
		const live = this.#live(name);
		this.#write(live, (doc) => Y.applyUpdate(doc, update, origin));
	}

	/**
	 * Folds the log into a snapshot now (e.g. after an erasure: the deleted notes' text, collected
	 * from the live doc, leaves the stored updates too; the trail keeps only who and how big).
	 */
	compactNow(name: string): void {
		const live = this.#live(name);
		live.sinceSnapshot = Math.max(1, live.sinceSnapshot);
		this.#compact(live);
		this.#scheduleUnload(live);
	}

	/** Estimated size of the doc in bytes (stored state plus what was appended since). */
	sizeOf(name: string): number {
		return this.#live(name).bytes;
	}

	/**
	 * Drops a live doc that failed, without compacting it (its state is not to be trusted), and
	 * hands its holders the doc reloaded from storage (or null when storage cannot be read).
	 */
	#reset(live: LiveDoc, cause: unknown, pendingLost = false) {
		this.#noteFailure(cause);
		this.#health.docsReloaded++;
		this.options.onError?.(cause, live.name);
		if (live.unloadTimer) clearTimeout(live.unloadTimer);
		this.#docs.delete(live.name);
		const holders = [...live.resetListeners];
		const listeners = [...live.listeners];
		let next: LiveDoc | null = null;
		if (live.users > 0) {
			try {
				next = this.#live(live.name);
				next.users += live.users;
				for (const l of listeners) next.listeners.add(l);
				for (const h of holders) next.resetListeners.add(h);
				if (next.unloadTimer) clearTimeout(next.unloadTimer);
				next.unloadTimer = null;
			} catch {
				next = null;
			}
		}
		live.doc.destroy();
		for (const h of holders) {
			try {
				h(next?.doc ?? null, cause, pendingLost);
			} catch (e) {
				this.options.onError?.(e, live.name);
			}
		}
	}

	/** Reads the current doc (live, or loaded for the occasion) without keeping it. */
	read<T>(name: string, fn: (doc: Y.Doc) => T): T {
		const live = this.#live(name);
		const result = fn(live.doc);
		this.#scheduleUnload(live);
		return result;
	}

	/** The whole doc as one update, encoded once per change and shared by every joiner. */
	fullState(name: string): Uint8Array {
		return this.#live(name).fullState();
	}

	/** True when docs must be opened (`open`) before the synchronous methods can use them. */
	get needsOpen(): boolean {
		return this.#sync === null;
	}

	isLoaded(name: string): boolean {
		return this.#docs.has(name);
	}

	get loadedCount(): number {
		return this.#docs.size;
	}

	#compact(live: LiveDoc) {
		// With appends pending, the live state is ahead of storage: compact once they are in.
		if (live.sinceSnapshot === 0 || live.pending > 0) return;
		try {
			// In the second encoding: faster to load (the first, the wire's, is encoded for joiners).
			const state = Y.encodeStateAsUpdateV2(live.doc);
			if (this.#sync) this.#sync.compactSync(live.name, state, live.lastId, 2);
			else {
				// A failure loses nothing (the log still holds every update).
				void (this.persistence as DocLog).compact(live.name, state, live.lastId, 2).catch((e) => this.options.onError?.(e, live.name));
			}
			live.sinceSnapshot = 0;
			live.bytes = state.length;
		} catch (e) {
			// The log still holds everything: a failed compaction loses nothing.
			this.options.onError?.(e, live.name);
		}
	}

	#scheduleUnload(live: LiveDoc) {
		if (live.users > 0 || live.unloadTimer || this.#docs.get(live.name) !== live) return;
		live.unloadTimer = setTimeout(() => this.#unload(live), this.unloadAfterMs);
		live.unloadTimer.unref?.();
	}

	#unload(live: LiveDoc) {
		live.unloadTimer = null;
		if (live.users > 0 || this.#docs.get(live.name) !== live) return;
		if (live.pending > 0) {
			// Not before its appends are in: they would be lost from memory and from the snapshot.
			const again = () => this.#scheduleUnload(live);
			void live.durable.then(again, again);
			return;
		}
		this.#compact(live);
		this.#docs.delete(live.name);
		live.doc.destroy();
		this.options.onUnload?.(live.name);
	}

	/** Waits for every pending append of every doc (shutdown, before closeAll); failures are settled. */
	async allDurable(): Promise<void> {
		await Promise.allSettled([...this.#docs.values()].map((l) => l.durable));
	}

	/** Compacts and drops every doc (shutdown). */
	closeAll(): void {
		for (const live of [...this.#docs.values()]) {
			if (live.unloadTimer) clearTimeout(live.unloadTimer);
			live.users = 0;
			this.#unload(live);
		}
	}
}
