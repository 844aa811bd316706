import * as Y from 'yjs';
import { MAX_JSON_DEPTH, MAX_TYPE_DEPTH, MAX_UPDATE_BYTES, type DocPolicy } from '../../docs/doc-policy.ts';

// Everything a writer's update would do to a live doc, checked before any of it is applied: Yjs
// applies an update without asking anyone, and some updates break the doc for good (a shared type
// nested thousands deep, then deleted: Yjs's delete and garbage collection recurse until the stack
// overflows, in the middle of a transaction). Yjs's own threat model says a peer that may write a
// doc may do anything to it; this is where "anything" gets its limits.

export type RefusalCode = 'size' | 'depth' | 'root' | 'text' | 'content' | 'pending';

/**
 * Characters no one types and spoofers use (NUL and other controls, zero-width characters, bidi
 * overrides and isolates, a BOM inside a text): forms and commands strip them (schemas.ts); a
 * writer's socket carrying them is refused. Left-to-right and right-to-left marks and soft hyphens,
 * which innocent pastes carry, pass.
 */
const HIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200B-\u200D\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/;

type DeleteSet = ReturnType<typeof Y.decodeUpdate>['ds'];
export type GuardVerdict = { ok: true; ds: DeleteSet } | { ok: false; code: RefusalCode; reason: string };

type Struct = Y.Item | Y.GC | Y.Skip;
/** Where an item sits: inside `root`, in a type nested `depth` levels below it (0: the root). */
type Place = { root: string; depth: number; key: object } | 'gc' | 'missing';

const refuse = (code: RefusalCode, reason: string): GuardVerdict => ({ ok: false, code, reason });

/** Depth of a JSON value, iteratively (a value may be nested far deeper than the stack). */
export function jsonDepthExceeds(value: unknown, max: number, maxString: number): 'depth' | 'string' | 'hidden' | null {
	const stack: [unknown, number][] = [[value, 0]];
	while (stack.length) {
		const [v, d] = stack.pop()!;
		if (typeof v === 'string') {
			if (v.length > maxString) return 'string';
			if (HIDDEN.test(v)) return 'hidden';
			continue;
		}
		if (v === null || typeof v !== 'object') continue;
		if (d + 1 > max) return 'depth';
		if (Array.isArray(v)) for (const x of v) stack.push([x, d + 1]);
		else if (v instanceof Uint8Array) continue;
		else for (const x of Object.values(v)) stack.push([x, d + 1]);
	}
	return null;
}

/** The struct of `structs` (one client's, in clock order) that holds `clock`, if any. */
export function findStruct(structs: Struct[] | undefined, clock: number): Struct | undefined {
	if (!structs || structs.length === 0) return undefined;
	let lo = 0;
	let hi = structs.length - 1;
	while (lo <= hi) {
		const mid = (lo + hi) >> 1;
		const s = structs[mid];
		if (clock < s.id.clock) hi = mid - 1;
		else if (clock >= s.id.clock + s.length) lo = mid + 1;
		else return s;
	}
	return undefined;
}

/** Where a type of the live doc sits. */
function placeOfType(doc: Y.Doc, type: Y.AbstractType<unknown>, cache: Map<object, Place>): Place {
	const hit = cache.get(type);
	if (hit) return hit;
	let depth = 0;
	let t: Y.AbstractType<unknown> = type;
	for (;;) {
		const item = t._item;
		if (item === null) break;
		if (item.deleted && item.content.constructor === Y.ContentDeleted) return 'gc';
		depth++;
		t = item.parent as Y.AbstractType<unknown>;
		if (!t || typeof t !== 'object') return 'gc';
	}
	let root: string | undefined;
	for (const [name, shared] of doc.share) if (shared === t) root = name;
	const place: Place = root === undefined ? 'gc' : { root, depth, key: type };
	cache.set(type, place);
	return place;
}

