import { createSubscriber } from 'svelte/reactivity';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { getWorkshopControl, tableFor, type WorkshopControl } from '$lib/docs/workshop';
import { workshopDocName } from '$lib/docs/doc-names';
import type { WorkshopControlCommand } from '$lib/domain/control';

/**
 * The workshop's control doc, live and read-only: the timer, the round, the groups and where each
 * sits, "tout le monde ici". Facilitators steer it through the control endpoint.
 */
export class WorkshopState {
	readonly doc = new Y.Doc();
	#provider: WebsocketProvider | null = null;
	#subscribe;
	error = $state<string | null>(null);

	constructor(readonly workshopId: number) {
		this.#subscribe = createSubscriber((update) => {
			this.doc.on('update', update);
			return () => this.doc.off('update', update);
		});
		if (typeof window === 'undefined') return;
		this.#provider = new WebsocketProvider(window.location.origin.replace(/^http/, 'ws') + '/sync', workshopDocName(workshopId), this.doc, {
			maxBackoffTime: 5000
		});
	}

	get control(): WorkshopControl {
		this.#subscribe();
		return getWorkshopControl(this.doc);
	}

	tableFor(participantId: number): number | null {
		return tableFor(this.control, participantId);
	}

	async send(command: WorkshopControlCommand): Promise<boolean> {
		try {
			const res = await fetch(`/api/workshops/${this.workshopId}/control`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(command)
			});
			if (!res.ok) {
				this.error = (await res.json()).message ?? 'Action refusée.';
				return false;
			}
			this.error = null;
			return true;
		} catch {
			this.error = 'Pas de réseau : réessayez dans un instant.';
			return false;
		}
	}

	async pickGroup(groupId: number): Promise<boolean> {
		const res = await fetch(`/api/workshops/${this.workshopId}/group`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ groupId })
		}).catch(() => null);
		if (!res?.ok) {
			this.error = res ? ((await res.json()).message ?? 'Action refusée.') : 'Pas de réseau.';
			return false;
		}
		return true;
	}

	destroy() {
		this.#provider?.destroy();
		this.doc.destroy();
	}
}
