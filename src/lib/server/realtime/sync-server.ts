import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { DocStore, REMOTE_ORIGIN, StoreUnavailableError } from './doc-store.ts';
import type { Broadcast, BroadcastMessage } from '../ports/broadcast.ts';

/** Origin of presence states received from another holder: not published again. */
const REMOTE = Symbol('remote presence');
import { Throttle } from './throttle.ts';
import type { DocAccess } from './access.ts';
import { checkUpdate } from './update-guard.ts';
import { DOC_POLICIES } from '../../docs/doc-policy.ts';
import { parseDocName } from '../../docs/doc-names.ts';
import { LogLimiter } from './log-limiter.ts';

// The y-websocket protocol, served with authorisation, read-only roles and durable storage.
// Message types (first varuint): 0 sync (0 step1, 1 step2, 2 update), 1 awareness, 3 query awareness.
const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_QUERY_AWARENESS = 3;
const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;
const SYNC_UPDATE = 2;

/**
 * Close codes. y-websocket does not reconnect after codes 4400-4499: those are for what the client
 * did (a message it must not send again); a fault of the server closes with a code it reconnects
 * after (1011, 1013), and an update that needs a fresh sync with 1008.
 */
export const CLOSE = {
	protocolError: 4400,
	unauthenticated: 4401,
	forbidden: 4403,
	tooBig: 4413,
	goingAway: 1001,
	resync: 1008,
	internalError: 1011,
	tryAgainLater: 1013
} as const;

export const MAX_MESSAGE_BYTES = 1024 * 1024;
/** One awareness state (a name, a colour, a cursor, the field being edited: ~150 bytes). */
export const MAX_AWARENESS_STATE_BYTES = 4096;
/** Awareness messages a connection may send per second on average (burst: twice that). */
export const AWARENESS_RATE_PER_S = 30;
/** A connection asks for everyone's presence at most this often; more is ignored. */
export const QUERY_AWARENESS_INTERVAL_MS = 1000;
/** A socket whose unsent data passes this (a reader that does not read) is closed. */
export const MAX_SEND_BUFFER_BYTES = 8 * 1024 * 1024;
/** Past this, a socket gets no presence until it has drained: document updates go first. */
export const SOFT_SEND_BUFFER_BYTES = 512 * 1024;
/** A presence id freed by a closed connection is kept for its session this long. */
export const FREED_ID_HOLD_MS = 10 * 60_000;
const MAX_FREED_IDS = 10_000;
/** Awareness changes of a room are sent out at most this often, all changed states in one message. */
export const AWARENESS_TICK_MS = 100;
/**
 * Presence is O(N²): each of N sockets gets every other one's cursor. At 10 Hz and ~200 bytes a
 * state, 500 writers would send each socket 1 MB/s of cursors (500 MB/s for the room), which starves
 * the notes themselves. So a room's presence tick grows until each socket gets at most this much
 * presence a second: cursors move at 10 Hz in a room of 30, about twice a second at 200, once a
 * second at 500 (MAX_AWARENESS_TICK_MS). Document updates never wait on it.
 */
export const PRESENCE_BYTES_PER_SECOND = 64 * 1024;
export const MAX_AWARENESS_TICK_MS = 1000;

