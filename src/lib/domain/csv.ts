// CSV as French Excel opens it: UTF-8 with a byte-order mark, ";" between fields, CRLF between
// lines.
//
// Formula injection (OWASP "CSV Injection"): a text cell that starts with = + - @ (or their
// full-width and small forms ＝ ＋ － ＠ ﹢ ﹣ and the minus sign, which spreadsheets may fold to
// ASCII), with a tab or a carriage return, is prefixed with an apostrophe: read as text, never run.
// The same after a "," ";" tab or line break inside the cell: a spreadsheet that splits on commas
// or breaks lines itself (its quote then no longer at a field's start) would begin a new field
// there ("a,=1+1" → "a,'=1+1"; a note's "\n- item" → "\n'- item").
// Numbers are written as numbers (a vote count stays a number, -3 included): only text is prefixed.
// A cell is quoted when it holds ";" or "," (another locale splits on commas), a quote, a tab or
// a line break. Control characters other than tab and line breaks are dropped.

const BOM = '\uFEFF';
const TRIGGERS = '=+\\-@\\uFF1D\\uFF0B\\uFF0D\\uFF20\\uFE62\\uFE63\\u2212';
const FORMULA_START = new RegExp(`^[\\t\\r\\n ]*[${TRIGGERS}]|^[\\t\\r]`);
const FORMULA_INSIDE = new RegExp(`([,;\\t\\r\\n] *)(?=[${TRIGGERS}])`, 'g');
const NEEDS_QUOTES = /[;,"\t\r\n]/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

export function csvCell(value: string | number | null | undefined): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
	let s = value.replace(CONTROL, '').replace(FORMULA_INSIDE, "$1'");
	if (FORMULA_START.test(s)) s = `'${s}`;
	return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string {
	return BOM + [header, ...rows].map((r) => r.map(csvCell).join(';')).join('\r\n') + '\r\n';
}
