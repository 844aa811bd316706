import * as Y from 'yjs';
import type { DocLog, UpdateAuthor } from '../ports/doc-log.ts';
import type { Broadcast, BroadcastMessage } from '../ports/broadcast.ts';

// The two moves every instance makes around a shared doc, in the order that loses nothing:
//
// - writing: a room's batch is appended durably first (one transaction), then published as one
//   merged update; the writers are acknowledged and the local peers served after the append too.
// - opening (the first user of a doc on this instance): subscribe first, buffering what arrives;
//   then load from the log; then apply the buffer. An update published before the subscription
//   was appended before it too, so the load has it; one published after reaches the buffer. Yjs
//   ignores what a doc already has, so an update both loaded and buffered is applied once.

/** The remote origin of updates applied from other instances (never published again). */
export const REMOTE_ORIGIN = Symbol('remote-instance');

export async function appendAndPublish(log: DocLog, broadcast: Broadcast, docId: string, batch: readonly Uint8Array[], author?: UpdateAuthor): Promise<number> {
	const id = await log.append(docId, batch, author);
	await broadcast.publish(docId, 'update', batch.length === 1 ? batch[0] : Y.mergeUpdates(batch as Uint8Array[]));
	return id;
}

export interface SharedDoc {
	doc: Y.Doc;
	/** Highest log id the load included. */
	lastId: number;
	/** Stops following the other instances. */
	close(): Promise<void>;
}

/**
 * The doc `docId` as stored plus everything other instances publish from now on, with no gap
 * between the load and the subscription. `onAwareness` receives other instances' presence.
 */
export async function openSharedDoc(
	docId: string,
	log: DocLog,
	broadcast: Broadcast,
	onAwareness: (payload: Uint8Array) => void = () => {}
): Promise<SharedDoc> {
	let doc: Y.Doc | null = null;
	const early: Uint8Array[] = [];
	const onMessage = (m: BroadcastMessage) => {
		if (m.kind === 'awareness') return onAwareness(m.payload);
		if (doc) Y.applyUpdate(doc, m.payload, REMOTE_ORIGIN);
		else early.push(m.payload);
	};
	const unsubscribe = await broadcast.subscribe(docId, onMessage);
	try {
		const stored = await log.load(docId);
		const d = new Y.Doc();
		d.transact(() => {
			if (stored.snapshot) (stored.snapshotFormat === 2 ? Y.applyUpdateV2 : Y.applyUpdate)(d, stored.snapshot);
			for (const u of stored.updates) Y.applyUpdate(d, u);
			for (const u of early) Y.applyUpdate(d, u);
		}, REMOTE_ORIGIN);
		early.length = 0;
		doc = d;
		return { doc: d, lastId: stored.lastId, close: unsubscribe };
	} catch (e) {
		await unsubscribe();
		throw e;
	}
}

/**
 * Live restitution across instances: `listener` runs when another instance publishes a change
 * of one of `docNames` (a note, a cluster, the tallies a vote updates), as `followDocs`
 * (restitution/live.ts) does for this instance's own changes. Presence is not a change.
 */
export async function followDocsEverywhere(broadcast: Broadcast, docNames: readonly string[], listener: () => void): Promise<() => Promise<void>> {
	const stops = await Promise.all(docNames.map((name) => broadcast.subscribe(name, (m) => m.kind === 'update' && listener())));
	return async () => {
		await Promise.all(stops.map((s) => s()));
	};
}