/** The presence tick of a room whose last presence message was `messageBytes` long. */
export function awarenessTickMs(messageBytes: number): number {
	return Math.min(MAX_AWARENESS_TICK_MS, Math.max(AWARENESS_TICK_MS, Math.round((messageBytes * 1000) / PRESENCE_BYTES_PER_SECOND)));
}
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
	/** The clock (ms): freed presence ids, rate limits. */
	now?: () => number;
	/** The other holders of the same docs (other processes); none by default. */
	broadcast?: Broadcast;
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
	/** Closed (or closing) by the server: nothing it sends is read or logged any more. */
	closed = false;
	/** Missed presence updates while its buffer was full: gets everyone's states once drained. */
	awarenessBehind = false;
	lastQueryAt = -Infinity;
	awarenessTokens = AWARENESS_RATE_PER_S * 2;
	awarenessRefilledAt = 0;
	readonly stats: ConnectionStats = { refusedWrites: 0, awarenessIn: 0, awarenessDropped: 0, messagesIn: 0 };
	constructor(
		readonly ws: WebSocket,
		readonly access: DocAccess,
		public room: Room,
		private readonly onOverflow: (conn: Connection) => void
	) {}
	/** The transaction origin of this connection's updates: names the author in the log. */
	get userId() {
		return this.access.userId;
	}
	get participantId() {
		return this.access.participantId;
	}
	/** Sends a document message; closes a socket whose unsent data passed the bound. */
	send(message: Uint8Array) {
		if (this.ws.readyState !== WebSocket.OPEN) return;
		if (this.ws.bufferedAmount + message.length > MAX_SEND_BUFFER_BYTES) return this.onOverflow(this);
		this.ws.send(message);
	}
	/** Presence is the first thing to drop for a socket that is behind. */
	sendAwareness(message: Uint8Array): boolean {
		if (this.ws.readyState !== WebSocket.OPEN) return false;
		if (this.ws.bufferedAmount > SOFT_SEND_BUFFER_BYTES) {
			this.awarenessBehind = true;
			return false;
		}
		this.ws.send(message);
		return true;
	}
	/** Token bucket: false when this connection sends presence faster than anyone moves a mouse. */
	takeAwarenessToken(now: number): boolean {
		const elapsed = Math.max(0, now - this.awarenessRefilledAt) / 1000;
		this.awarenessRefilledAt = now;
		this.awarenessTokens = Math.min(AWARENESS_RATE_PER_S * 2, this.awarenessTokens + elapsed * AWARENESS_RATE_PER_S);
		if (this.awarenessTokens < 1) return false;
		this.awarenessTokens -= 1;
		return true;
	}
	/** Who this is, for the log. */
	get principal(): string {
		const a = this.access;
		if (a.userId !== null) return `user ${a.userId}`;
		if (a.participantId !== null) return `participant ${a.participantId}`;
		if (a.inviteId !== undefined) return `co-writer (invite ${a.inviteId})`;
		return 'unknown';
	}
}

class Room {
	readonly conns = new Set<Connection>();
	/**
	 * Presence lives on a doc of its own (it only needs a client id): the room's doc is replaced
	 * when the store reloads it after a failure, and presence must not go with it.
	 */
	readonly awareness = new awarenessProtocol.Awareness(new Y.Doc());
	doc: Y.Doc;
	#pending = new Set<number>();
	/** Everyone's presence in one message, encoded once per change (joiners, queries, catch-up). */
	#allAwareness: Uint8Array | null = null;
	/** Size of the last presence message sent to the room: sets the next tick (see PRESENCE_BYTES_PER_SECOND). */
	#lastAwarenessBytes = 0;
	readonly #awarenessThrottle = new Throttle(
		() => awarenessTickMs(this.#lastAwarenessBytes),
		() => this.#flushAwareness()
	);
	/** Which connection speaks for each awareness client id (one lookup, not a scan of the room). */
	readonly owners = new Map<number, Connection>();
	/** Ids freed by closed connections: only the same session may take them back, for a while. */
	readonly freed = new Map<number, { sessionId: string; until: number }>();

	/** Stops listening to the other holders of this doc (the Broadcast port). */
	#unsubscribe: Promise<() => Promise<void>> | null = null;

