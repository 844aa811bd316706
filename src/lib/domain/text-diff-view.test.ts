import { describe, expect, it } from 'vitest';
import { diffText } from './text-diff-view.ts';

describe('version differences', () => {
	it('shows removed and added words, keeps the rest', () => {
		expect(diffText('Améliorer la lisibilité', 'Améliorer fortement la lisibilité')).toEqual([
			{ kind: 'same', text: 'Améliorer ' },
			{ kind: 'added', text: 'fortement ' },
			{ kind: 'same', text: 'la lisibilité' }
		]);
		expect(diffText('a b', '')).toEqual([{ kind: 'removed', text: 'a b' }]);
		expect(diffText('', '')).toEqual([]);
	});
});
