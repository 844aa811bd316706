import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SnapshotFormat, StoredDoc, SyncDocLog, UpdateAuthor } from '../ports/doc-log.ts';

// Faults injected at the storage port, for the tests that check what users see when storage fails
// (a full disk, an I/O error, a lock held past the busy timeout). Only when the process was started
// with TABLEE_FAULT_INJECTION=1: the endpoint below does not exist otherwise.

export const FAULT_INJECTION_ENABLED = process.env.TABLEE_FAULT_INJECTION === '1';

function storageError(code: string): Error {
	const messages: Record<string, string> = {
		SQLITE_FULL: 'database or disk is full',
		SQLITE_IOERR: 'disk I/O error',
		SQLITE_BUSY: 'database is locked'
	};
	return Object.assign(new Error(messages[code] ?? code), { code });
}

export class FaultInjectingPersistence implements SyncDocLog {
	failAppends = 0;
	failLoads = 0;
	failCompacts = 0;
	code = 'SQLITE_FULL';
	/** Appends refused so far (for the tests' assertions). */
	refused = 0;

	constructor(readonly inner: SyncDocLog) {}

	#load() {
		if (this.failLoads > 0) {
			this.failLoads--;
			throw storageError(this.code);
		}
	}

	#append() {
		if (this.failAppends > 0) {
			this.failAppends--;
			this.refused++;
			throw storageError(this.code);
		}
	}

	#compact() {
		if (this.failCompacts > 0) {
			this.failCompacts--;
			throw storageError(this.code);
		}
	}

	loadSync(docName: string): StoredDoc {
		this.#load();
		return this.inner.loadSync(docName);
	}

	appendSync(docName: string, updates: readonly Uint8Array[], author?: UpdateAuthor): number {
		this.#append();
		return this.inner.appendSync(docName, updates, author);
	}

	tryAppendSync(docName: string, updates: readonly Uint8Array[], author?: UpdateAuthor): number | null {
		this.#append();
		return this.inner.tryAppendSync ? this.inner.tryAppendSync(docName, updates, author) : this.inner.appendSync(docName, updates, author);
	}

	compactSync(docName: string, state: Uint8Array, upToId: number, format?: SnapshotFormat): void {
		this.#compact();
		this.inner.compactSync(docName, state, upToId, format);
	}

	async load(docName: string): Promise<StoredDoc> {
		this.#load();
		return this.inner.load(docName);
	}

	async append(docName: string, updates: readonly Uint8Array[], author?: UpdateAuthor): Promise<number> {
		this.#append();
		return this.inner.append(docName, updates, author);
	}

	async compact(docName: string, state: Uint8Array, upToId: number, format?: SnapshotFormat): Promise<void> {
		this.#compact();
		return this.inner.compact(docName, state, upToId, format);
	}
}

/**
 * POST /__faults {appends?, loads?, compacts?, code?}: the next N calls of each kind fail with that
 * SQLite error code; answers the counters. Handled by the server entry before anything else.
 */
export function handleFaultRequest(req: IncomingMessage, res: ServerResponse, faults: FaultInjectingPersistence | null): boolean {
	if (!FAULT_INJECTION_ENABLED || !faults || req.url !== '/__faults' || req.method !== 'POST') return false;
	const chunks: Buffer[] = [];
	req.on('data', (c: Buffer) => chunks.push(c));
	req.on('end', () => {
		let body: Record<string, unknown> = {};
		try {
			body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
		} catch {
			body = {};
		}
		const n = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined);
		faults.failAppends = n(body.appends) ?? faults.failAppends;
		faults.failLoads = n(body.loads) ?? faults.failLoads;
		faults.failCompacts = n(body.compacts) ?? faults.failCompacts;
		if (typeof body.code === 'string' && /^SQLITE_[A-Z_]+$/.test(body.code)) faults.code = body.code;
		const out = JSON.stringify({ appends: faults.failAppends, loads: faults.failLoads, compacts: faults.failCompacts, refused: faults.refused });
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end(out);
	});
	return true;
}
