import * as Y from 'yjs';
import { closeMessage } from './close-reasons';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import {
	addPlanningRow,
	deletePlanningRow,
	movePlanningRow,
	observePart,
	readComments,
	readMeta,
	readPlanning,
	readProvenance,
	setPlanningPhase,
	type FicheComment,
	type FicheMeta,
	type FichePart,
	type FicheProvenance,
	type PlanningRow
} from '$lib/docs/fiche';
import type { PlanningPhase } from '$lib/domain/fiche';

// The live fiche in the browser: the Y.Doc, its socket (y-websocket protocol), a local copy in
// IndexedDB (what was typed survives a closed tab while offline), and who is in which field.

export interface FichePeer {
	clientId: number;
	name: string;
	colour: string;
	field: string | null;
}

const PEER_COLOURS = ['#1d4e89', '#a4161a', '#1f6f43', '#7c3aed', '#b45309', '#0e7490', '#be185d'];

export interface FicheStateOptions {
	docName: string;
	initialState?: Uint8Array;
	me: { name: string };
	connect: boolean;
	readOnly: boolean;
}

export class FicheState {
	readonly doc = new Y.Doc();
	/** Origin of this user's own edits. */
	readonly local = { local: true };
	#provider: WebsocketProvider | null = null;
	#idb: IndexeddbPersistence | null = null;
	#cleanup: (() => void)[] = [];

	status = $state<'connecting' | 'connected' | 'disconnected'>('connecting');
	synced = $state(false);
	/** Why the server closed the connection, in French, until the next successful sync. */
	trouble = $state<string | null>(null);
	peers = $state<FichePeer[]>([]);
	planning = $state<PlanningRow[]>([]);
	comments = $state<FicheComment[]>([]);
	meta = $state<FicheMeta>({ number: null, axis: null, status: 'brouillon', votes: null, rank: null, axisSuggested: false });
	provenance = $state<FicheProvenance | null>(null);

	constructor(readonly options: FicheStateOptions) {
		if (options.initialState) Y.applyUpdate(this.doc, options.initialState, 'ssr');
		// Each part is read again when it changes, and only then: typing in a field (the most frequent
		// change) re-reads nothing here; the textarea follows its Y.Text directly.
		this.#follow('planning', () => (this.planning = readPlanning(this.doc)));
		this.#follow('comments', () => (this.comments = readComments(this.doc)));
		this.#follow('meta', () => (this.meta = readMeta(this.doc)));
		this.#follow('provenance', () => (this.provenance = readProvenance(this.doc)));
		if (!options.connect) return;
		this.#idb = new IndexeddbPersistence(`tablee:${options.docName}`, this.doc);
		this.#provider = new WebsocketProvider(window.location.origin.replace(/^http/, 'ws') + '/sync', options.docName, this.doc, {
			maxBackoffTime: 5000
		});
		const provider = this.#provider;
		provider.on('status', ({ status }: { status: 'connecting' | 'connected' | 'disconnected' }) => (this.status = status));
		provider.on('sync', (s: boolean) => {
			this.synced = s;
			if (s) this.trouble = null;
		});
		provider.on('connection-close', (event: { code: number } | null) => {
			const message = event ? closeMessage(event.code) : null;
			if (message) this.trouble = message;
		});
		provider.awareness.setLocalStateField('user', { name: options.me.name, colour: PEER_COLOURS[this.doc.clientID % PEER_COLOURS.length] });
		provider.awareness.setLocalStateField('field', null);
		const readPeers = () => {
			const peers: FichePeer[] = [];
			provider.awareness.getStates().forEach((state, clientId) => {
				const user = state.user as { name: string; colour: string } | undefined;
				if (user && clientId !== this.doc.clientID) peers.push({ clientId, name: user.name, colour: user.colour, field: (state.field as string | null) ?? null });
			});
			this.peers = peers.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
		};
		provider.awareness.on('change', readPeers);
		readPeers();
	}

	/** Reads a part of the doc now and after every change inside it. */
	#follow(part: FichePart, read: () => void) {
		read();
		this.#cleanup.push(observePart(this.doc, part, read));
	}

	/** Tells the others which field this user is writing in (null: none). */
	focus(field: string | null) {
		this.#provider?.awareness.setLocalStateField('field', field);
	}

	peersIn(field: string): FichePeer[] {
		return this.peers.filter((p) => p.field === field);
	}

	#edit(fn: (doc: Y.Doc) => void) {
		if (this.options.readOnly) return;
		this.doc.transact(() => fn(this.doc), this.local);
	}

	addRow(afterId?: string | null) {
		const id = crypto.randomUUID();
		this.#edit((doc) => addPlanningRow(doc, { id }, afterId));
		return id;
	}
	deleteRow(id: string) {
		this.#edit((doc) => deletePlanningRow(doc, id));
	}
	moveRow(id: string, delta: -1 | 1) {
		this.#edit((doc) => movePlanningRow(doc, id, delta));
	}
	setPhase(id: string, phase: PlanningPhase | '') {
		this.#edit((doc) => setPlanningPhase(doc, id, phase));
	}
	/**
	 * Comments are written by the server (author and time from the session): it answers null once the
	 * comment is in the fiche (it then arrives through the socket), or the French reason it was not.
	 */
	comment(field: string, text: string, parentId?: string): Promise<string | null> {
		return this.#post('comments', { field, text, parentId });
	}
	resolve(id: string, resolved: boolean): Promise<string | null> {
		return this.#post(`comments/${encodeURIComponent(id)}`, { resolved });
	}

	async #post(path: string, body: unknown): Promise<string | null> {
		if (this.options.readOnly) return 'Cette fiche est en lecture seule.';
		const ficheId = this.options.docName.replace(/^fiche:/, '');
		try {
			const res = await fetch(`/api/fiches/${ficheId}/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
			if (res.ok) return null;
			const answer = (await res.json().catch(() => ({}))) as { message?: string };
			return answer.message ?? 'Le commentaire n’a pas pu être enregistré.';
		} catch {
			return 'Pas de réseau : le commentaire n’a pas été envoyé. Réessayez.';
		}
	}

	destroy() {
		for (const c of this.#cleanup) c();
		this.#provider?.destroy();
		void this.#idb?.destroy();
		this.doc.destroy();
	}
}
