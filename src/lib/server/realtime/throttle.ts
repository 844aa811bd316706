/**
 * Runs `run` at most once per tick, as soon as allowed: a request on a quiet room runs on the next
 * timer turn (requests of the same turn still share one run), a request within a tick of the last
 * run waits for the end of that tick. Unlike a delay started by the first request (a debounce of
 * fixed length), a lone change is not held back, and under load the runs per second are the same.
 */
export class Throttle {
	#timer: ReturnType<typeof setTimeout> | null = null;
	#lastRun = -Infinity;

	constructor(
		private readonly tickMs: () => number,
		private readonly run: () => void,
		private readonly clock: () => number = () => performance.now()
	) {}

	request(): void {
		if (this.#timer) return;
		const wait = Math.max(0, this.#lastRun + this.tickMs() - this.clock());
		this.#timer = setTimeout(() => this.runNow(), wait);
	}

	/** Runs now (and cancels a pending run): a flush before the room goes away. */
	runNow(): void {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		this.#lastRun = this.clock();
		this.run();
	}

	get pending(): boolean {
		return this.#timer !== null;
	}

	cancel(): void {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
	}
}
