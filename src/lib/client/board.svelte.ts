import { createSubscriber, SvelteSet } from 'svelte/reactivity';
import { closeMessage } from './close-reasons';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import {
	addNote,
	assignToCluster,
	createCluster,
	deleteNote,
	dissolveCluster,
	getClusters,
	getNotes,
	getSettings,
	getTallies,
	mergeClusters,
	nextPositionIn,
	updateCluster,
	updateNote,
	type BoardSettings,
	type Cluster,
	type Note,
	type NoteColour
} from '$lib/docs/board';
import type { BoardControl } from '$lib/domain/control';
import type { BoardColumn } from '$lib/domain/vocabulary';
import type { Command } from '$lib/domain/commands';
import { Outbox, type OutboxEntry } from './outbox';
import { writingState, type WritingState, type WritingTimer } from '$lib/domain/writing';

export type BoardMode = 'participant' | 'facilitator' | 'viewer';

export interface ViewNote extends Note {
	/** Written by the person looking at the board. */
	mine: boolean;
	/** Own notes: 'pending' while only in the outbox, 'sent' once the server has it. */
	sync: 'pending' | 'sent' | null;
}

export interface ReturnedText {
	noteId: string | null;
	text: string;
	column: string;
	colour: NoteColour;
	message: string;
}

export interface Peer {
	clientId: number;
	name: string;
	organisation?: string;
	role: BoardMode;
	colour: string;
	cursor?: { x: number; y: number } | null;
}

export interface BoardStateOptions {
	boardId: number;
	docName: string;
	mode: BoardMode;
	columns: readonly BoardColumn[];
	me: { name: string; organisation?: string };
	ownNoteIds?: string[];
	/** The doc as the server rendered it, so the board shows at once (and offline after a reload). */
	initialState?: Uint8Array;
	/** Defaults to the page's origin. */
	serverUrl?: string;
	/** Test hook: do not open the socket. */
	connect?: boolean;
	/** A screen rather than a person (console, projector): not shown among those present. */
	silent?: boolean;
}

const PEER_COLOURS = ['#1d4e89', '#a4161a', '#1f6f43', '#7c3aed', '#b45309', '#0e7490', '#be185d'];

