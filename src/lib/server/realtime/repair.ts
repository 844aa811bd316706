import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { MAX_JSON_DEPTH, MAX_TYPE_DEPTH } from '../../docs/doc-policy.ts';
import { findStruct as find, jsonDepthExceeds } from './update-guard.ts';
import type { StoredDoc } from './persistence.ts';

// Every stored doc must load. A state written before the update guard existed can hold what
// breaks Yjs (shared types nested thousands deep, and their deletion: Yjs's delete and garbage
// collection recurse through them until the stack overflows). Such a state is rewritten: the
// offending items become garbage-collected structs of the same ids and lengths (Yjs's own way of
// saying "deleted, content gone"), so everything else keeps its identity and every client's later
// updates still fit; a stored piece that cannot even be decoded is set aside.

type Struct = Y.Item | Y.GC | Y.Skip;

export interface RepairResult {
	doc: Y.Doc;
	/** What was dropped, in words for the log and the facilitators. */
	dropped: string[];
}

/** Applies `stored` to a fresh doc; repairs it when it does not apply. Never throws on content. */
export function loadOrRepair(stored: StoredDoc, applyStored: (doc: Y.Doc, stored: StoredDoc) => void): RepairResult & { repaired: boolean } {
	const doc = new Y.Doc({ gc: true });
	try {
		applyStored(doc, stored);
		if (isHealthy(doc)) return { doc, dropped: [], repaired: false };
	} catch {
		// falls through to the repair
	}
	doc.destroy();
	return { ...repair(stored), repaired: true };
}

/** A doc whose last transaction finished its cleanup (Yjs stops emitting updates otherwise). */
export function isHealthy(doc: Y.Doc): boolean {
	const d = doc as unknown as { _transaction: unknown; _transactionCleanups: unknown[] };
	return d._transaction === null && d._transactionCleanups.length === 0;
}

function repair(stored: StoredDoc): RepairResult {
	const dropped: string[] = [];
	const pieces: Uint8Array[] = [];
	if (stored.snapshot) {
		try {
			pieces.push(stored.snapshotFormat === 2 ? Y.convertUpdateFormatV2ToV1(stored.snapshot) : stored.snapshot);
		} catch {
			dropped.push('instantané illisible');
		}
	}
	stored.updates.forEach((u) => pieces.push(u));
	// Each piece alone: one that cannot be decoded is set aside.
	const decodable: Uint8Array[] = [];
	for (const [i, p] of pieces.entries()) {
		try {
			Y.decodeUpdate(p);
			decodable.push(p);
		} catch {
			dropped.push(i === 0 && stored.snapshot ? 'instantané illisible' : `mise à jour ${i} illisible`);
		}
	}
	let merged: Uint8Array;
	try {
		merged = decodable.length ? Y.mergeUpdates(decodable) : new Uint8Array([0, 0]);
	} catch {
		merged = new Uint8Array([0, 0]);
		dropped.push('journal illisible');
	}
	const { update, removed } = withoutOffendingItems(merged);
	if (removed > 0) dropped.push(`${removed} élément(s) imbriqué(s) trop profondément ou invalides`);
	const doc = new Y.Doc({ gc: true });
	try {
		Y.applyUpdate(doc, update);
		if (isHealthy(doc)) return { doc, dropped };
	} catch {
		// below
	}
	doc.destroy();
	// Last resort: whatever applies, piece by piece, in a fresh doc each time one fails.
	const kept: Uint8Array[] = [];
	let current = new Y.Doc({ gc: true });
	for (const p of decodable) {
		const { update: clean } = withoutOffendingItems(p);
		try {
			Y.applyUpdate(current, clean);
			if (!isHealthy(current)) throw new Error('unhealthy');
			kept.push(clean);
		} catch {
			dropped.push('une mise à jour inapplicable');
			current.destroy();
			current = new Y.Doc({ gc: true });
			for (const k of kept) Y.applyUpdate(current, k);
		}
	}
	return { doc: current, dropped };
}

/**
 * The same update with every item that would break a doc turned into a GC struct: shared types
 * deeper than MAX_TYPE_DEPTH, sub-documents, binary content, JSON nested deeper than MAX_JSON_DEPTH.
 * Items inside a collected type are collected by Yjs itself when they integrate.
 */
