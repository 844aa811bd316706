import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { setText, textEdit } from './text-diff.ts';

describe('text edits', () => {
	it('finds the smallest middle replacement', () => {
		expect(textEdit('abc', 'abc')).toBeNull();
		expect(textEdit('bonjour', 'bonsoir')).toEqual({ index: 3, remove: 3, insert: 'soi' });
		expect(textEdit('aaa', 'aaaa')).toEqual({ index: 3, remove: 0, insert: 'a' });
		expect(textEdit('abc', '')).toEqual({ index: 0, remove: 3, insert: '' });
	});

	it('never splits an emoji', () => {
		const e = textEdit('a😀b', 'a😃b')!;
		expect(e.insert).toBe('😃');
		expect(e.remove).toBe(2);
	});

	it('keeps what another writer typed elsewhere in the same field', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		a.getText('t').insert(0, 'Objectif : lisibilité');
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		setText(a.getText('t'), 'Objectif principal : lisibilité');
		setText(b.getText('t'), 'Objectif : lisibilité des services');
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		expect(a.getText('t').toString()).toBe('Objectif principal : lisibilité des services');
		expect(b.getText('t').toString()).toBe(a.getText('t').toString());
	});
});