export function newId(): string {
	const bytes = new Uint8Array(12);
	crypto.getRandomValues(bytes);
	return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The live board in the browser: a Y.Doc kept in sync with the server (y-websocket), cached in
 * IndexedDB, plus the participant's outbox. Components read getters and call intent methods;
 * nothing outside this class touches the Y.Doc. Facilitators' intents are Yjs transactions (undoable);
 * participants' intents are commands the server checks.
 */
export class BoardState {
	readonly doc = new Y.Doc();
	readonly options: BoardStateOptions;
	readonly selection = new SvelteSet<string>();
	readonly #own = new SvelteSet<string>();
	#pending = $state<OutboxEntry[]>([]);
	#status = $state<'connecting' | 'connected' | 'disconnected'>('connecting');
	#online = $state(true);
	#peers = $state<Peer[]>([]);
	#synced = $state(false);
	/** Why the server closed the connection, in French, until the next sync (see close-reasons.ts). */
	#trouble = $state<string | null>(null);
	#storageTrouble: string | null = null;
	rejection = $state<string | null>(null);
	/** Texts the server refused for good (time up, phase changed…): given back to the composer, never dropped. */
	returned = $state<ReturnedText[]>([]);
	/** The workshop's timer (from the workshop doc), for the writing rule. */
	timer = $state<WritingTimer | null>(null);
	/** The time the writing rule is read at; ticked by the page while a time-box runs. */
	clock = $state(Date.now());
	/** Participant: own notes kept on the server during private writing. */
	#privateNotes = $state<Note[]>([]);
	/** Participant: the targets of their dots (a target appears once per dot). */
	#myVotes = $state<string[]>([]);

	#provider: WebsocketProvider | null = null;
	#idb: IndexeddbPersistence | null = null;
	#outbox: Outbox | null = null;
	#undo: Y.UndoManager | null = null;
	#subscribeDoc;
	#subscribeUndo;
	/** Transaction origin of this user's own edits (what undo tracks). */
	readonly #local = { local: true };
	#cleanup: (() => void)[] = [];

	constructor(options: BoardStateOptions) {
		this.options = options;
		for (const id of options.ownNoteIds ?? []) this.#own.add(id);
		if (options.initialState) Y.applyUpdate(this.doc, options.initialState, 'ssr');

		this.#subscribeDoc = createSubscriber((update) => {
			this.doc.on('update', update);
			return () => this.doc.off('update', update);
		});
		this.#subscribeUndo = createSubscriber((update) => {
			const u = this.#undo;
			if (!u) return;
			u.on('stack-item-added', update);
			u.on('stack-item-popped', update);
			u.on('stack-cleared', update);
			return () => {
				u.off('stack-item-added', update);
				u.off('stack-item-popped', update);
				u.off('stack-cleared', update);
			};
		});

		if (typeof window === 'undefined' || options.connect === false) return;
		this.#online = navigator.onLine;
		const onOnline = () => {
			this.#online = true;
			void this.#outbox?.flush();
		};
		const onOffline = () => (this.#online = false);
		window.addEventListener('online', onOnline);
		window.addEventListener('offline', onOffline);
		this.#cleanup.push(() => {
			window.removeEventListener('online', onOnline);
			window.removeEventListener('offline', onOffline);
		});

		this.#idb = new IndexeddbPersistence(`tablee:${options.docName}`, this.doc);
		if (options.mode === 'facilitator') {
			this.#undo = new Y.UndoManager(this.doc.getMap('notes'), { trackedOrigins: new Set([this.#local]), captureTimeout: 400 });
		}
		if (options.mode === 'participant') {
			this.#outbox = new Outbox(options.boardId, {
				onChange: (pending) => {
					this.#pending = pending;
					if (pending.length === 0 && this.#trouble === this.#storageTrouble) this.#trouble = null;
					// A private note leaves the outbox for the server's private store: fetch it back.
					if (getSettings(this.doc).privateWriting) void this.refreshMine();
				},
				onRejected: (entry, message) => this.#giveBack(entry, message),
				// Storage failing on the server: the note stays here, "en attente", and the phone says why.
				onRetry: (message) => {
					if (message) this.#trouble = this.#storageTrouble = message;
				}
			});
			void this.#outbox.pending().then((p) => {
				this.#pending = p;
				for (const e of p) if (e.command.type === 'note.add') this.#own.add(e.command.note.id);
				void this.#outbox?.flush();
			});
			void this.refreshMine();
			// After a reveal or a change of phase, what only this participant sees may have changed.
			let last = JSON.stringify(getSettings(this.doc));
			const onSettings = () => {
				const now = JSON.stringify(getSettings(this.doc));
				if (now !== last) {
					last = now;
					void this.refreshMine();
				}
			};
			this.doc.getMap('settings').observe(onSettings);
			this.#cleanup.push(() => this.doc.getMap('settings').unobserve(onSettings));
		}
		this.#connect();
	}

	#connect() {
		const base = this.options.serverUrl ?? window.location.origin;
		this.#provider = new WebsocketProvider(base.replace(/^http/, 'ws') + '/sync', this.options.docName, this.doc, {
			maxBackoffTime: 5000
		});
		const provider = this.#provider;
		provider.on('status', ({ status }: { status: 'connecting' | 'connected' | 'disconnected' }) => {
			this.#status = status;
			// Back online: whatever waited in the outbox goes now.
			if (status === 'connected') void this.#outbox?.flush();
		});
		provider.on('sync', (s: boolean) => {
			this.#synced = s;
			if (s) this.#trouble = null;
		});
		provider.on('connection-close', (event: { code: number } | null) => {
			const message = event ? closeMessage(event.code) : null;
			if (message) this.#trouble = message;
		});
		const me = this.options.me;
		if (this.options.silent) provider.awareness.setLocalState(null);
		else provider.awareness.setLocalStateField('user', {
			name: me.name,
			organisation: me.organisation,
			role: this.options.mode,
			colour: PEER_COLOURS[this.doc.clientID % PEER_COLOURS.length]
		});
		const readPeers = () => {
			const peers: Peer[] = [];
			provider.awareness.getStates().forEach((state, clientId) => {
				const user = state.user as Omit<Peer, 'clientId' | 'cursor'> | undefined;
				if (user && clientId !== this.doc.clientID) peers.push({ clientId, ...user, cursor: state.cursor ?? null });
			});
			this.#peers = peers.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
		};
		provider.awareness.on('change', readPeers);
		readPeers();
	}

	// ---- reading ----

	get trouble() {
		return this.#trouble;
	}

	get status() {
		return this.#status;
	}
	/** Offline as the user understands it: no network, or no socket. */
	get offline() {
		return this.options.connect !== false && (!this.#online || this.#status !== 'connected');
	}
	get synced() {
		return this.#synced;
	}
	get peers() {
		return this.#peers;
	}
	get pendingCount() {
		return this.#pending.length;
	}
	get isParticipant() {
		return this.options.mode === 'participant';
	}
	get canEditAny() {
		return this.options.mode === 'facilitator';
	}
	get canWrite() {
		return this.options.mode !== 'viewer';
	}

	/** Notes as this user sees them: the doc, plus own commands still waiting in the outbox. */
	get notes(): ViewNote[] {
		this.#subscribeDoc();
		const pending = this.#pending;
		const inDoc = getNotes(this.doc);
		const ids = new Set(inDoc.map((n) => n.id));
		const edits = new Map<string, Extract<Command, { type: 'note.edit' }>[]>();
		const deleted = new Set<string>();
		const waiting = new Set<string>();
		const added: Note[] = [];
		for (const { command: c } of pending) {
			if (c.type === 'note.add') {
				waiting.add(c.note.id);
				if (!ids.has(c.note.id)) {
					added.push({ ...c.note, colour: c.note.colour ?? 'jaune', position: Number.MAX_SAFE_INTEGER, authorName: this.options.me.name, organisation: this.options.me.organisation, createdAt: Date.now() });
				}
			} else if (c.type === 'note.edit') {
				waiting.add(c.noteId);
				edits.set(c.noteId, [...(edits.get(c.noteId) ?? []), c]);
			} else if (c.type === 'note.delete') deleted.add(c.noteId);
		}
		const out: ViewNote[] = [];
		for (const n of this.#privateNotes) if (!ids.has(n.id) && !added.some((a) => a.id === n.id)) added.push(n);
		for (const n of [...inDoc, ...added]) {
			if (deleted.has(n.id)) continue;
			let note = n;
			for (const e of edits.get(n.id) ?? []) {
				note = { ...note, text: e.text ?? note.text, colour: e.colour ?? note.colour, column: e.column ?? note.column };
			}
			const mine = this.#own.has(n.id);
			out.push({ ...note, mine, sync: mine ? (waiting.has(n.id) || !ids.has(n.id) ? 'pending' : 'sent') : null });
		}
		return out;
	}

	notesByColumn(): Map<string, ViewNote[]> {
		const map = new Map<string, ViewNote[]>(this.options.columns.map((c) => [c.id, []]));
		for (const n of this.notes) map.get(n.column)?.push(n);
		return map;
	}

	get settings(): BoardSettings {
		this.#subscribeDoc();
		return getSettings(this.doc);
	}

	get clusters(): Cluster[] {
		this.#subscribeDoc();
		return getClusters(this.doc);
	}

	get tallies(): Map<string, number> {
		this.#subscribeDoc();
		return getTallies(this.doc);
	}

	get myVotes(): string[] {
		return this.#myVotes;
	}

	/** Ids of own notes written during private writing and not yet revealed. */
	isPrivate(noteId: string): boolean {
		return this.#privateNotes.some((n) => n.id === noteId) && !this.doc.getMap('notes').has(noteId);
	}

	/** Participants may write now: the server's rule (phase, lock, time-box), without its grace period. */
	get writing(): WritingState {
		return writingState(this.settings, this.timer, this.clock);
	}
	get writingOpen(): boolean {
		return this.writing.open;
	}

	/** A refused note or edit: its text goes back to the composer with the server's reason. */
	#giveBack(entry: OutboxEntry, message: string) {
		const c = entry.command;
		if (c.type === 'note.add') {
			this.#own.delete(c.note.id);
			this.returned.push({ noteId: null, text: c.note.text, column: c.note.column, colour: c.note.colour ?? 'jaune', message });
		} else if (c.type === 'note.edit' && c.text !== undefined) {
			const note = getNotes(this.doc).find((n) => n.id === c.noteId);
			this.returned.push({ noteId: c.noteId, text: c.text, column: c.column ?? note?.column ?? '', colour: c.colour ?? note?.colour ?? 'jaune', message });
		} else this.rejection = message;
	}

	/** The composer took a returned text back. */
	takeReturned(): ReturnedText | undefined {
		return this.returned.shift();
	}

	get canUndo() {
		this.#subscribeUndo();
		return (this.#undo?.undoStack.length ?? 0) > 0;
	}
	get canRedo() {
		this.#subscribeUndo();
		return (this.#undo?.redoStack.length ?? 0) > 0;
	}

	canEdit(note: ViewNote): boolean {
		return this.options.mode === 'facilitator' || (this.options.mode === 'participant' && note.mine);
	}

	// ---- intents ----

	addNote(text: string, column: string, colour: NoteColour = 'jaune'): string {
		const id = newId();
		if (this.options.mode === 'facilitator') {
			addNote(
				this.doc,
				{ id, text, column, colour, position: nextPositionIn(this.doc, column), authorName: this.options.me.name, organisation: this.options.me.organisation, createdAt: Date.now() },
				this.#local
			);
			this.#own.add(id);
		} else if (this.options.mode === 'participant') {
			this.#own.add(id);
			void this.#outbox!.push({ id: newId(), type: 'note.add', note: { id, text, column, colour } });
		}
		return id;
	}

	editNote(id: string, changes: { text?: string; colour?: NoteColour; column?: string }) {
		if (this.options.mode === 'facilitator') {
			const target = changes.column;
			updateNote(this.doc, id, { ...changes, position: target ? nextPositionIn(this.doc, target) : undefined }, this.#local);
		} else if (this.options.mode === 'participant') {
			void this.#outbox!.push({ id: newId(), type: 'note.edit', noteId: id, ...changes });
		}
	}

	deleteNote(id: string) {
		this.selection.delete(id);
		if (this.options.mode === 'facilitator') deleteNote(this.doc, id, this.#local);
		else if (this.options.mode === 'participant') void this.#outbox!.push({ id: newId(), type: 'note.delete', noteId: id });
	}

	/**
	 * Facilitator: moves notes to `column`, before the note `beforeId` (or at the end), keeping their
	 * order. One transaction, one undo step.
	 */
	moveNotes(ids: string[], column: string, beforeId: string | null = null) {
		if (this.options.mode !== 'facilitator' || ids.length === 0) return;
		const moving = new Set(ids);
		const target = getNotes(this.doc).filter((n) => n.column === column && !moving.has(n.id));
		const idx = beforeId ? target.findIndex((n) => n.id === beforeId) : -1;
		const prev = idx === -1 ? target[target.length - 1] : target[idx - 1];
		const next = idx === -1 ? undefined : target[idx];
		const lo = prev?.position ?? (next ? next.position - ids.length - 1 : 0);
		const hi = next?.position ?? lo + ids.length + 1;
		const ordered = getNotes(this.doc).filter((n) => moving.has(n.id));
		this.doc.transact(() => {
			ordered.forEach((n, i) => updateNote(this.doc, n.id, { column, position: lo + ((hi - lo) * (i + 1)) / (ordered.length + 1) }));
		}, this.#local);
	}

	/** Facilitator, keyboard: one place up (-1) or down (+1) in its column. */
	shiftNote(id: string, delta: -1 | 1) {
		const note = getNotes(this.doc).find((n) => n.id === id);
		if (!note) return;
		const column = getNotes(this.doc).filter((n) => n.column === note.column);
		const i = column.findIndex((n) => n.id === id);
		const j = i + delta;
		if (j < 0 || j >= column.length) return;
		const before = delta === -1 ? column[j].id : (column[j + 1]?.id ?? null);
		this.moveNotes([id], note.column, before);
	}

	/** Facilitator, keyboard: to the previous (-1) or next (+1) column. */
	shiftColumn(ids: string[], delta: -1 | 1) {
		const notes = getNotes(this.doc);
		const first = notes.find((n) => n.id === ids[0]);
		if (!first) return;
		const cols = this.options.columns.map((c) => c.id);
		const k = cols.indexOf(first.column) + delta;
		if (k < 0 || k >= cols.length) return;
		this.moveNotes(ids, cols[k]);
	}

	// ---- clusters (facilitator: direct; participants: commands when allowed) ----

	groupNotes(ids: string[], title = 'Nouveau regroupement'): string | null {
		if (this.options.mode !== 'facilitator' || ids.length === 0) return null;
		const first = getNotes(this.doc).find((n) => n.id === ids[0]);
		if (!first) return null;
		const id = newId();
		const position = Math.max(0, ...getClusters(this.doc).map((c) => c.position)) + 1;
		this.doc.transact(() => createCluster(this.doc, { id, title, column: first.column, position }, ids), this.#local);
		this.selection.clear();
		return id;
	}

	renameCluster(id: string, title: string) {
		if (this.options.mode === 'facilitator') updateCluster(this.doc, id, { title }, this.#local);
	}

	ungroup(clusterId: string) {
		if (this.options.mode === 'facilitator') dissolveCluster(this.doc, clusterId, this.#local);
	}

	/** Links a cluster to the same problem at another table ("boardId:clusterId"). */
	linkCluster(id: string, ref: string) {
		const c = getClusters(this.doc).find((x) => x.id === id);
		if (this.options.mode !== 'facilitator' || !c || c.links?.includes(ref)) return;
		updateCluster(this.doc, id, { links: [...(c.links ?? []), ref] }, this.#local);
	}

	mergeInto(intoId: string, fromId: string) {
		if (this.options.mode === 'facilitator') mergeClusters(this.doc, intoId, fromId, this.#local);
	}

	/** Puts notes into a cluster, or takes them out (null). */
	setCluster(noteIds: string[], clusterId: string | null) {
		if (this.options.mode === 'facilitator') assignToCluster(this.doc, noteIds, clusterId, this.#local);
		else if (this.options.mode === 'participant') {
			for (const noteId of noteIds) void this.#send({ id: newId(), type: 'note.group', noteId, clusterId });
		}
	}

	// ---- votes (participant; online only: the answer says how many dots are left) ----

	async vote(targetId: string, retract = false) {
		const res = await this.#send({ id: newId(), type: retract ? 'vote.retract' : 'vote.cast', targetId });
		if (res?.myVotes) this.#myVotes = res.myVotes;
	}

	async #send(command: Command): Promise<{ myVotes?: string[] } | null> {
		try {
			const res = await fetch(`/api/boards/${this.options.boardId}/commands`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(command)
			});
			const body = await res.json();
			if (!res.ok) {
				this.rejection = body.message ?? 'Action refusée.';
				return null;
			}
			return body;
		} catch {
			this.rejection = 'Pas de réseau : réessayez dans un instant.';
			return null;
		}
	}

	/** Participant: reloads what only they see (private notes, own dots). */
	async refreshMine() {
		if (this.options.mode !== 'participant' || this.options.connect === false) return;
		const res = await fetch(`/api/boards/${this.options.boardId}/mine`).catch(() => null);
		if (!res?.ok) return;
		const body = (await res.json()) as { privateNotes: { id: string; text: string; column: string; colour: NoteColour; createdAt: number }[]; myVotes: string[] };
		this.#privateNotes = body.privateNotes.map((n) => ({ ...n, position: Number.MAX_SAFE_INTEGER, authorName: this.options.me.name, organisation: this.options.me.organisation }));
		for (const n of body.privateNotes) this.#own.add(n.id);
		this.#myVotes = body.myVotes;
	}

	// ---- facilitator controls ----

	async control(command: BoardControl): Promise<boolean> {
		try {
			const res = await fetch(`/api/boards/${this.options.boardId}/control`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(command)
			});
			if (!res.ok) {
				this.rejection = (await res.json()).message ?? 'Action refusée.';
				return false;
			}
			return true;
		} catch {
			this.rejection = 'Pas de réseau : réessayez dans un instant.';
			return false;
		}
	}

	/** "Créer une fiche-action" on a cluster: the fiche's id (the same one if asked twice). */
	async createFiche(clusterId: string): Promise<number | null> {
		try {
			const res = await fetch(`/api/boards/${this.options.boardId}/clusters/${encodeURIComponent(clusterId)}/fiche`, { method: 'POST' });
			const body = await res.json();
			if (!res.ok) {
				this.rejection = body.message ?? 'Action refusée.';
				return null;
			}
			return body.ficheId as number;
		} catch {
			this.rejection = 'Pas de réseau : réessayez dans un instant.';
			return null;
		}
	}

	undo() {
		this.#undo?.undo();
	}
	redo() {
		this.#undo?.redo();
	}

	setCursor(cursor: { x: number; y: number } | null) {
		this.#provider?.awareness.setLocalStateField('cursor', cursor);
	}

	destroy() {
		for (const c of this.#cleanup) c();
		this.#provider?.destroy();
		void this.#idb?.destroy();
		this.#outbox?.destroy();
		this.#undo?.destroy();
		this.doc.destroy();
	}
}
