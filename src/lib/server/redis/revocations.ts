import { Redis } from 'ioredis';
import type { DocAccess } from '../realtime/access.ts';
import { redisKeyPrefix } from './throttles.ts';

// Closing sockets on every instance (logout, removal from a project, archiving, erasure): the route
// that decides closes its own instance's sockets and publishes the same rule on one channel; every
// other instance closes its matching sockets. A rule is data, not a function, so that it travels:
// every field given must equal the socket's; `participantsOnly` keeps participants' sockets only.

export type RevocationFilter = Partial<Pick<DocAccess, 'docName' | 'mode' | 'sessionId' | 'userId' | 'participantId' | 'workshopId' | 'projectId' | 'inviteId'>> & {
	participantsOnly?: boolean;
};

export interface Revocation {
	filter: RevocationFilter;
	code: number;
	reason: string;
}

const FIELDS = ['docName', 'mode', 'sessionId', 'userId', 'participantId', 'workshopId', 'projectId', 'inviteId'] as const;

export function matchesRevocation(filter: RevocationFilter, access: DocAccess): boolean {
	if (!FIELDS.some((f) => filter[f] !== undefined) && !filter.participantsOnly) return false; // never "everyone"
	if (filter.participantsOnly && access.participantId === null) return false;
	return FIELDS.every((f) => filter[f] === undefined || access[f] === filter[f]);
}

/** The revocations channel of one deployment. `apply` closes this instance's matching sockets. */
export class RevocationBus {
	readonly #pub: Redis;
	readonly #sub: Redis;
	readonly #channel: string;
	readonly #id = `${process.pid}-${Math.random().toString(36).slice(2)}`;
	readonly ready: Promise<unknown>;

	constructor(url: string, apply: (r: Revocation) => void, prefix = redisKeyPrefix()) {
		this.#channel = `${prefix}revocations`;
		this.#pub = new Redis(url, { maxRetriesPerRequest: 2 });
		this.#sub = new Redis(url, { maxRetriesPerRequest: 2 });
		for (const r of [this.#pub, this.#sub]) r.on('error', (e) => console.error(`[revocations] Redis : ${e.message}`));
		this.#sub.on('message', (_channel: string, text: string) => {
			try {
				const m = JSON.parse(text) as Revocation & { from: string };
				if (m.from === this.#id || typeof m.code !== 'number' || typeof m.reason !== 'string' || typeof m.filter !== 'object') return;
				apply({ filter: m.filter, code: m.code, reason: m.reason });
			} catch {
				// Not ours: ignored.
			}
		});
		this.ready = this.#sub.subscribe(this.#channel);
	}

	/** Tells the other instances (this one has applied it already). */
	async publish(r: Revocation): Promise<void> {
		await this.#pub.publish(this.#channel, JSON.stringify({ ...r, from: this.#id }));
	}

	async close(): Promise<void> {
		await Promise.allSettled([this.#pub.quit(), this.#sub.quit()]);
	}
}
