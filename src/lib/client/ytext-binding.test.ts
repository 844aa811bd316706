import { describe, expect, it } from 'vitest';
import { shiftIndex } from './ytext-binding.ts';

describe('caret under remote edits', () => {
	it('moves with text inserted or deleted before it, stays for changes after it', () => {
		expect(shiftIndex(5, [{ insert: 'abc' }])).toBe(8);
		expect(shiftIndex(5, [{ retain: 2 }, { delete: 2 }])).toBe(3);
		expect(shiftIndex(5, [{ retain: 4 }, { delete: 3 }])).toBe(4);
		expect(shiftIndex(5, [{ retain: 5 }, { insert: 'x' }])).toBe(5);
		expect(shiftIndex(5, [{ retain: 7 }, { delete: 1 }])).toBe(5);
		expect(shiftIndex(0, [{ insert: 'début ' }])).toBe(0);
	});
});
