import { now as defaultNow } from '../clock.ts';

/**
 * Slows down repeated failures for a key (an IP address, an e-mail): after `freeFailures`
 * failures, each new attempt must wait `baseDelayMs`, doubling with every further failure,
 * capped at `maxDelayMs`. Failures are forgotten after `forgetAfterMs` of quiet, or on success.
 * In memory: one process serves an instance (see README, Known limitations).
 */
export class FailureThrottle {
	#entries = new Map<string, { failures: number; last: number }>();
	constructor(
		private readonly options: { freeFailures: number; baseDelayMs: number; maxDelayMs: number; forgetAfterMs: number },
		private readonly clock: () => number = defaultNow
	) {}

	/** Milliseconds the key must still wait before its next attempt (0: may try now). */
	retryAfter(key: string): number {
		const entry = this.#live(key);
		if (!entry || entry.failures < this.options.freeFailures) return 0;
		const over = entry.failures - this.options.freeFailures;
		const delay = Math.min(this.options.baseDelayMs * 2 ** over, this.options.maxDelayMs);
		return Math.max(0, entry.last + delay - this.clock());
	}

	fail(key: string): void {
		const entry = this.#live(key);
		this.#entries.set(key, { failures: (entry?.failures ?? 0) + 1, last: this.clock() });
		if (this.#entries.size > 50_000) this.#sweep();
	}

	succeed(key: string): void {
		this.#entries.delete(key);
	}

	#live(key: string) {
		const entry = this.#entries.get(key);
		if (entry && this.clock() - entry.last > this.options.forgetAfterMs) {
			this.#entries.delete(key);
			return undefined;
		}
		return entry;
	}

	#sweep() {
		for (const key of [...this.#entries.keys()]) this.#live(key);
	}
}

const MINUTE = 60_000;
// One per process, shared by every copy of this module (see database.ts on module copies).
const KEY = Symbol.for('tablee.loginThrottles');
type G = typeof globalThis & { [KEY]?: { byAccount: FailureThrottle; byIp: FailureThrottle } };

export function loginThrottles() {
	const g = globalThis as G;
	g[KEY] ??= {
		byAccount: new FailureThrottle({ freeFailures: 5, baseDelayMs: 30_000, maxDelayMs: 15 * MINUTE, forgetAfterMs: 30 * MINUTE }),
		byIp: new FailureThrottle({ freeFailures: 20, baseDelayMs: 30_000, maxDelayMs: 15 * MINUTE, forgetAfterMs: 30 * MINUTE })
	};
	return g[KEY];
}

/** "2 minutes", "45 secondes": how long to wait, in French. */
export function frenchDelay(ms: number): string {
	const s = Math.ceil(ms / 1000);
	if (s < 60) return `${s} seconde${s > 1 ? 's' : ''}`;
	const m = Math.ceil(s / 60);
	return `${m} minute${m > 1 ? 's' : ''}`;
}
