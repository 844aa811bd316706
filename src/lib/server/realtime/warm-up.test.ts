import { describe, expect, it } from 'vitest';
import { warmUpDocCode } from './warm-up.ts';

describe('doc code warm-up', () => {
	it('[WARM1] runs a load and an encode of a synthetic board without touching anything else', () => {
		expect(warmUpDocCode(2, 10)).toBeGreaterThanOrEqual(0);
	});
});
