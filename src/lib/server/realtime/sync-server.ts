import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { DocStore } from './doc-store.ts';
import { Throttle } from './throttle.ts';
import type { DocAccess } from './access.ts';

// The y-websocket protocol, served with authorisation, read-only roles and durable storage.
// Message types (first varuint): 0 sync (0 step1, 1 step2, 2 update), 1 awareness, 3 query awareness.
const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_QUERY_AWARENESS = 3;
const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;
const SYNC_UPDATE = 2;

/** Close codes: y-websocket does not reconnect after codes 4400-4499. */
export const CLOSE = {
	protocolError: 4400,
	unauthenticated: 4401,
	forbidden: 4403,
	goingAway: 1001,
	tooBig: 1009
} as const;

export const MAX_MESSAGE_BYTES = 1024 * 1024;
/** Awareness changes of a room are sent out at most this often, all changed states in one message. */
export const AWARENESS_TICK_MS = 100;
/** Doc updates of a room are batched over this long before being sent out... */
export const UPDATE_TICK_MS = 15;
/**
 * ...or longer in a crowded room: each flush costs one send (a syscall, and on loopback the
 * receiver's TCP work too) per socket, about 15 µs, so a flush every 15 ms to 200 sockets is 13,000
 * sends a second, a quarter of a core. The tick grows with the room so that a room sends at most
 * about SENDS_PER_SECOND_BUDGET messages a second, up to MAX_UPDATE_TICK_MS (latency stays bounded).
 * 10,000 (20 ms at 200 sockets) since participants' commands skip SvelteKit: the CPU this frees
 * goes to latency.
 */
export const SENDS_PER_SECOND_BUDGET = 10000;
export const MAX_UPDATE_TICK_MS = 40;

/** The batching delay of a room with `sockets` connections. */
export function updateTickMs(sockets: number): number {
	return Math.min(MAX_UPDATE_TICK_MS, Math.max(UPDATE_TICK_MS, Math.round((sockets * 1000) / SENDS_PER_SECOND_BUDGET)));
}

export interface SyncServerOptions {
	/** Resolves who asks for which doc; runs before the upgrade. */
	authorize: (req: IncomingMessage, docName: string) => Promise<{ ok: true; access: DocAccess } | { ok: false; status: number; message: string }>;
	/** Allowed values of the Origin header for this request (same origin by default). */
	allowedOrigin?: (req: IncomingMessage) => string[];
	pingIntervalMs?: number;
	log?: (message: string) => void;
	/**
	 * Called before a writer's update is applied, with its decoded delete set (e.g. to read the notes
	 * it removes while their text is there); the function it returns runs once the update is in.
	 */
	beforeWrite?: (access: DocAccess, doc: Y.Doc, ds: ReturnType<typeof Y.decodeUpdate>['ds']) => (() => void) | undefined;
}

export interface ConnectionStats {
	refusedWrites: number;
	awarenessIn: number;
	awarenessDropped: number;
	messagesIn: number;
}

class Connection {
	readonly owned = new Set<number>();
	alive = true;
	readonly stats: ConnectionStats = { refusedWrites: 0, awarenessIn: 0, awarenessDropped: 0, messagesIn: 0 };
	constructor(
		readonly ws: WebSocket,
		readonly access: DocAccess,
		readonly room: Room
	) {}
	/** The transaction origin of this connection's updates: names the author in the log. */
	get userId() {
		return this.access.userId;
	}
	get participantId() {
		return this.access.participantId;
	}
	send(message: Uint8Array) {
		if (this.ws.readyState === WebSocket.OPEN) this.ws.send(message);
	}
}