export function withoutOffendingItems(update: Uint8Array): { update: Uint8Array; removed: number } {
	const { structs, ds } = Y.decodeUpdate(update) as { structs: Struct[]; ds: { clients: Map<number, { clock: number; len: number }[]> } };
	const byClient = new Map<number, Struct[]>();
	for (const s of structs) {
		let list = byClient.get(s.id.client);
		if (!list) byClient.set(s.id.client, (list = []));
		list.push(s);
	}
	// The shared type an item sits in: a root, a type item of this update, or unknown (Yjs collects
	// such an item when it integrates). When the parent is not written, it is the neighbour's:
	// followed iteratively and remembered for the whole chain (one update can hold thousands).
	const containerOf = new Map<Y.Item, Y.Item | 'root' | null>();
	const container = (item: Y.Item): Y.Item | 'root' | null => {
		const chain: Y.Item[] = [];
		const seen = new Set<Y.Item>();
		let cur: Y.Item = item;
		let result: Y.Item | 'root' | null = null;
		for (;;) {
			const known = containerOf.get(cur);
			if (known !== undefined) {
				result = known;
				break;
			}
			chain.push(cur);
			seen.add(cur);
			const parent = cur.parent as unknown;
			if (typeof parent === 'string') {
				result = 'root';
				break;
			}
			if (parent && typeof parent === 'object' && 'client' in parent) {
				const p = find(byClient.get((parent as Y.ID).client), (parent as Y.ID).clock);
				result = p instanceof Y.Item && p.content instanceof Y.ContentType ? p : null;
				break;
			}
			const neighbour = cur.origin ?? cur.rightOrigin;
			const n = neighbour ? find(byClient.get(neighbour.client), neighbour.clock) : undefined;
			if (!(n instanceof Y.Item) || seen.has(n)) break;
			cur = n;
		}
		for (const c of chain) containerOf.set(c, result);
		return result;
	};
	// Depth of the type an item sits in (0: a root, -1: unknown), up through nested types with an
	// explicit path instead of recursion (a poisoned state nests far deeper than the stack).
	const depthOf = new Map<Y.Item, number>();
	const containerDepth = (item: Y.Item): number => {
		const path: Y.Item[] = [];
		const seen = new Set<Y.Item>();
		let cur: Y.Item = item;
		let base: number;
		for (;;) {
			const known = depthOf.get(cur);
			if (known !== undefined) {
				base = known;
				break;
			}
			const c = container(cur);
			if (c === 'root') {
				base = 0;
				depthOf.set(cur, 0);
				break;
			}
			if (c === null || seen.has(c)) {
				base = -1;
				depthOf.set(cur, -1);
				break;
			}
			path.push(cur);
			seen.add(cur);
			cur = c;
		}
		for (let i = path.length - 1; i >= 0; i--) {
			base = base < 0 ? -1 : base + 1;
			depthOf.set(path[i], base);
		}
		return depthOf.get(item)!;
	};

	let removed = 0;
	const out: Struct[] = structs.map((s) => {
		if (!(s instanceof Y.Item)) return s;
		const c = s.content;
		let bad = c instanceof Y.ContentDoc || c instanceof Y.ContentBinary;
		if (!bad && c instanceof Y.ContentType) bad = containerDepth(s) + 1 > MAX_TYPE_DEPTH;
		if (!bad && (c instanceof Y.ContentAny || c instanceof Y.ContentJSON)) {
			bad = c.arr.some((v: unknown) => jsonDepthExceeds(v, MAX_JSON_DEPTH, Number.MAX_SAFE_INTEGER) === 'depth');
		}
		if (!bad) return s;
		removed++;
		return new Y.GC(s.id, s.length);
	});
	if (removed === 0) return { update, removed };
	return { update: encodeStructs(out, ds), removed };
}

/** Writes structs and a delete set as a V1 update (the layout of Yjs's writeClientsStructs). */
function encodeStructs(structs: Struct[], ds: { clients: Map<number, { clock: number; len: number }[]> }): Uint8Array {
	const encoder = new Y.UpdateEncoderV1();
	const byClient = new Map<number, Struct[]>();
	for (const s of structs) {
		let list = byClient.get(s.id.client);
		if (!list) byClient.set(s.id.client, (list = []));
		list.push(s);
	}
	encoding.writeVarUint(encoder.restEncoder, byClient.size);
	for (const [client, list] of [...byClient.entries()].sort((a, b) => b[0] - a[0])) {
		encoding.writeVarUint(encoder.restEncoder, list.length);
		encoder.writeClient(client);
		encoding.writeVarUint(encoder.restEncoder, list[0].id.clock);
		for (const s of list) s.write(encoder as never, 0);
	}
	encoding.writeVarUint(encoder.restEncoder, ds.clients.size);
	for (const [client, items] of [...ds.clients.entries()].sort((a, b) => b[0] - a[0])) {
		encoder.resetDsCurVal();
		encoding.writeVarUint(encoder.restEncoder, client);
		encoding.writeVarUint(encoder.restEncoder, items.length);
		for (const item of items) {
			encoder.writeDsClock(item.clock);
			encoder.writeDsLen(item.len);
		}
	}
	return encoder.toUint8Array();
}
