import { describe, expect, it } from 'vitest';
import { MAX_UPDATE_TICK_MS, SENDS_PER_SECOND_BUDGET, UPDATE_TICK_MS, updateTickMs } from './sync-server.ts';

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