class Room {
	readonly conns = new Set<Connection>();
	readonly awareness: awarenessProtocol.Awareness;
	readonly doc: Y.Doc;
	#pending = new Set<number>();
	readonly #awarenessThrottle = new Throttle(
		() => AWARENESS_TICK_MS,
		() => this.#flushAwareness()
	);

	constructor(
		readonly name: string,
		readonly store: DocStore
	) {
		this.doc = store.acquire(name, this.#onUpdate);
		this.awareness = new awarenessProtocol.Awareness(this.doc);
		this.awareness.setLocalState(null);
		this.awareness.on('update', this.#onAwareness);
	}

	// Doc updates are sent out in batches: every update is already durable when it arrives here, and
	// sending each one to each socket at once costs one syscall per socket per update (45,000/s at
	// 200 clients and 225 writes/s). At most one send per socket per tick: a change on a quiet room
	// goes out on the next timer turn, later ones of the same tick are merged and sent at its end;
	// a socket gets the merge of everyone else's updates (its own are left out when it sent them all).
	#batch: { update: Uint8Array; origin: unknown }[] = [];
	readonly #updateThrottle = new Throttle(
		() => updateTickMs(this.conns.size),
		() => this.#flushUpdates()
	);
	/** Step 2 for joiners with an empty doc: encoded once per doc version. */
	#joinMessage: Uint8Array | null = null;

	#onUpdate = (update: Uint8Array, origin: unknown) => {
		this.#joinMessage = null;
		this.#batch.push({ update, origin });
		this.#updateThrottle.request();
	};

	/** Sends the pending updates now (before a socket leaves or the room closes). */
	flushUpdates() {
		this.#updateThrottle.runNow();
	}

	#flushUpdates() {
		const batch = this.#batch;
		this.#batch = [];
		if (batch.length === 0) return;
		const message = (updates: Uint8Array[]) => {
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, MESSAGE_SYNC);
			encoding.writeVarUint(encoder, SYNC_UPDATE);
			encoding.writeVarUint8Array(encoder, updates.length === 1 ? updates[0] : Y.mergeUpdates(updates));
			return encoding.toUint8Array(encoder);
		};
		const all = message(batch.map((b) => b.update));
		const origins = new Set(batch.map((b) => b.origin));
		for (const c of this.conns) {
			if (!origins.has(c)) c.send(all);
			else {
				// This socket sent part of the batch: it gets the others' part only.
				const others = batch.filter((b) => b.origin !== c).map((b) => b.update);
				if (others.length) c.send(message(others));
			}
		}
	}

	joinMessage(): Uint8Array {
		if (!this.#joinMessage) {
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, MESSAGE_SYNC);
			encoding.writeVarUint(encoder, SYNC_STEP2);
			encoding.writeVarUint8Array(encoder, this.store.fullState(this.name));
			this.#joinMessage = encoding.toUint8Array(encoder);
		}
		return this.#joinMessage;
	}

	#onAwareness = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
		for (const id of added) this.#pending.add(id);
		for (const id of updated) this.#pending.add(id);
		for (const id of removed) this.#pending.add(id);
		if (this.#pending.size > 0) this.#awarenessThrottle.request();
	};

	#flushAwareness() {
		if (this.#pending.size === 0) return;
		const ids = [...this.#pending];
		this.#pending.clear();
		const message = awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids));
		for (const c of this.conns) c.send(message);
	}

	/** The client ids some other connection of this room owns. */
	/** Which connection speaks for each awareness client id (one lookup, not a scan of the room). */
	readonly owners = new Map<number, Connection>();

	ownedElsewhere(id: number, conn: Connection): boolean {
		const owner = this.owners.get(id);
		return owner !== undefined && owner !== conn;
	}

	destroy() {
		this.flushUpdates();
		this.#awarenessThrottle.cancel();
		this.awareness.off('update', this.#onAwareness);
		this.awareness.destroy();
		this.store.release(this.name, this.#onUpdate);
	}
}

const textDecoder = new TextDecoder();

function awarenessMessage(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
	encoding.writeVarUint8Array(encoder, update);
	return encoding.toUint8Array(encoder);
}

function toBytes(data: RawData): Uint8Array {
	if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
	if (data instanceof ArrayBuffer) return new Uint8Array(data);
	return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

export class SyncServer {
	readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: false });
	readonly rooms = new Map<string, Room>();
	readonly totals = { refusedWrites: 0, awarenessIn: 0, awarenessDropped: 0, protocolErrors: 0, upgradesRefused: 0 };
	#ping: ReturnType<typeof setInterval>;

	constructor(
		readonly store: DocStore,
		private readonly options: SyncServerOptions
	) {
		this.#ping = setInterval(() => this.#heartbeat(), options.pingIntervalMs ?? 30_000);
		this.#ping.unref?.();
	}

	#log(message: string) {
		(this.options.log ?? console.warn)(`[sync] ${message}`);
	}

	/** Authorises, then upgrades; answers 400/401/403/404 without upgrading otherwise. */
	handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
		socket.on('error', () => socket.destroy());
		const url = new URL(req.url ?? '/', 'http://localhost');
		let docName: string;
		try {
			docName = decodeURIComponent(url.pathname.replace(/^\/sync\//, ''));
		} catch {
			return this.#refuse(socket, 400, 'Bad Request');
		}
		const origin = req.headers.origin;
		const allowed = this.options.allowedOrigin?.(req) ?? sameOrigin(req);
		if (!origin || !allowed.includes(origin)) return this.#refuse(socket, 403, 'Forbidden');
		this.options
			.authorize(req, docName)
			.then((result) => {
				if (!result.ok) return this.#refuse(socket, result.status, result.message);
				this.wss.handleUpgrade(req, socket, head, (ws) => this.#onConnection(ws, result.access));
			})
			.catch((e) => {
				this.#log(`authorisation failed: ${e}`);
				this.#refuse(socket, 500, 'Internal Server Error');
			});
	}

	#refuse(socket: Duplex, status: number, message: string) {
		this.totals.upgradesRefused++;
		const body = Buffer.from(message, 'utf8');
		socket.end(
			`HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : status === 404 ? 'Not Found' : 'Error'}\r\n` +
				`Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${message}`
		);
	}

	#room(name: string): Room {
		let room = this.rooms.get(name);
		if (!room) this.rooms.set(name, (room = new Room(name, this.store)));
		return room;
	}

	#onConnection(ws: WebSocket, access: DocAccess) {
		const room = this.#room(access.docName);
		const conn = new Connection(ws, access, room);
		room.conns.add(conn);
		ws.binaryType = 'nodebuffer';
		ws.on('pong', () => (conn.alive = true));
		ws.on('message', (data) => this.#onMessage(conn, toBytes(data)));
		ws.on('close', () => this.#onClose(conn));
		ws.on('error', (e) => this.#log(`socket error on ${access.docName}: ${e.message}`));

		// The doc is loaded (synchronously) before this first message: the client's first sync
		// answer always carries the full content.
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MESSAGE_SYNC);
		encoding.writeVarUint(encoder, SYNC_STEP1);
		encoding.writeVarUint8Array(encoder, Y.encodeStateVector(room.doc));
		conn.send(encoding.toUint8Array(encoder));
		if (room.awareness.getStates().size > 0) {
			conn.send(awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(room.awareness, [...room.awareness.getStates().keys()])));
		}
	}

	#onMessage(conn: Connection, data: Uint8Array) {
		conn.stats.messagesIn++;
		try {
			const decoder = decoding.createDecoder(data);
			const type = decoding.readVarUint(decoder);
			if (type === MESSAGE_SYNC) this.#onSync(conn, decoder);
			else if (type === MESSAGE_AWARENESS) this.#onAwareness(conn, decoding.readVarUint8Array(decoder));
			else if (type === MESSAGE_QUERY_AWARENESS) {
				const states = conn.room.awareness.getStates();
				conn.send(awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(conn.room.awareness, [...states.keys()])));
			} else throw new Error(`unknown message type ${type}`);
		} catch (e) {
			this.totals.protocolErrors++;
			this.#log(`malformed message from ${conn.access.userId ? `user ${conn.access.userId}` : `participant ${conn.access.participantId}`} on ${conn.access.docName}: ${(e as Error).message}`);
			conn.ws.close(CLOSE.protocolError, 'Message invalide');
		}
	}

	#onSync(conn: Connection, decoder: decoding.Decoder) {
		const sub = decoding.readVarUint(decoder);
		const room = conn.room;
		if (sub === SYNC_STEP1) {
			const stateVector = decoding.readVarUint8Array(decoder);
			// An empty state vector (a new joiner) gets the shared message, encoded once per change.
			if (stateVector.length <= 1) {
				conn.send(room.joinMessage());
				return;
			}
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, MESSAGE_SYNC);
			encoding.writeVarUint(encoder, SYNC_STEP2);
			encoding.writeVarUint8Array(encoder, Y.encodeStateAsUpdate(room.doc, stateVector));
			conn.send(encoding.toUint8Array(encoder));
		} else if (sub === SYNC_STEP2 || sub === SYNC_UPDATE) {
			const update = decoding.readVarUint8Array(decoder);
			if (conn.access.mode !== 'write') {
				// Read-only: refused and counted; the connection stays usable.
				if (!isEmptyUpdate(update)) {
					conn.stats.refusedWrites++;
					this.totals.refusedWrites++;
				}
				return;
			}
			// Parse it whole first: Yjs would integrate the start of a truncated update before failing,
			// and what it integrated would be stored and broadcast.
			const { ds } = Y.decodeUpdate(update);
			const after = this.#guarded(() => this.options.beforeWrite?.(conn.access, room.doc, ds), conn);
			Y.applyUpdate(room.doc, update, conn);
			if (after) this.#guarded(after, conn);
		} else {
			throw new Error(`unknown sync message ${sub}`);
		}
	}

	/** Runs a side task of a write (the journal): its failure is logged, never the writer's. */
	#guarded<T>(fn: () => T, conn: Connection): T | undefined {
		try {
			return fn();
		} catch (e) {
			this.#log(`beforeWrite on ${conn.access.docName}: ${(e as Error).message}`);
			return undefined;
		}
	}

	#onAwareness(conn: Connection, update: Uint8Array) {
		conn.stats.awarenessIn++;
		this.totals.awarenessIn++;
		const room = conn.room;
		// Keep only the entries of client ids this connection owns (claimed on first sight when
		// nobody else in the room owns them): the stock client echoes everyone else's states.
		const decoder = decoding.createDecoder(update);
		const count = decoding.readVarUint(decoder);
		const kept: { id: number; clock: number; state: string }[] = [];
		const states = room.awareness.getStates();
		for (let i = 0; i < count; i++) {
			const id = decoding.readVarUint(decoder);
			const clock = decoding.readVarUint(decoder);
			// The state stays bytes until it is kept: most entries are echoes and are dropped.
			const stateBytes = decoding.readVarUint8Array(decoder);
			// A connection speaks for one client id: the first one it announces with a state, that no
			// other connection owns. Everything else is the stock client's echo of other people's
			// states, including their removals (a null state never claims an id).
			const mine = conn.owned.has(id);
			if (!mine && (conn.owned.size > 0 || room.ownedElsewhere(id, conn) || states.has(id))) continue;
			const state = textDecoder.decode(stateBytes);
			if (!mine && state === 'null') continue;
			if (!mine) {
				conn.owned.add(id);
				room.owners.set(id, conn);
			}
			// Clocks. A client back after a blip keeps its clock, while its removal left clock + 1 here
			// and at every other client, who would ignore it: a changed state behind the room's clock
			// goes out as the room's clock + 1. The same state behind it is an echo: dropped (relaying
			// it would make the owner adopt the higher clock and send it back, forever).
			const roomClock = room.awareness.meta.get(id)?.clock ?? 0;
			if (clock > roomClock) kept.push({ id, clock, state });
			else if (state !== JSON.stringify(states.get(id) ?? null)) kept.push({ id, clock: roomClock + 1, state });
		}
		if (kept.length < count) {
			conn.stats.awarenessDropped += count - kept.length;
			this.totals.awarenessDropped += count - kept.length;
		}
		if (kept.length === 0) return;
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, kept.length);
		for (const k of kept) {
			encoding.writeVarUint(encoder, k.id);
			encoding.writeVarUint(encoder, k.clock);
			encoding.writeVarString(encoder, k.state);
		}
		awarenessProtocol.applyAwarenessUpdate(room.awareness, encoding.toUint8Array(encoder), conn);
	}

	#onClose(conn: Connection) {
		const room = conn.room;
		room.conns.delete(conn);
		for (const id of conn.owned) if (room.owners.get(id) === conn) room.owners.delete(id);
		if (conn.owned.size) awarenessProtocol.removeAwarenessStates(room.awareness, [...conn.owned], conn);
		if (room.conns.size === 0) {
			room.destroy();
			this.rooms.delete(room.name);
		}
	}

	#heartbeat() {
		for (const room of this.rooms.values()) {
			for (const c of room.conns) {
				if (!c.alive) {
					c.ws.terminate();
					continue;
				}
				c.alive = false;
				c.ws.ping();
			}
		}
	}

	/** Every live connection (for revocation checks). */
	*connections(): Iterable<{ access: DocAccess; close: (code: number, reason: string) => void }> {
		for (const room of this.rooms.values()) {
			for (const c of room.conns) yield { access: c.access, close: (code, reason) => c.ws.close(code, reason) };
		}
	}

	/** Closes the connections whose access matches (logout, removal from a project, closed workshop). */
	closeWhere(match: (a: DocAccess) => boolean, code: number, reason: string): number {
		let n = 0;
		for (const c of this.connections()) {
			if (match(c.access)) {
				c.close(code, reason);
				n++;
			}
		}
		return n;
	}

	connectionCount(): number {
		let n = 0;
		for (const room of this.rooms.values()) n += room.conns.size;
		return n;
	}

	async close(): Promise<void> {
		clearInterval(this.#ping);
		for (const c of this.connections()) c.close(CLOSE.goingAway, 'Arrêt du serveur');
		await new Promise<void>((resolve) => this.wss.close(() => resolve()));
	}
}

/** An update that carries nothing (what a read-only client with an empty doc sends in step 2). */
function isEmptyUpdate(update: Uint8Array): boolean {
	return update.length === 2 && update[0] === 0 && update[1] === 0;
}

function sameOrigin(req: IncomingMessage): string[] {
	const host = req.headers.host;
	if (!host) return [];
	const configured = process.env.ORIGIN ? [process.env.ORIGIN.replace(/\/$/, '')] : [];
	return [...configured, `http://${host}`, `https://${host}`];
}
