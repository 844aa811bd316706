import { describe, expect, it } from 'vitest';
import { boardToSvg, NOTE_FILLS, xml, type BoardSvgInput } from './board-svg.ts';
import { wrapText } from '../../domain/text-wrap.ts';

const COLUMNS = [
	{ id: 'atouts', label: 'Atouts' },
	{ id: 'problematiques', label: 'Problématiques' }
];

function note(id: string, text: string, column = 'atouts', extra: Partial<BoardSvgInput['notes'][number]> = {}): BoardSvgInput['notes'][number] {
	return { id, text, column, position: Number(id.replace(/\D/g, '')) || 0, colour: 'jaune', ...extra };
}

/** The text of the SVG's text nodes, tspans joined by a space, entities decoded. */
function texts(svg: string): string {
	return [...svg.matchAll(/<text[^>]*>(.*?)<\/text>/g)]
		.map((m) => [...m[1].matchAll(/<tspan[^>]*>(.*?)<\/tspan>/g)].map((t) => t[1]).join(' ') || m[1])
		.map((t) => t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&'))
		.join('\n');
}

/** A minimal well-formedness check: every "<" opens a tag, "&" an entity, tags are balanced. */
function expectWellFormed(svg: string) {
	const body = svg.replace(/^<\?xml[^>]*\?>\s*/, '');
	expect(body).not.toMatch(/&(?!(amp|lt|gt|quot|apos);)/);
	const stack: string[] = [];
	for (const m of body.matchAll(/<(\/?)([a-zA-Z]+)([^<>]*?)(\/?)>/g)) {
		if (m[4]) continue;
		if (m[1]) expect(stack.pop()).toBe(m[2]);
		else stack.push(m[2]);
	}
	expect(stack).toEqual([]);
	// Nothing left between tags that looks like markup.
	expect(body.replace(/<(\/?)([a-zA-Z]+)([^<>]*?)(\/?)>/g, '')).not.toMatch(/[<>]/);
}

describe('boardToSvg', () => {
	it('escapes <, & and quotes in notes, cluster titles and the title', () => {
		const svg = boardToSvg({
			title: 'Insertion & "emploi"',
			columns: COLUMNS,
			notes: [note('n1', 'Moins de <5 places & des "délais" d\'attente', 'problematiques', { clusterId: 'c1' }), note('n2', '<script>alert(1)</script>')],
			clusters: [{ id: 'c1', title: 'Garde <d’enfants> & "mobilité"', column: 'problematiques', position: 0 }]
		});
		expect(svg).not.toContain('<script>');
		expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
		expect(svg).toContain('Moins de &lt;5 places &amp; des');
		expect(svg).toContain('&quot;délais&quot; d&apos;attente');
		expect(svg).toContain('Garde &lt;d’enfants&gt; &amp;');
		expect(svg).toContain('Insertion &amp; &quot;emploi&quot;');
		// Once decoded, the texts read as typed.
		const all = texts(svg).replace(/\n/g, ' ');
		expect(all).toContain('Moins de <5 places & des "délais" d\'attente');
		expect(all).toContain('Garde <d’enfants> & "mobilité"');
		expectWellFormed(svg);
	});

	it('drops characters XML cannot hold', () => {
		expect(xml('a\u0000b\u0007c\td')).toBe('abc\td');
	});

	it('wraps long notes into several lines, none wider than the note', () => {
		const long = 'Les délais d’accès aux modes de garde empêchent les parents isolés de reprendre une formation ou un emploi sur le territoire';
		const svg = boardToSvg({ title: 'Enfance', columns: COLUMNS, notes: [note('n1', long)], clusters: [] });
		const spans = [...svg.matchAll(/<g class="note"[^>]*>.*?<\/g>/g)][0][0].match(/<tspan[^>]*>(.*?)<\/tspan>/g)!;
		expect(spans.length).toBeGreaterThan(2);
		const lines = spans.map((s) => s.replace(/<[^>]+>/g, ''));
		expect(lines.join(' ')).toBe(xml(long));
		for (const l of lines) expect(l.length).toBeLessThanOrEqual(36);
	});

	it('shows every note, in its column, clustered or not, with cluster titles and votes', () => {
		const notes = [
			note('n1', 'Réseau associatif dense'),
			note('n2', 'Transports rares le soir', 'problematiques', { clusterId: 'c1', colour: 'rose' }),
			note('n3', 'Permis de conduire coûteux', 'problematiques', { clusterId: 'c1', colour: 'orange' }),
			note('n4', 'Manque de logements d’urgence', 'problematiques', { colour: 'bleu' }),
			note('n5', 'Note d’une ancienne colonne', 'menaces', { colour: 'vert' })
		];
		const svg = boardToSvg({
			title: 'Insertion sociale',
			subtitle: 'Diagnostic partagé · jeudi 3 décembre 2026',
			columns: COLUMNS,
			notes,
			clusters: [{ id: 'c1', title: 'Mobilité', column: 'problematiques', position: 0 }],
			votes: new Map([['c1', 7], ['n4', 1]])
		});
		const all = texts(svg);
		for (const n of notes) expect(all.replace(/\n/g, ' ')).toContain(n.text);
		expect(svg.match(/<g class="note"/g)).toHaveLength(notes.length);
		expect(all).toContain('Mobilité');
		expect(all).toContain('2 notes · 7 votes');
		expect(all).toContain('1 vote');
		expect(all).toMatch(/Atouts.*\(1\)/);
		expect(all).toMatch(/Problématiques.*\(3\)/);
		expect(all).toContain('menaces');
		expect(all).toContain('Diagnostic partagé · jeudi 3 décembre 2026');
		expect(svg).toContain(`fill="${NOTE_FILLS.rose}"`);
		expect(svg).toContain(`fill="${NOTE_FILLS.orange}"`);
		expect(svg).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
		expectWellFormed(svg);
	});

	it('draws an empty board', () => {
		const svg = boardToSvg({ title: 'Vide', columns: COLUMNS, notes: [], clusters: [] });
		expect(svg).toContain('0 note en 2 colonnes');
		expectWellFormed(svg);
	});
});

describe('wrapText', () => {
	it('cuts between words, and inside a word longer than a line', () => {
		expect(wrapText('un deux trois quatre', 9)).toEqual(['un deux', 'trois', 'quatre']);
		expect(wrapText('abcdefghij kl', 4)).toEqual(['abcd', 'efgh', 'ij', 'kl']);
	});

	it('ends the last kept line with an ellipsis when lines are left out', () => {
		expect(wrapText('un deux trois quatre cinq', 9, 2)).toEqual(['un deux', 'trois…']);
	});
});
