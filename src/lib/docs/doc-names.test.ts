import { describe, expect, it } from 'vitest';
import { boardDocName, ficheDocName, parseDocName } from './doc-names.ts';

describe('doc names', () => {
	it('carry their type and id, and read back', () => {
		expect(boardDocName(42)).toBe('board:42');
		expect(ficheDocName(7)).toBe('fiche:7');
		expect(parseDocName('board:42')).toEqual({ type: 'board', id: 42 });
		expect(parseDocName('fiche:7')).toEqual({ type: 'fiche', id: 7 });
	});

	it('refuse anything else', () => {
		for (const bad of ['board:', 'board:0', 'board:01', 'table:1', 'board:1/../2', 'board:-1', 'BOARD:1', 'board:1 ']) {
			expect(parseDocName(bad), bad).toBeNull();
		}
	});
});
