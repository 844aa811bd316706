import * as Y from 'yjs';
import type { Db } from '../db/database.ts';
import { now } from '../clock.ts';

// Durable storage of Yjs documents: a snapshot plus the log of updates appended after it.
// Loading = snapshot + later updates; compaction applies them to a Y.Doc and encodes it
// (Y.mergeUpdates over thousands of updates is slow).

export async function loadDocState(db: Db, docName: string): Promise<{ doc: Y.Doc; lastUpdateId: number; logLength: number }> {
	const doc = new Y.Doc();
	const snapshot = await db
		.selectFrom('doc_snapshots')
		.select(['data', 'last_update_id'])
		.where('doc_name', '=', docName)
		.executeTakeFirst();
	let lastUpdateId = 0;
	if (snapshot) {
		Y.applyUpdate(doc, snapshot.data);
		lastUpdateId = snapshot.last_update_id;
	}
	const updates = await db
		.selectFrom('doc_updates')
		.select(['id', 'data'])
		.where('doc_name', '=', docName)
		.where('id', '>', lastUpdateId)
		.orderBy('id')
		.execute();
	doc.transact(() => {
		for (const u of updates) Y.applyUpdate(doc, u.data);
	});
	if (updates.length) lastUpdateId = updates[updates.length - 1].id;
	return { doc, lastUpdateId, logLength: updates.length };
}

export async function appendUpdate(db: Db, docName: string, update: Uint8Array): Promise<number> {
	const row = await db
		.insertInto('doc_updates')
		.values({ doc_name: docName, data: update, created_at: now() })
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

/** Folds the log up to `upToId` into the snapshot `state` and drops the folded updates. */
export async function writeSnapshot(db: Db, docName: string, state: Uint8Array, upToId: number): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await trx
			.insertInto('doc_snapshots')
			.values({ doc_name: docName, data: state, last_update_id: upToId, updated_at: now() })
			.onConflict((oc) => oc.column('doc_name').doUpdateSet({ data: state, last_update_id: upToId, updated_at: now() }))
			.execute();
		await trx.deleteFrom('doc_updates').where('doc_name', '=', docName).where('id', '<=', upToId).execute();
	});
}

/** Reads a doc straight from storage (for server-rendered pages and exports). */
export async function readDoc(db: Db, docName: string): Promise<Y.Doc> {
	return (await loadDocState(db, docName)).doc;
}
