import { sql } from 'kysely';
import * as Y from 'yjs';
import type { Db } from '../db/database.ts';
import { now } from '../clock.ts';
import type { DocLog, SnapshotFormat, StoredDoc, UpdateAuthor } from '../ports/doc-log.ts';

// The documents' log on PostgreSQL (the DocLog port, src/lib/server/ports/doc-log.ts), shared by
// every instance of a deployment.
//
// Group commit: the sync server hands a room's batch (one tick's updates) to `append`, which writes
// it as one multi-row INSERT in one transaction: one round trip and one commit per batch whatever
// the number of writers, and nothing of the batch is broadcast or acknowledged before it resolved.
//
// Per-document order across instances: ids come from one sequence, and two transactions may commit
// in the other order than they drew their ids. A reader that saw id 12 committed but not 11 yet
// would later miss 11 (loads read `id > snapshot's last id`). Appends to one doc therefore take a
// transaction-level advisory lock on the doc first: for one doc, ids are drawn and committed in the
// same order. Different docs do not wait for each other.
//
// Compaction: any instance may compact a doc, one at a time (another advisory lock, per doc), and
// never loses what another instance appended: the stored snapshot and every logged update up to
// `upToId` are merged into the state given (Yjs merges are idempotent unions), so an update that
// the compacting instance had not received yet is still in the new snapshot.

/** Advisory lock namespaces (first key of pg_advisory_xact_lock(int, int)). */
const LOCK_APPEND = 7301;
const LOCK_COMPACT = 7302;

export class PgDocLog implements DocLog {
	constructor(private readonly db: Db) {}

	async append(docId: string, updates: readonly Uint8Array[], author: UpdateAuthor = {}): Promise<number> {
		return this.db.transaction().execute(async (trx) => {
			await sql`select pg_advisory_xact_lock(${LOCK_APPEND}, hashtext(${docId}))`.execute(trx);
			if (!updates.length) {
				const last = await trx.selectFrom('doc_updates').select((e) => e.fn.max('id').as('id')).where('doc_name', '=', docId).executeTakeFirst();
				const snap = await trx.selectFrom('doc_snapshots').select('last_update_id').where('doc_name', '=', docId).executeTakeFirst();
				return Math.max(Number(last?.id ?? 0), snap?.last_update_id ?? 0);
			}
			const at = now();
			const rows = await trx
				.insertInto('doc_updates')
				.values(
					updates.map((u) => ({
						doc_name: docId,
						data: Buffer.from(u.buffer, u.byteOffset, u.byteLength),
						created_at: at,
						user_id: author.userId ?? null,
						participant_id: author.participantId ?? null
					}))
				)
				.returning('id')
				.execute();
			return Math.max(...rows.map((r) => Number(r.id)));
		});
	}

	async load(docId: string): Promise<StoredDoc> {
		// One consistent view of the snapshot and the log (a compaction may commit in between).
		return this.db
			.transaction()
			.setIsolationLevel('repeatable read')
			.execute(async (trx) => {
				const snap = await trx.selectFrom('doc_snapshots').select(['data', 'last_update_id', 'format']).where('doc_name', '=', docId).executeTakeFirst();
				const after = snap?.last_update_id ?? 0;
				const rows = await trx.selectFrom('doc_updates').select(['id', 'data']).where('doc_name', '=', docId).where('id', '>', after).orderBy('id').execute();
				return {
					snapshot: snap ? new Uint8Array(snap.data) : null,
					snapshotFormat: snap?.format === 2 ? 2 : 1,
					updates: rows.map((r) => new Uint8Array(r.data)),
					lastId: rows.length ? Number(rows[rows.length - 1].id) : after
				} satisfies StoredDoc;
			});
	}

	async compact(docId: string, state: Uint8Array, upToId: number, format: SnapshotFormat = 1): Promise<void> {
		await this.db.transaction().execute(async (trx) => {
			await sql`select pg_advisory_xact_lock(${LOCK_COMPACT}, hashtext(${docId}))`.execute(trx);
			const snap = await trx.selectFrom('doc_snapshots').select(['data', 'last_update_id', 'format']).where('doc_name', '=', docId).executeTakeFirst();
			const logged = await trx.selectFrom('doc_updates').select('data').where('doc_name', '=', docId).where('id', '<=', upToId).orderBy('id').execute();
			const upTo = Math.max(upToId, snap?.last_update_id ?? 0);
			// Everything stored up to `upTo`, plus the state given: an instance whose live doc missed an
			// update another appended (not yet received) loses nothing.
			const v2 = (u: Uint8Array, f: SnapshotFormat) => (f === 2 ? u : Y.convertUpdateFormatV1ToV2(u));
			const parts: Uint8Array[] = [];
			if (snap) parts.push(v2(new Uint8Array(snap.data), snap.format === 2 ? 2 : 1));
			for (const r of logged) parts.push(v2(new Uint8Array(r.data), 1));
			parts.push(v2(state, format));
			const mergedV2 = parts.length === 1 ? parts[0] : Y.mergeUpdatesV2(parts);
			const data = format === 2 ? mergedV2 : Y.convertUpdateFormatV2ToV1(mergedV2);
			await trx
				.insertInto('doc_snapshots')
				.values({ doc_name: docId, data: Buffer.from(data), last_update_id: upTo, updated_at: now(), format })
				.onConflict((oc) =>
					oc.column('doc_name').doUpdateSet((eb) => ({
						data: eb.ref('excluded.data'),
						last_update_id: eb.ref('excluded.last_update_id'),
						updated_at: eb.ref('excluded.updated_at'),
						format: eb.ref('excluded.format')
					}))
				)
				.execute();
			// Who sent which update stays (doc_update_trail) when the update itself is folded away.
			await sql`insert into doc_update_trail (id, doc_name, bytes, user_id, participant_id, created_at)
				select id, doc_name, length(data), user_id, participant_id, created_at from doc_updates where doc_name = ${docId} and id <= ${upTo}
				on conflict do nothing`.execute(trx);
			await trx.deleteFrom('doc_updates').where('doc_name', '=', docId).where('id', '<=', upTo).execute();
		});
	}
}
