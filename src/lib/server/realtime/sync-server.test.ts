import { describe, expect, it } from 'vitest';
import { AWARENESS_TICK_MS, MAX_AWARENESS_TICK_MS, MAX_UPDATE_TICK_MS, PRESENCE_BYTES_PER_SECOND, SENDS_PER_SECOND_BUDGET, UPDATE_TICK_MS, awarenessTickMs, updateTickMs } from './sync-server.ts';

describe('update batching delay', () => {
	it('[TICK1] 15 ms in a small room, longer in a crowded one, never more than the cap', () => {
		expect(updateTickMs(0)).toBe(UPDATE_TICK_MS);
		expect(updateTickMs(50)).toBe(UPDATE_TICK_MS);
		for (let n = 1; n <= 1000; n++) {
			const tick = updateTickMs(n);
			expect(tick).toBeGreaterThanOrEqual(UPDATE_TICK_MS);
			expect(tick).toBeLessThanOrEqual(MAX_UPDATE_TICK_MS);
			expect(tick).toBeGreaterThanOrEqual(updateTickMs(n - 1));
			// Within the cap, the room's sends per second stay near the budget.
			if (tick < MAX_UPDATE_TICK_MS) expect((n * 1000) / tick).toBeLessThanOrEqual(SENDS_PER_SECOND_BUDGET * 1.05);
		}
	});
});

describe('presence delay', () => {
	it('[TICK2] 10 Hz while presence is small; slower as it grows so a socket gets at most the budget a second, never slower than once a second', () => {
		// A room of 20 writers (~200 bytes a state): cursors at full speed.
		expect(awarenessTickMs(20 * 200)).toBe(AWARENESS_TICK_MS);
		for (let bytes = 0; bytes <= 1_000_000; bytes += 997) {
			const tick = awarenessTickMs(bytes);
			expect(tick).toBeGreaterThanOrEqual(AWARENESS_TICK_MS);
			expect(tick).toBeLessThanOrEqual(MAX_AWARENESS_TICK_MS);
			expect(tick).toBeGreaterThanOrEqual(awarenessTickMs(Math.max(0, bytes - 997)));
			if (tick < MAX_AWARENESS_TICK_MS) expect((bytes * 1000) / tick).toBeLessThanOrEqual(PRESENCE_BYTES_PER_SECOND * 1.01);
		}
		// 500 writers: about once a second.
		expect(awarenessTickMs(500 * 200)).toBe(MAX_AWARENESS_TICK_MS);
	});
});
