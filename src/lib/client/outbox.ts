import type { Command } from '$lib/domain/commands';

// A participant's commands wait here (IndexedDB) until the server has them: a dropped Wi-Fi, a
// closed tab or a reloaded phone lose nothing. They are sent in order; each carries its own id,
// so a command sent twice (answer lost on the way back) is applied once by the server.

export interface OutboxEntry {
	/** Insertion order. */
	seq?: number;
	boardId: number;
	command: Command;
	createdAt: number;
}

const DB_NAME = 'tablee-outbox';
const STORE = 'commands';

function openDb(): Promise<IDBDatabase> {
	return new Promise((resolve, reject) => {
		const req = indexedDB.open(DB_NAME, 1);
		req.onupgradeneeded = () => {
			const store = req.result.createObjectStore(STORE, { keyPath: 'seq', autoIncrement: true });
			store.createIndex('boardId', 'boardId');
		};
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(req.error);
	});
}

function tx<T>(db: IDBDatabase, mode: IDBTransactionMode, fn: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
	return new Promise((resolve, reject) => {
		const t = db.transaction(STORE, mode);
		const req = fn(t.objectStore(STORE));
		t.oncomplete = () => resolve(req.result);
		t.onerror = () => reject(t.error);
		t.onabort = () => reject(t.error);
	});
}

export type SendResult = 'sent' | 'rejected' | 'retry';

export interface OutboxEvents {
	/** The pending list changed (queued, sent or rejected). */
	onChange?: (pending: OutboxEntry[]) => void;
	/** The server refused a command for good (4xx): its French message. */
	onRejected?: (entry: OutboxEntry, message: string) => void;
	/** The server could not store a command for now (503): its French message; the command waits. */
	onRetry?: (message: string | undefined) => void;
}

export class Outbox {
	#db: Promise<IDBDatabase>;
	#flushing: Promise<void> | null = null;
	#retryTimer: ReturnType<typeof setTimeout> | null = null;
	#backoff = 500;

	constructor(
		private readonly boardId: number,
		private readonly events: OutboxEvents = {},
		private readonly send: (entry: OutboxEntry) => Promise<{ result: SendResult; message?: string }> = postCommand
	) {
		this.#db = openDb();
	}

	async pending(): Promise<OutboxEntry[]> {
		const db = await this.#db;
		const all = await tx(db, 'readonly', (s) => s.index('boardId').getAll(this.boardId));
		return (all as OutboxEntry[]).sort((a, b) => a.seq! - b.seq!);
	}

	/** Stores the command first (durable), then tries to send everything pending. */
	async push(command: Command): Promise<void> {
		const db = await this.#db;
		await tx(db, 'readwrite', (s) => s.add({ boardId: this.boardId, command, createdAt: Date.now() } satisfies OutboxEntry));
		this.events.onChange?.(await this.pending());
		void this.flush();
	}

	/** Sends pending commands in order; stops at the first network failure and retries later. */
	flush(): Promise<void> {
		this.#flushing ??= this.#flush().finally(() => (this.#flushing = null));
		return this.#flushing;
	}

	async #flush() {
		const db = await this.#db;
		for (const entry of await this.pending()) {
			const { result, message } = await this.send(entry).catch(() => ({ result: 'retry' as const, message: undefined }));
			if (result === 'retry') {
				this.events.onRetry?.(message);
				this.#scheduleRetry();
				return;
			}
			await tx(db, 'readwrite', (s) => s.delete(entry.seq!));
			if (result === 'rejected') this.events.onRejected?.(entry, message ?? 'Contribution refusée.');
			this.events.onChange?.(await this.pending());
		}
		this.#backoff = 500;
	}

	#scheduleRetry() {
		if (this.#retryTimer) return;
		this.#retryTimer = setTimeout(() => {
			this.#retryTimer = null;
			void this.flush();
		}, this.#backoff);
		this.#backoff = Math.min(this.#backoff * 2, 15_000);
	}

	destroy() {
		if (this.#retryTimer) clearTimeout(this.#retryTimer);
		void this.#db.then((db) => db.close());
	}
}

async function postCommand(entry: OutboxEntry): Promise<{ result: SendResult; message?: string }> {
	const res = await fetch(`/api/boards/${entry.boardId}/commands`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(entry.command)
	});
	if (res.ok) return { result: 'sent' };
	// 4xx: the server has judged the command; sending it again would give the same answer.
	// 401 too: the participant session is gone, the command cannot be applied by anyone.
	if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
		const body = await res.json().catch(() => ({}) as { message?: string });
		return { result: 'rejected', message: body.message };
	}
	// 503: the server's storage failed; the command was not recorded and waits here.
	if (res.status === 503) {
		const body = await res.json().catch(() => ({}) as { message?: string });
		return { result: 'retry', message: body.message };
	}
	return { result: 'retry' };
}
