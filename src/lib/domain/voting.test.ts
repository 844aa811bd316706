import { describe, expect, it } from 'vitest';
import { checkVote, rankTargets, remainingDots, tally } from './voting.ts';

describe('dot voting rules', () => {
	it('[VOTE1] accepts votes up to the budget, then refuses with a French message', () => {
		const rules = { budget: 3, cap: null };
		expect(checkVote(rules, [], 'a')).toEqual({ ok: true });
		expect(checkVote(rules, ['a', 'b'], 'a')).toEqual({ ok: true });
		const r = checkVote(rules, ['a', 'b', 'c'], 'd');
		expect(r.ok).toBe(false);
		expect(!r.ok && r.message).toContain('vos 3 gommettes');
	});

	it('[VOTE2] caps the dots of one person on one target', () => {
		const rules = { budget: 5, cap: 2 };
		expect(checkVote(rules, ['a'], 'a').ok).toBe(true);
		const r = checkVote(rules, ['a', 'a'], 'a');
		expect(!r.ok && r.message).toContain('2 gommettes au maximum');
		expect(checkVote(rules, ['a', 'a'], 'b').ok).toBe(true);
	});

	it('[VOTE3] counts what is left', () => {
		expect(remainingDots({ budget: 3, cap: null }, ['a'])).toBe(2);
		expect(remainingDots({ budget: 3, cap: null }, ['a', 'b', 'c', 'd'])).toBe(0);
	});

	it('[VOTE4] ranks targets by votes with shared ranks for ties', () => {
		const t = tally([{ target_id: 'b' }, { target_id: 'b' }, { target_id: 'c' }, { target_id: 'a' }]);
		const ranked = rankTargets([{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }], t);
		expect(ranked.map((r) => [r.id, r.votes, r.rank])).toEqual([
			['b', 2, 1],
			['a', 1, 2],
			['c', 1, 2],
			['d', 0, 4]
		]);
	});
});
