import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv.ts';

describe('CSV for French Excel', () => {
	it('starts with a BOM, separates with ";" and ends lines with CRLF', () => {
		expect(toCsv(['N°', 'Nom'], [[1, 'Mobilité']])).toBe('\uFEFFN°;Nom\r\n1;Mobilité\r\n');
	});

	it('quotes what needs it and doubles quotes', () => {
		expect(csvCell('a;b')).toBe('"a;b"');
		expect(csvCell('il a dit "oui"')).toBe('"il a dit ""oui"""');
		expect(csvCell('ligne 1\nligne 2')).toBe('"ligne 1\nligne 2"');
		expect(csvCell(null)).toBe('');
	});

	it('keeps formulas from running, but not dashes of lists or negative numbers', () => {
		expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
		expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
		expect(csvCell('- un point')).toBe('- un point');
		expect(csvCell('-12')).toBe('-12');
	});
});