/** Where an existing struct of the live doc sits (its parent type's place). */
function placeOfDocStruct(doc: Y.Doc, id: Y.ID, cache: Map<object, Place>): { struct: Struct; place: Place } | 'missing' {
	const structs = doc.store.clients.get(id.client) as Struct[] | undefined;
	const s = findStruct(structs, id.clock);
	if (!s) return 'missing';
	if (!(s instanceof Y.Item)) return { struct: s, place: 'gc' };
	const parent = s.parent;
	if (!parent || typeof parent !== 'object' || !('_item' in parent)) return { struct: s, place: 'gc' };
	return { struct: s, place: placeOfType(doc, parent as Y.AbstractType<unknown>, cache) };
}

/**
 * Checks a writer's update against the doc's policy and its current state, without applying it.
 * `docBytes` is the doc's estimated size before the update.
 */
export function checkUpdate(doc: Y.Doc, update: Uint8Array, policy: DocPolicy, docBytes: number): GuardVerdict {
	if (update.length > MAX_UPDATE_BYTES) return refuse('size', `update of ${update.length} bytes (max ${MAX_UPDATE_BYTES})`);
	if (docBytes + update.length > policy.maxDocBytes) return refuse('size', `doc would reach ${docBytes + update.length} bytes (max ${policy.maxDocBytes})`);
	// Parse it whole first (it throws on anything malformed, and on JSON nested past the stack).
	const decoded = Y.decodeUpdate(update);
	const structs = decoded.structs as Struct[];
	const ds = decoded.ds as unknown as { clients: Map<number, { clock: number; len: number }[]> };

	const byClient = new Map<number, Struct[]>();
	for (const s of structs) {
		let list = byClient.get(s.id.client);
		if (!list) byClient.set(s.id.client, (list = []));
		list.push(s);
	}
	const typeCache = new Map<object, Place>();
	const itemPlace = new Map<Struct, Place>();
	const writable = new Set(policy.writableRoots);
	const rootKeys = new Map<string, object>();
	const rootKey = (name: string): object => {
		let key = rootKeys.get(name);
		if (!key) rootKeys.set(name, (key = doc.share.get(name) ?? { root: name }));
		return key;
	};

	/** The place of the type an update item creates (its content is a shared type). */
	const placeOfNewType = (item: Y.Item): Place => {
		const p = placeOf(item);
		if (typeof p !== 'object') return p;
		return { root: p.root, depth: p.depth + 1, key: item };
	};
	/** The place of a struct found by id: in the update, else in the doc. */
	const neighbourPlace = (id: Y.ID): Place => {
		const s = findStruct(byClient.get(id.client), id.clock);
		if (s) return s instanceof Y.Item ? placeOf(s) : 'gc';
		const found = placeOfDocStruct(doc, id, typeCache);
		return found === 'missing' ? 'missing' : found.place;
	};
	// Where an update item goes: its parent is named (a root, or a type's id), or it is the one of
	// its left (else right) neighbour, which may itself be in this update: followed iteratively,
	// since one update can carry a chain of thousands of items.
	const placeOf = (item: Y.Item): Place => {
		const chain: Y.Item[] = [];
		const inChain = new Set<Y.Item>();
		let cur: Y.Item = item;
		let place: Place | undefined;
		for (;;) {
			const known = itemPlace.get(cur);
			if (known) {
				place = known;
				break;
			}
			const parent = cur.parent as unknown;
			if (typeof parent === 'string') {
				place = { root: parent, depth: 0, key: rootKey(parent) };
				break;
			}
			if (parent && typeof parent === 'object' && 'client' in parent) {
				const id = parent as Y.ID;
				const s = findStruct(byClient.get(id.client), id.clock);
				if (s) {
					place = s instanceof Y.Item && s.content instanceof Y.ContentType ? placeOfNewType(s) : 'gc';
				} else {
					const found = placeOfDocStruct(doc, id, typeCache);
					if (found === 'missing') place = 'missing';
					else if (found.struct instanceof Y.Item && found.struct.content instanceof Y.ContentType) {
						place = placeOfType(doc, (found.struct.content as Y.ContentType).type as Y.AbstractType<unknown>, typeCache);
					} else place = 'gc';
				}
				break;
			}
			// No parent written: the neighbour's. Yjs garbage-collects an item next to a collected one.
			const neighbour = cur.origin ?? cur.rightOrigin;
			if (!neighbour) {
				place = 'gc';
				break;
			}
			const inUpdate = findStruct(byClient.get(neighbour.client), neighbour.clock);
			if (inUpdate instanceof Y.Item && !itemPlace.has(inUpdate) && inUpdate !== cur && !inChain.has(inUpdate)) {
				chain.push(cur);
				inChain.add(cur);
				cur = inUpdate;
				continue;
			}
			place = inUpdate ? (inUpdate instanceof Y.Item ? (itemPlace.get(inUpdate) ?? 'gc') : 'gc') : neighbourPlace(neighbour);
			break;
		}
		itemPlace.set(cur, place);
		for (const c of chain) itemPlace.set(c, place);
		return place;
	};

	const textAdded = new Map<object, { length: number; existing: Y.AbstractType<unknown> | null }>();
	for (const s of structs) {
		if (!(s instanceof Y.Item)) continue;
		const content = s.content;
		if (content instanceof Y.ContentDoc || content instanceof Y.ContentBinary) return refuse('content', 'sub-documents and binary values are not used');
		const place = placeOf(s);
		if (place === 'missing') return refuse('pending', 'the update depends on changes the server does not have');
		if (place === 'gc') continue;
		if (!writable.has(place.root)) return refuse('root', `"${place.root}" is written by the server only`);
		if (content instanceof Y.ContentType) {
			if (place.depth + 1 > MAX_TYPE_DEPTH) return refuse('depth', `shared types nested deeper than ${MAX_TYPE_DEPTH}`);
		} else if (content instanceof Y.ContentString) {
			const key = place.key;
			let entry = textAdded.get(key);
			if (!entry) {
				const existing = key instanceof Y.AbstractType ? (key as Y.AbstractType<unknown>) : null;
				textAdded.set(key, (entry = { length: 0, existing }));
			}
			entry.length += content.str.length;
			if (HIDDEN.test(content.str)) return refuse('text', 'a text with hidden characters (controls, zero-width, bidi overrides)');
		} else {
			const values: unknown[] =
				content instanceof Y.ContentAny || content instanceof Y.ContentJSON
					? content.arr
					: content instanceof Y.ContentEmbed
						? [content.embed]
						: content instanceof Y.ContentFormat
							? [content.value]
							: [];
			const maxString = s.parentSub !== null ? (policy.maxStringByKey[s.parentSub] ?? policy.maxStringValue) : policy.maxStringValue;
			for (const value of values) {
				const bad = jsonDepthExceeds(value, MAX_JSON_DEPTH, maxString);
				if (bad === 'depth') return refuse('depth', `a value nested deeper than ${MAX_JSON_DEPTH}`);
				if (bad === 'string') return refuse('text', `a value longer than ${maxString} characters`);
				if (bad === 'hidden') return refuse('text', 'a value with hidden characters (controls, zero-width, bidi overrides)');
			}
		}
	}
	for (const { length, existing } of textAdded.values()) {
		const total = length + ((existing as { length?: number } | null)?.length ?? 0);
		if (total > policy.maxTextLength) return refuse('text', `a text of ${total} characters (max ${policy.maxTextLength})`);
	}

	// Deletions: only inside what the writer may change.
	for (const [client, ranges] of ds.clients) {
		const docStructs = doc.store.clients.get(client) as Struct[] | undefined;
		for (const { clock, len } of ranges) {
			if (docStructs) {
				let i = firstIndexFrom(docStructs, clock);
				for (; i < docStructs.length && docStructs[i].id.clock < clock + len; i++) {
					const s = docStructs[i];
					if (!(s instanceof Y.Item) || s.deleted) continue;
					const parent = s.parent as unknown;
					if (!parent || typeof parent !== 'object' || !('_item' in parent)) continue;
					const place = placeOfType(doc, parent as Y.AbstractType<unknown>, typeCache);
					if (typeof place === 'object' && !writable.has(place.root)) return refuse('root', `"${place.root}" is written by the server only`);
				}
			}
		}
	}
	return { ok: true, ds: decoded.ds };
}

/** Index of the first struct that ends after `clock`. */
function firstIndexFrom(structs: Struct[], clock: number): number {
	let lo = 0;
	let hi = structs.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		const s = structs[mid];
		if (s.id.clock + s.length <= clock) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}
