import { describe, expect, it } from 'vitest';
import { diffText, type DiffPart } from './text-diff-view.ts';

const join = (parts: DiffPart[], keep: DiffPart['kind']) => parts.filter((p) => p.kind === 'same' || p.kind === keep).map((p) => p.text).join('');

describe('version differences', () => {
	it('shows removed and added words, keeps the rest', () => {
		expect(diffText('Améliorer la lisibilité', 'Améliorer fortement la lisibilité')).toEqual([
			{ kind: 'same', text: 'Améliorer ' },
			{ kind: 'added', text: 'fortement ' },
			{ kind: 'same', text: 'la lisibilité' }
		]);
		expect(diffText('a b', '')).toEqual([{ kind: 'removed', text: 'a b' }]);
		expect(diffText('', 'a b')).toEqual([{ kind: 'added', text: 'a b' }]);
		expect(diffText('', '')).toEqual([]);
	});

	it('gives an exact word diff of a 5,000-word field edited in three places, not "whole field replaced"', () => {
		// A long field of varied French words (repeats included, as in real prose).
		const vocabulary = ['accompagnement', 'des', 'familles', 'mobilité', 'insertion', 'logement', 'jeunes', 'partenaires', 'et', 'la', 'santé', 'réseau', 'écoute', 'accès', 'aux', 'droits'];
		const words = Array.from({ length: 5000 }, (_, i) => vocabulary[(i * 7 + Math.floor(i / 13)) % vocabulary.length]);
		const before = words.join(' ');
		const edited = [...words];
		edited[2500] = 'crèche';
		edited.splice(4000, 1);
		edited.splice(100, 0, 'transport', 'solidaire');
		const after = edited.join(' ');

		const started = performance.now();
		const parts = diffText(before, after);
		const ms = performance.now() - started;

		// Each side is given back exactly.
		expect(join(parts, 'removed')).toBe(before);
		expect(join(parts, 'added')).toBe(after);
		// Only the edits are marked: two words added, one replaced, one removed.
		const changed = parts.filter((p) => p.kind !== 'same');
		expect(changed.map((p) => p.text.trim()).filter(Boolean)).toEqual(['transport solidaire', words[2500], 'crèche', words[4000]]);
		const markedWords = changed.reduce((n, p) => n + (p.text.match(/\S+/g)?.length ?? 0), 0);
		expect(markedWords).toBe(5);
		expect(parts.filter((p) => p.kind === 'same').reduce((n, p) => n + (p.text.match(/\S+/g)?.length ?? 0), 0)).toBe(4998);
		expect(ms).toBeLessThan(500);
	});

	it('falls back to whole replacement only for unrelated long texts', () => {
		const a = Array.from({ length: 3000 }, (_, i) => `a${i}`).join(' ');
		const b = Array.from({ length: 3000 }, (_, i) => `b${i}`).join(' ');
		const parts = diffText(a, b);
		expect(join(parts, 'removed')).toBe(a);
		expect(join(parts, 'added')).toBe(b);
	});
});
