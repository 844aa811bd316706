import { describe, expect, it } from 'vitest';
import { barChartSvg, svgToPng } from './pictures.ts';

describe('pictures for the Word documents', () => {
	it('[PIC1] renders an SVG to a PNG twice its size, with text typed by the public escaped', () => {
		const svg = barChartSvg('Votes par regroupement', [
			{ label: 'Mobilité <script>x</script> & co', value: 7 },
			{ label: 'Accès aux droits', value: 3 }
		]);
		expect(svg).toContain('Mobilité &lt;script&gt;x&lt;/script&gt; &amp; co');
		expect(svg).not.toContain('<script>');
		const png = svgToPng(svg);
		expect([...png.data.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
		expect(png.width).toBe(1440);
		expect(png.height).toBe(2 * (40 + 2 * 26 + 12));
	});

	it('[PIC2] draws the longest bar for the highest value and says when there is nothing to draw', () => {
		const svg = barChartSvg('Participants', [
			{ label: 'CAF', value: 10 },
			{ label: 'CCAS', value: 5 }
		]);
		const widths = [...svg.matchAll(/<rect x="300" y="\d+" width="(\d+)"/g)].map((m) => Number(m[1]));
		expect(widths).toEqual([360, 180]);
		expect(barChartSvg('Participants', [])).toContain('Aucune donnée.');
	});
});
