import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { Client } from '../helpers/http.ts';
import { startDemo, type DemoEnvironment } from './support.ts';
import { findSoffice } from '../../src/lib/server/exports/libreoffice.ts';

// The plan, a fiche and the restitution report as PDF and ODT through LibreOffice, read back page
// by page with pdftotext as a reader turns the pages: each demo fiche opens its own page, no
// planning row is cut by a page break, the sommaire gives each fiche's real page. The test
// command installs LibreOffice and poppler-utils (tests/run-all.sh); without them these tests
// fail rather than skip, so a machine that lacks them is noticed.

const FIXTURE = new URL('../../src/lib/server/demo/fixtures/fiches-val-de-saone-dombes.json', import.meta.url);
type FixtureFiche = { code: string; title: string; planning: Record<string, string>[] };
const fixture = (JSON.parse(readFileSync(FIXTURE, 'utf8')) as { fiches: FixtureFiche[] }).fiches;

let demo: DemoEnvironment;
let client: Client;
const out = mkdtempSync(join(tmpdir(), 'tablee-office-test-'));

beforeAll(async () => {
	expect(findSoffice(), 'LibreOffice (soffice) must be installed: see tests/run-all.sh').not.toBeNull();
	demo = await startDemo();
	client = demo.facilitator;
}, 60_000);
afterAll(async () => demo?.close());

async function download(path: string, type: string): Promise<Buffer> {
	const res = await client.get(path);
	expect(res.status, `${path}: ${res.status}`).toBe(200);
	expect(res.headers.get('content-type')).toBe(type);
	return Buffer.from(await res.arrayBuffer());
}

/** The text of each page (pdftotext writes a form feed between pages), spaces folded, or as laid out. */
function pages(pdf: Buffer, name: string, layout = false): string[] {
	const file = join(out, name);
	writeFileSync(file, pdf);
	const text = execFileSync('pdftotext', ['-enc', 'UTF-8', ...(layout ? ['-layout'] : []), file, '-'], { encoding: 'utf8' });
	return text.split('\f').slice(0, -1).map((p) => (layout ? p : p.replace(/\s+/g, ' ').trim()));
}

/** The words of a text a reader would look for (five letters or more). */
function words(s: string): string[] {
	return s.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 5);
}

/** Text as it appears in the PDF once line breaks and hyphenation are folded away. */
function squash(s: string): string {
	return s.replace(/\s+/g, ' ').trim();
}

describe('the plan as PDF', () => {
	let text: string[];
	let laidOut: string[];
	beforeAll(async () => {
		const pdf = await download('/projets/1/plan.pdf', 'application/pdf');
		text = pages(pdf, 'plan.pdf');
		laidOut = pages(pdf, 'plan.pdf', true);
	}, 200_000);

	it('[DOC1] each demo fiche opens its own page, and fits on it (at most one page more when it cannot)', () => {
		const starts = fixture.map((f) => {
			const found = text.map((p, i) => (p.includes(`Fiche-action n° ${f.code} `) ? i : -1)).filter((i) => i >= 0);
			expect(found, f.code).toHaveLength(1);
			// The heading is the first thing on its page, after the running header (the plan's name).
			expect(text[found[0]].indexOf(`Fiche-action n° ${f.code}`), f.code).toBeLessThan(120);
			return found[0];
		});
		const lengths = starts.map((s, i) => (starts[i + 1] ?? text.length) - s);
		const onOnePage = lengths.filter((n) => n === 1).length;
		// Measured on the 20 demo fiches (README): most on one page, none over two. Since the demo is a
		// plan in its third year (issue 17), done steps carry their results in "Principaux éléments":
		// 19 of 20 fitted one page without them, 16 with them (2026-12-07); none runs over two.
		const perFiche = JSON.stringify(Object.fromEntries(fixture.map((f, i) => [f.code, lengths[i]])));
		expect(Math.max(...lengths), perFiche).toBeLessThanOrEqual(2);
		expect(onOnePage, perFiche).toBeGreaterThanOrEqual(16);
	});

	it('[DOC2] no planning row is cut by a page break: all the words of each row are on one page', () => {
		for (const f of fixture) {
			const first = text.findIndex((p) => p.includes(`Fiche-action n° ${f.code} `));
			const next = text.findIndex((p, i) => i > first && p.includes('Fiche-action n° '));
			const fichePages = text.slice(first, next === -1 ? text.length : next).map((p) => new Set(words(p)));
			for (const row of f.planning) {
				const rowWords = Object.values(row).flatMap(words);
				if (!rowWords.length) continue;
				const holders = fichePages.filter((page) => rowWords.every((w) => page.has(w)));
				expect(holders.length, `${f.code}: ${row.quoi.slice(0, 50)}`).toBeGreaterThanOrEqual(1);
			}
		}
	});

	it('[DOC3] the sommaire is grouped by axis and gives the page each fiche starts on', () => {
		const start = laidOut.findIndex((p) => p.includes('Sommaire des actions'));
		expect(start).toBeGreaterThan(0);
		const lines = laidOut.slice(start, start + 3).join('\n').split('\n');
		const lineOf = (pattern: RegExp) => lines.findIndex((l) => pattern.test(l));
		for (const f of fixture) {
			const page = text.findIndex((p) => p.includes(`Fiche-action n° ${f.code} `)) + 1;
			// "Mieux se connaître …   1/COOR   DT Val de Saône   4": the code, then its page at the end of the line.
			const line = lines[lineOf(new RegExp(`\\s${f.code.replace('/', '\\/')}\\s`))] ?? '';
			expect(line.trimEnd(), f.code).toMatch(new RegExp(`\\s${page}$`));
		}
		const order = [/^Axe COOR · Coordination$/, /\s1\/COOR\s/, /\s19\/COOR\s/, /^Axe INS · Insertion$/, /\s20\/INS\s/].map((re) => lines.findIndex((l) => re.test(l.trim()) || re.test(l)));
		expect(order.every((i) => i >= 0)).toBe(true);
		expect([...order].sort((x, y) => x - y)).toEqual(order);
	});
});

