import { describe, expect, it } from 'vitest';
import { runMutationFuzz } from '../../src/lib/server/realtime/mutation-fuzz.ts';

// [FUZZ3] Valid board messages, mutated (seeded), through real sockets to the sync server: no
// crash, no deaf doc, no change left unstored, the heap bounded. `npm run bench:fuzz` runs the
// same at 100,000 messages; FUZZ_SEED replays a failing seed.

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));

describe('mutation fuzzing of the sync protocol', () => {
	it('[FUZZ3] 4,000 mutated messages leave the doc live, stored and broadcast; the heap bounded', async () => {
		const report = await runMutationFuzz({ seed: SEED, messages: 4000, log: console.error });
		expect(report.failure, `FUZZ_SEED=${SEED}`).toBeNull();
		expect(report.probes).toBe(20);
		// Malformed messages were met and their sockets closed (the fuzzer reopened them).
		expect(report.closes['4400'] ?? 0, `FUZZ_SEED=${SEED}`).toBeGreaterThan(0);
		expect(report.heapGrowthBytes, `FUZZ_SEED=${SEED}`).toBeLessThan(100 * 1024 * 1024);
	}, 120_000);
});
