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

	it('[CSV1] prefixes every text cell that a spreadsheet could run, numbers stay numbers', () => {
		expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
		expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
		expect(csvCell("-2+3+cmd|' /C calc'!A0")).toBe("'-2+3+cmd|' /C calc'!A0");
		expect(csvCell('+33 6 12')).toBe("'+33 6 12");
		expect(csvCell('\t=1+1')).toBe('"\'\t\'=1+1"');
		expect(csvCell('\r=1+1')).toBe('"\'\r\'=1+1"');
		expect(csvCell('\uFF1D1+1')).toBe("'\uFF1D1+1");
		expect(csvCell('\uFF0B1')).toBe("'\uFF0B1");
		expect(csvCell('\uFF0D1')).toBe("'\uFF0D1");
		expect(csvCell('\uFF20A1')).toBe("'\uFF20A1");
		expect(csvCell('- un point')).toBe("'- un point");
		expect(csvCell(-12)).toBe('-12');
		expect(csvCell(3)).toBe('3');
	});

	it('[CSV2] quotes cells holding a comma, a tab or a line break (another locale splits on commas), drops NUL', () => {
		expect(csvCell('a,=1+1')).toBe('"a,\'=1+1"');
		expect(csvCell('x\n- un\n -deux')).toBe('"x\n\'- un\n \'-deux"');
		expect(csvCell('Dit-il, oui')).toBe('"Dit-il, oui"');
		expect(csvCell('a\tb')).toBe('"a\tb"');
		expect(csvCell('CAF\u0000 de l’Ain')).toBe('CAF de l’Ain');
	});
});