	constructor(
		readonly name: string,
		readonly store: DocStore,
		private readonly onUnavailable: (room: Room) => void,
		private readonly broadcast: Broadcast | null = null,
		private readonly onBroadcastError: (e: unknown) => void = () => {}
	) {
		this.doc = store.acquire(name, this.#onUpdate, this.#onReset);
		this.awareness.setLocalState(null);
		this.awareness.on('update', this.#onAwareness);
		if (broadcast) {
			this.#unsubscribe = broadcast.subscribe(name, this.#onRemote);
			// Loaded before the subscription was in place: catch up with what others stored meanwhile.
			this.#unsubscribe.then(() => store.catchUp(name)).catch(onBroadcastError);
		}
	}

	/** Another holder's message: its updates are durable already (applied, not stored again). */
	#onRemote = (m: BroadcastMessage) => {
		try {
			if (m.kind === 'update') this.store.applyRemote(this.name, m.payload);
			else awarenessProtocol.applyAwarenessUpdate(this.awareness, m.payload, REMOTE);
		} catch (e) {
			this.onBroadcastError(e);
		}
	};

	#publish(kind: 'update' | 'awareness', payload: Uint8Array) {
		this.broadcast?.publish(this.name, kind, payload).catch(this.onBroadcastError);
	}

	// Doc updates are sent out in batches: every update is already durable when it arrives here, and
	// sending each one to each socket at once costs one syscall per socket per update (45,000/s at
	// 200 clients and 225 writes/s). At most one send per socket per tick: a change on a quiet room
	// goes out on the next timer turn, later ones of the same tick are merged and sent at its end.
	// One merge per flush, whatever the number of writers: a writer gets its own updates back with
	// the others' (Yjs ignores what it has; it costs bytes, not a merge per writer).
	#batch: Uint8Array[] = [];
	readonly #updateThrottle = new Throttle(
		() => updateTickMs(this.conns.size),
		() => this.#flushUpdates()
	);
	/** Step 2 for joiners with an empty doc: encoded once per doc version. */
	#joinMessage: Uint8Array | null = null;

	#onUpdate = (update: Uint8Array, origin: unknown) => {
		// Stored here (durable: listeners run after the append): the other holders get it too.
		if (origin !== REMOTE_ORIGIN) this.#publish('update', update);
		this.#joinMessage = null;
		this.#batch.push(update);
		this.#updateThrottle.request();
	};

	/** The store dropped the live doc after a failure and loaded it again (or could not). */
	#onReset = (doc: Y.Doc | null, _cause?: unknown, pendingLost?: boolean) => {
		// What is batched was stored before the failure: it still goes out.
		this.flushUpdates();
		this.#joinMessage = null;
		if (doc) this.doc = doc;
		// Updates applied but not yet durable were dropped (a log answering later): their writers
		// resend them when they reconnect (sync step 2), so everyone reconnects.
		if (!doc || pendingLost) this.onUnavailable(this);
	};

	/** Sends the pending updates now (before a socket leaves or the room closes). */
	flushUpdates() {
		this.#updateThrottle.runNow();
	}

	#flushUpdates() {
		const batch = this.#batch;
		this.#batch = [];
		if (batch.length === 0) return;
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MESSAGE_SYNC);
		encoding.writeVarUint(encoder, SYNC_UPDATE);
		encoding.writeVarUint8Array(encoder, batch.length === 1 ? batch[0] : Y.mergeUpdates(batch));
		const message = encoding.toUint8Array(encoder);
		for (const c of this.conns) c.send(message);
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

	/** Everyone's presence, encoded once per change; null when nobody has a state. */
	allAwareness(): Uint8Array | null {
		const states = this.awareness.getStates();
		if (states.size === 0) return null;
		this.#allAwareness ??= awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...states.keys()]));
		return this.#allAwareness;
	}

	#onAwareness = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
		this.#allAwareness = null;
		if (origin !== REMOTE && this.broadcast) {
			const ids = [...added, ...updated, ...removed];
			if (ids.length) this.#publish('awareness', awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids));
		}
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
		this.#lastAwarenessBytes = message.byteLength;
		for (const c of this.conns) {
			if (c.awarenessBehind) {
				// It missed some: everyone's current state, once it can take it.
				const all = this.allAwareness();
				if (all && c.sendAwareness(all)) c.awarenessBehind = false;
			} else c.sendAwareness(message);
		}
	}

	ownedElsewhere(id: number, conn: Connection): boolean {
		const owner = this.owners.get(id);
		return owner !== undefined && owner !== conn;
	}

	/** May `conn` take presence id `id`? Not one another session freed a moment ago. */
	mayClaim(id: number, conn: Connection, now: number): boolean {
		const f = this.freed.get(id);
		if (!f) return true;
		if (f.until <= now) {
			this.freed.delete(id);
			return true;
		}
		return f.sessionId === conn.access.sessionId;
	}

	free(conn: Connection, now: number) {
		for (const [id, f] of this.freed) if (f.until <= now) this.freed.delete(id);
		for (const id of conn.owned) {
			if (this.freed.size >= MAX_FREED_IDS) break;
			this.freed.set(id, { sessionId: conn.access.sessionId, until: now + FREED_ID_HOLD_MS });
		}
	}

	destroy() {
		this.flushUpdates();
		this.#awarenessThrottle.cancel();
		this.awareness.off('update', this.#onAwareness);
		void this.#unsubscribe?.then((stop) => stop()).catch(this.onBroadcastError);
		this.awareness.destroy();
		this.store.release(this.name, this.#onUpdate, this.#onReset);
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

const COLOUR = /^#?[a-z0-9-]{1,24}$/i;

/**
 * A presence state as others will see it: the name, organisation and role come from the session,
 * whatever the client claims; the rest is kept only when it has the expected shape. Undefined: not
 * a state at all (refused).
 */
export function presenceState(raw: string, access: DocAccess): string | undefined {
	if (raw.length > MAX_AWARENESS_STATE_BYTES) return undefined;
	// Not JSON at all: no client sends that (the caller treats it as a malformed message).
	const value: unknown = JSON.parse(raw);
	if (value === null) return 'null';
	if (typeof value !== 'object' || Array.isArray(value)) return undefined;
	const v = value as Record<string, unknown>;
	const out: Record<string, unknown> = {};
	if (v.user !== undefined && v.user !== null) {
		const claimed = typeof v.user === 'object' ? (v.user as Record<string, unknown>) : {};
		const colour = typeof claimed.colour === 'string' && COLOUR.test(claimed.colour) ? claimed.colour : undefined;
		out.user = {
			name: access.displayName,
			...(access.organisation ? { organisation: access.organisation } : {}),
			role: access.presenceRole,
			...(colour ? { colour } : {})
		};
	}
	if (v.cursor === null) out.cursor = null;
	else if (v.cursor && typeof v.cursor === 'object') {
		const c = v.cursor as Record<string, unknown>;
		if (typeof c.x === 'number' && typeof c.y === 'number' && Number.isFinite(c.x) && Number.isFinite(c.y)) out.cursor = { x: c.x, y: c.y };
	}
	if (v.field === null || (typeof v.field === 'string' && v.field.length <= 100)) out.field = v.field;
	return JSON.stringify(out);
}

export class SyncServer {
	readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: false });
	readonly rooms = new Map<string, Room>();
	readonly totals = {
		refusedWrites: 0,
		refusedUpdates: 0,
		awarenessIn: 0,
		awarenessDropped: 0,
		protocolErrors: 0,
		upgradesRefused: 0,
		storeFailures: 0,
		overflowCloses: 0,
		queriesIgnored: 0
	};
	#ping: ReturnType<typeof setInterval>;
	readonly #logs: LogLimiter;

	constructor(
		readonly store: DocStore,
		private readonly options: SyncServerOptions
	) {
		this.#ping = setInterval(() => this.#heartbeat(), options.pingIntervalMs ?? 30_000);
		this.#ping.unref?.();
		this.#logs = new LogLimiter((line) => (this.options.log ?? console.warn)(`[sync] ${line}`), { now: () => this.#now() });
	}

	#now(): number {
		return this.options.now?.() ?? Date.now();
	}

	#log(message: string) {
		this.#logs.log(message);
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
				const upgrade = () => this.wss.handleUpgrade(req, socket, head, (ws) => this.#onConnection(ws, result.access));
				// A log that answers later (not SQLite's) loads the doc before the socket opens; a
				// failure is then seen by #onConnection as on SQLite (closed, to reconnect later).
				if (this.store.needsOpen) return this.store.open(result.access.docName).then(upgrade, upgrade);
				upgrade();
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
		if (!room) this.rooms.set(name, (room = new Room(name, this.store, (r) => this.#unavailable(r), this.options.broadcast ?? null, (e) => this.#log(`broadcast on ${name}: ${(e as Error)?.message ?? e}`))));
		return room;
	}

	/** The room's doc could not be reloaded from storage: everyone reconnects later. */
	#unavailable(room: Room) {
		for (const c of [...room.conns]) this.#close(c, CLOSE.tryAgainLater, 'Enregistrement momentanément impossible');
	}

	#overflow = (conn: Connection) => {
		if (conn.closed) return;
		this.totals.overflowCloses++;
		this.#log(`closing ${conn.principal} on ${conn.access.docName}: send buffer over ${MAX_SEND_BUFFER_BYTES} bytes (not reading)`);
		conn.closed = true;
		conn.ws.terminate();
	};

	#onConnection(ws: WebSocket, access: DocAccess) {
		let room: Room;
		try {
			room = this.#room(access.docName);
		} catch (e) {
			this.totals.storeFailures++;
			this.#log(`cannot load ${access.docName}: ${e instanceof StoreUnavailableError ? e.detail : (e as Error).message}`);
			ws.close(CLOSE.tryAgainLater, 'Document momentanément indisponible');
			return;
		}
		const conn = new Connection(ws, access, room, this.#overflow);
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
		const presence = room.allAwareness();
		if (presence) conn.sendAwareness(presence);
	}

	/** Closes a connection once; what it sends afterwards is neither read nor logged. */
	#close(conn: Connection, code: number, reason: string) {
		if (conn.closed) return;
		conn.closed = true;
		conn.ws.close(code, reason);
	}

	/** A connection that sent what it must not: one log line, then closed. */
	#offend(conn: Connection, code: number, reason: string, detail: string) {
		if (conn.closed) return;
		this.#log(`closing ${conn.principal} on ${conn.access.docName} (${code}): ${detail}`);
		this.#close(conn, code, reason);
	}

	#onMessage(conn: Connection, data: Uint8Array) {
		if (conn.closed) return;
		conn.stats.messagesIn++;
		try {
			const decoder = decoding.createDecoder(data);
			const type = decoding.readVarUint(decoder);
			if (type === MESSAGE_SYNC) this.#onSync(conn, decoder);
			else if (type === MESSAGE_AWARENESS) this.#onAwareness(conn, decoding.readVarUint8Array(decoder));
			else if (type === MESSAGE_QUERY_AWARENESS) {
				// Answered from the cached encoding, at most once a second per connection.
				const now = this.#now();
				if (now - conn.lastQueryAt < QUERY_AWARENESS_INTERVAL_MS) {
					this.totals.queriesIgnored++;
					return;
				}
				conn.lastQueryAt = now;
				const all = conn.room.allAwareness();
				if (all) conn.sendAwareness(all);
			} else throw new Error(`unknown message type ${type}`);
		} catch (e) {
			this.totals.protocolErrors++;
			this.#offend(conn, CLOSE.protocolError, 'Message invalide', `malformed message: ${(e as Error).message}`);
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
			if (isEmptyUpdate(update)) return;
			// Everything the update would do is checked before any of it is applied (it is parsed
			// whole: Yjs would integrate the start of a truncated update before failing).
			const type = parseDocName(room.name)?.type;
			if (!type) throw new Error('unknown document type');
			const verdict = checkUpdate(room.doc, update, DOC_POLICIES[type], this.store.sizeOf(room.name));
			if (!verdict.ok) {
				conn.stats.refusedWrites++;
				this.totals.refusedUpdates++;
				if (verdict.code === 'pending') return this.#offend(conn, CLOSE.resync, 'Resynchronisation', `update refused: ${verdict.reason}`);
				if (verdict.code === 'size') return this.#offend(conn, CLOSE.tooBig, 'Document trop volumineux', `update refused: ${verdict.reason}`);
				return this.#offend(conn, CLOSE.protocolError, 'Modification refusée', `update refused: ${verdict.reason}`);
			}
			const after = this.#guarded(() => this.options.beforeWrite?.(conn.access, room.doc, verdict.ds), conn);
			try {
				this.store.applyUpdate(room.name, update, conn);
			} catch (e) {
				if (!(e instanceof StoreUnavailableError)) throw e;
				// Not stored, not shown to anyone: the client keeps the change and sends it again
				// when it reconnects (its sync step 2), once storage works again.
				this.totals.storeFailures++;
				this.#log(`write of ${conn.principal} on ${room.name} not stored: ${e.detail}`);
				this.#close(conn, CLOSE.tryAgainLater, 'Enregistrement momentanément impossible');
				return;
			}
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
		const now = this.#now();
		if (!conn.takeAwarenessToken(now)) {
			conn.stats.awarenessDropped++;
			this.totals.awarenessDropped++;
			return;
		}
		// Keep only the entries of client ids this connection owns (claimed on first sight when
		// nobody else in the room owns them): the stock client echoes everyone else's states.
		const decoder = decoding.createDecoder(update);
		const count = decoding.readVarUint(decoder);
		const kept: { id: number; clock: number; state: string }[] = [];
		const states = room.awareness.getStates();
		let dropped = 0;
		for (let i = 0; i < count; i++) {
			const id = decoding.readVarUint(decoder);
			const clock = decoding.readVarUint(decoder);
			// The state stays bytes until it is kept: most entries are echoes and are dropped.
			const stateBytes = decoding.readVarUint8Array(decoder);
			// A connection speaks for one client id: the first one it announces with a state, that no
			// other connection owns (nor freed a moment ago in another session). Everything else is the
			// stock client's echo of other people's states, including their removals.
			const mine = conn.owned.has(id);
			if (!mine && (conn.owned.size > 0 || room.ownedElsewhere(id, conn) || states.has(id) || !room.mayClaim(id, conn, now))) {
				dropped++;
				continue;
			}
			if (stateBytes.length > MAX_AWARENESS_STATE_BYTES) {
				dropped++;
				continue;
			}
			const claimed = textDecoder.decode(stateBytes);
			if (!mine && claimed === 'null') {
				dropped++;
				continue;
			}
			const state = presenceState(claimed, conn.access);
			if (state === undefined) {
				dropped++;
				continue;
			}
			if (!mine) {
				conn.owned.add(id);
				room.owners.set(id, conn);
				room.freed.delete(id);
			}
			// Clocks. A client back after a blip keeps its clock, while its removal left clock + 1 here
			// and at every other client, who would ignore it: a changed state behind the room's clock
			// goes out as the room's clock + 1. The same state behind it is an echo: dropped (relaying
			// it would make the owner adopt the higher clock and send it back, forever).
			const roomClock = room.awareness.meta.get(id)?.clock ?? 0;
			if (clock > roomClock) kept.push({ id, clock, state });
			else if (state !== JSON.stringify(states.get(id) ?? null)) kept.push({ id, clock: roomClock + 1, state });
			else dropped++;
		}
		if (dropped > 0) {
			conn.stats.awarenessDropped += dropped;
			this.totals.awarenessDropped += dropped;
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
		conn.closed = true;
		const room = conn.room;
		if (!room.conns.delete(conn)) return;
		for (const id of conn.owned) if (room.owners.get(id) === conn) room.owners.delete(id);
		room.free(conn, this.#now());
		if (conn.owned.size) awarenessProtocol.removeAwarenessStates(room.awareness, [...conn.owned], conn);
		if (room.conns.size === 0) {
			room.destroy();
			if (this.rooms.get(room.name) === room) this.rooms.delete(room.name);
		}
	}

	#heartbeat() {
		for (const room of this.rooms.values()) {
			for (const c of room.conns) {
				if (!c.alive) {
					c.closed = true;
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
			for (const c of room.conns) yield { access: c.access, close: (code, reason) => this.#close(c, code, reason) };
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
