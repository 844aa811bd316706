// CSV as French Excel opens it: UTF-8 with a byte-order mark, ";" between fields, CRLF between
// lines, fields quoted when they hold ";", quotes or line breaks. A cell that Excel would take
// for a formula (=, +, @, or - followed by a non-space) is prefixed with an apostrophe.

const BOM = '\uFEFF';

export function csvCell(value: string | number | null | undefined): string {
	let s = value === null || value === undefined ? '' : String(value);
	if (/^[=+@\t\r]/.test(s) || /^-[^\s\d]/.test(s)) s = `'${s}`;
	return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string {
	return BOM + [header, ...rows].map((r) => r.map(csvCell).join(';')).join('\r\n') + '\r\n';
}
