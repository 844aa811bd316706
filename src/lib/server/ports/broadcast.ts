// The broadcast port: how the holders of one document (today: the rooms of one process; next: the
// processes behind a load balancer, through Redis) pass each other the document's updates and its
// presence (awareness).
//
// The updates it carries are already durable (appended to the DocLog, whose Promise resolved):
// a receiver applies them to its live copy without storing them again. Presence is never stored.

export type BroadcastKind = 'update' | 'awareness';

export interface BroadcastMessage {
	docId: string;
	kind: BroadcastKind;
	/** A Yjs update (wire encoding) or an awareness update (y-protocols encoding). */
	payload: Uint8Array;
	/** The holder that published it (`Broadcast.holderId`). */
	from: string;
}

export type BroadcastListener = (message: BroadcastMessage) => void;

/**
 * One holder's endpoint (one per process: the sync server of an app instance).
 *
 * Contract (tests/contracts/broadcast.contract.ts holds every implementation to it):
 * - A message published for a doc reaches every other holder subscribed to that doc, once,
 *   with its kind and bytes unchanged; holders not subscribed to that doc get nothing.
 * - A holder never receives its own messages (no echo): its own rooms already have them.
 * - Messages of one holder for one doc arrive in the order they were published.
 * - After the function returned by `subscribe` ran (and its Promise resolved), that listener gets
 *   nothing more; other listeners of the same holder and doc keep theirs.
 * - `publish` resolves once the message is handed to the transport (not when it was received);
 *   a transport failure rejects it with an Error. Delivery to a listener that throws does not
 *   stop delivery to the others.
 * - After `close`, publishing rejects and nothing more is delivered.
 */
export interface Broadcast {
	/** This holder's id: the `from` of what it publishes. */
	readonly holderId: string;
	/** Listens to other holders' messages for `docId`. Resolves with the function that stops it. */
	subscribe(docId: string, listener: BroadcastListener): Promise<() => Promise<void>>;
	/** Sends `payload` to every other holder subscribed to `docId`. */
	publish(docId: string, kind: BroadcastKind, payload: Uint8Array): Promise<void>;
	/** Stops every subscription of this holder and releases the transport. */
	close(): Promise<void>;
}
