import * as Y from 'yjs';
import { applyStored, type DocPersistence, type UpdateAuthor } from './persistence.ts';

export type UpdateListener = (update: Uint8Array, origin: unknown) => void;

export interface DocStoreOptions {
	/** Fold the log into a snapshot once this many updates were appended since the last one. */
	compactAfter?: number;
	/** Keep a doc with no user in memory this long (ms) before unloading it. */
	unloadAfterMs?: number;
	onError?: (error: unknown, docName: string) => void;
	/** Called after a doc left memory (tests wait on it). */
	onUnload?: (docName: string) => void;
	/** Called after every stored update of any doc (e.g. to refresh a fiche's SQL projection). */
	onUpdate?: (docName: string, origin: unknown) => void;
}

/** What a transaction origin may carry to name its author in the log. */
export function authorOf(origin: unknown): UpdateAuthor {
	if (origin && typeof origin === 'object' && ('userId' in origin || 'participantId' in origin)) {
		const o = origin as UpdateAuthor;
		return { userId: o.userId ?? null, participantId: o.participantId ?? null };
	}
	return {};
}

class LiveDoc {
	readonly doc = new Y.Doc({ gc: true });
	readonly listeners = new Set<UpdateListener>();
	users = 0;
	lastId = 0;
	sinceSnapshot = 0;
	unloadTimer: ReturnType<typeof setTimeout> | null = null;
	/** Whole-doc encoding, reused for every joiner until the next change. */
	#fullState: Uint8Array | null = null;

	constructor(readonly name: string) {}

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
 */
export class DocStore {
	#docs = new Map<string, LiveDoc>();
	readonly compactAfter: number;
	readonly unloadAfterMs: number;

	constructor(
		readonly persistence: DocPersistence,
		private readonly options: DocStoreOptions = {}
	) {
		this.compactAfter = options.compactAfter ?? 500;
		this.unloadAfterMs = options.unloadAfterMs ?? 30_000;
	}

	/** The live doc, loaded (snapshot + later updates) on first use. Loading is synchronous, so
	 * concurrent users of one name always share one load. */
	#live(name: string): LiveDoc {
		let live = this.#docs.get(name);
		if (live) return live;
		live = new LiveDoc(name);
		const stored = this.persistence.load(name);
		applyStored(live.doc, stored);
		live.lastId = stored.lastId;
		live.sinceSnapshot = stored.updates.length;
		const l = live;
		l.doc.on('update', (update: Uint8Array, origin: unknown) => {
			// Durable first, visible after.
			l.lastId = this.persistence.append(name, update, authorOf(origin));
			l.sinceSnapshot++;
			l.invalidate();
			for (const listener of l.listeners) listener(update, origin);
			this.options.onUpdate?.(name, origin);
			if (l.sinceSnapshot >= this.compactAfter) this.#compact(l);
		});
		this.#docs.set(name, live);
		this.#scheduleUnload(live);
		return live;
	}

	/** Takes a reference on the doc (a socket): it stays loaded until every reference is released. */
	acquire(name: string, listener?: UpdateListener): Y.Doc {
		const live = this.#live(name);
		live.users++;
		if (live.unloadTimer) clearTimeout(live.unloadTimer);
		live.unloadTimer = null;
		if (listener) live.listeners.add(listener);
		return live.doc;
	}

	release(name: string, listener?: UpdateListener): void {
		const live = this.#docs.get(name);
		if (!live) return;
		if (listener) live.listeners.delete(listener);
		live.users = Math.max(0, live.users - 1);
		this.#scheduleUnload(live);
	}

	/** Applies `fn` to the doc in one transaction with `origin` (e.g. a participant's command). */
	transact<T>(name: string, fn: (doc: Y.Doc) => T, origin: unknown = null): T {
		const live = this.#live(name);
		let result!: T;
		live.doc.transact(() => {
			result = fn(live.doc);
		}, origin);
		this.#scheduleUnload(live);
		return result;
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

	isLoaded(name: string): boolean {
		return this.#docs.has(name);
	}

	get loadedCount(): number {
		return this.#docs.size;
	}

	#compact(live: LiveDoc) {
		if (live.sinceSnapshot === 0) return;
		try {
			// In the second encoding: faster to load (the first, the wire's, is encoded for joiners).
			this.persistence.compact(live.name, Y.encodeStateAsUpdateV2(live.doc), live.lastId, 2);
			live.sinceSnapshot = 0;
		} catch (e) {
			// The log still holds everything: a failed compaction loses nothing.
			this.options.onError?.(e, live.name);
		}
	}

	#scheduleUnload(live: LiveDoc) {
		if (live.users > 0 || live.unloadTimer) return;
		live.unloadTimer = setTimeout(() => this.#unload(live), this.unloadAfterMs);
		live.unloadTimer.unref?.();
	}

	#unload(live: LiveDoc) {
		live.unloadTimer = null;
		if (live.users > 0) return;
		this.#compact(live);
		this.#docs.delete(live.name);
		live.doc.destroy();
		this.options.onUnload?.(live.name);
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
