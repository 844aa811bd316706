import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Throttle } from './throttle.ts';

describe('Throttle (batching of a room’s sends)', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	function setup(tick = 20) {
		const runs: number[] = [];
		const throttle = new Throttle(
			() => tick,
			() => runs.push(Date.now()),
			() => Date.now()
		);
		return { runs, throttle };
	}

	it('[THR1] a change on a quiet room is sent on the next timer turn, not a whole tick later', () => {
		const { runs, throttle } = setup();
		const t0 = Date.now();
		throttle.request();
		throttle.request();
		expect(runs).toEqual([]);
		vi.advanceTimersByTime(1);
		// Both requests of the same turn share one send.
		expect(runs).toHaveLength(1);
		expect(runs[0] - t0).toBeLessThanOrEqual(1);
	});

	it('[THR2] under a stream of changes, at most one send per tick', () => {
		const { runs, throttle } = setup(20);
		for (let ms = 0; ms < 200; ms++) {
			throttle.request();
			vi.advanceTimersByTime(1);
		}
		expect(runs.length).toBeGreaterThanOrEqual(9);
		expect(runs.length).toBeLessThanOrEqual(11);
		for (let i = 1; i < runs.length; i++) expect(runs[i] - runs[i - 1]).toBeGreaterThanOrEqual(20);
	});

	it('[THR3] a change just after a send waits for the end of that tick only', () => {
		const { runs, throttle } = setup(20);
		throttle.request();
		vi.advanceTimersByTime(1);
		const first = runs[0];
		vi.advanceTimersByTime(5);
		throttle.request();
		vi.advanceTimersByTime(13);
		expect(runs).toHaveLength(1);
		vi.advanceTimersByTime(1);
		expect(runs).toEqual([first, first + 20]);
	});

	it('[THR4] runNow sends at once and cancels the pending send', () => {
		const { runs, throttle } = setup(20);
		throttle.request();
		throttle.runNow();
		expect(runs).toHaveLength(1);
		expect(throttle.pending).toBe(false);
		vi.advanceTimersByTime(100);
		expect(runs).toHaveLength(1);
	});
});