describe('other documents and formats', () => {
	it('[DOC4] one fiche as PDF is one page; the plan as ODT is an OpenDocument text', async () => {
		const fiche = pages(await download('/fiches/1/fiche.pdf', 'application/pdf'), 'fiche.pdf');
		expect(fiche[0]).toContain(`Fiche-action n° ${fixture[0].code}`);
		expect(fiche.length).toBeLessThanOrEqual(2);
		const odt = await JSZip.loadAsync(await download('/projets/1/plan.odt', 'application/vnd.oasis.opendocument.text'));
		expect(await odt.file('mimetype')!.async('string')).toBe('application/vnd.oasis.opendocument.text');
		expect(await odt.file('content.xml')!.async('string')).toContain(fixture[1].title.replace(/'/g, '&apos;').slice(0, 20));
	}, 200_000);

	it('[DOC5] the restitution report as PDF, with each table, its votes and the participation as pictures', async () => {
		const pdf = await download('/ateliers/1/restitution.pdf', 'application/pdf');
		const report = pages(pdf, 'restitution.pdf');
		expect(report.join(' ')).toContain('Insertion socioprofessionnelle');
		// pdfimages lists the pictures embedded: the demo's two tables (nobody has joined or voted in
		// the demo workshop yet: no vote nor participation chart).
		const list = execFileSync('pdfimages', ['-list', join(out, 'restitution.pdf')], { encoding: 'utf8' }).trim().split('\n').slice(2);
		expect(list.filter((l) => /^\s*\d+\s+\d+\s+image\s/.test(l)).length).toBe(2);
		const docx = await JSZip.loadAsync(await download('/ateliers/1/restitution.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'));
		const media = Object.keys(docx.files).filter((f) => /^word\/media\/.+\.png$/.test(f));
		expect(media.length).toBe(2);
		const body = await docx.file('word/document.xml')!.async('string');
		expect(body).toContain('descr="La table « Insertion socioprofessionnelle » telle qu’elle était');
	}, 200_000);
});

describe('without LibreOffice', () => {
	let server: RunningServer;
	afterAll(async () => server?.stop());

	it('[DOC6] a format this server cannot make is answered 503 with the reason in French; Word still works', async () => {
		server = await startServer({ SEED_DEMO: '1', DEMO_EMAIL: 'demo@ain.fr', DEMO_PASSWORD: 'mot-de-passe-demo', SOFFICE_PATH: '/nonexistent/soffice' });
		const c = new Client(server.url);
		expect((await c.post('/connexion', { email: 'demo@ain.fr', password: 'mot-de-passe-demo' })).status).toBe(303);
		const res = await c.get('/projets/1/plan.pdf');
		expect(res.status).toBe(503);
		expect(await res.text()).toBe(
			'Le format PDF n’est pas disponible sur ce serveur : LibreOffice n’y est pas installé (paquet Debian « libreoffice-writer-nogui »). Téléchargez la version Word (.docx).'
		);
		expect((await c.get('/projets/1/plan.docx')).status).toBe(200);
		// A server's start and its export worker's first document: seconds on a busy machine.
	}, 120_000);
});

