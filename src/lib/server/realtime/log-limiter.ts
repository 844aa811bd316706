// Error logging that one connection cannot turn into a flood: at most `burst` lines per window,
// the rest counted and reported in one line when the next window opens. A log that fills the
// disk is the first step towards losing what is stored on it.

export interface LogLimiterOptions {
	/** Lines written per window. */
	burst?: number;
	windowMs?: number;
	now?: () => number;
}

export class LogLimiter {
	readonly #burst: number;
	readonly #windowMs: number;
	readonly #now: () => number;
	#windowStart = -Infinity;
	#written = 0;
	#suppressed = 0;

	constructor(
		private readonly write: (line: string) => void,
		options: LogLimiterOptions = {}
	) {
		this.#burst = options.burst ?? 20;
		this.#windowMs = options.windowMs ?? 10_000;
		this.#now = options.now ?? Date.now;
	}

	log(line: string): void {
		const now = this.#now();
		if (now - this.#windowStart >= this.#windowMs) {
			if (this.#suppressed > 0) this.write(`${this.#suppressed} more line(s) suppressed in the last ${Math.round(this.#windowMs / 1000)} s`);
			this.#windowStart = now;
			this.#written = 0;
			this.#suppressed = 0;
		}
		if (this.#written < this.#burst) {
			this.#written++;
			this.write(line);
		} else this.#suppressed++;
	}
}
