import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';

// Updates a hostile writer could send, built byte by byte for the tests and the fuzzer.

/**
 * `n` maps, each inside the previous one, under the root `root`: encoded directly (building it
 * through a Y.Doc costs O(n²): every level notifies every parent).
 */
export function deepUpdate(n: number, client = 424242, root = 'notes'): Uint8Array {
	const enc = new Y.UpdateEncoderV1();
	encoding.writeVarUint(enc.restEncoder, 1);
	encoding.writeVarUint(enc.restEncoder, n);
	enc.writeClient(client);
	encoding.writeVarUint(enc.restEncoder, 0);
	for (let i = 0; i < n; i++) {
		const parent = i === 0 ? root : Y.createID(client, i - 1);
		new Y.Item(Y.createID(client, i), null, null, null, null, parent as never, 'x', new Y.ContentType(new Y.Map())).write(enc as never, 0);
	}
	encoding.writeVarUint(enc.restEncoder, 0);
	return enc.toUint8Array();
}

/** An update that only deletes `len` items of `client` from `clock` (no structs, one delete range). */
export function deletionUpdate(client: number, clock: number, len = 1): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 0);
	encoding.writeVarUint(e, 1);
	encoding.writeVarUint(e, client);
	encoding.writeVarUint(e, 1);
	encoding.writeVarUint(e, clock);
	encoding.writeVarUint(e, len);
	return encoding.toUint8Array(e);
}

/** A y-websocket sync message carrying `update` (sub-type 2 by default, as a client sends a change). */
export function syncMessage(update: Uint8Array, sub = 2): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 0);
	encoding.writeVarUint(e, sub);
	encoding.writeVarUint8Array(e, update);
	return encoding.toUint8Array(e);
}
