import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import JSZip from 'jszip';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { connectProvider, until, type SyncedClient } from '../helpers/sync-client.ts';
import { Client } from '../helpers/http.ts';
import { createCluster, getClusters, getNotes } from '../../src/lib/docs/board.ts';
import { FICHE_FIELDS, PLANNING_COLUMNS } from '../../src/lib/domain/fiche.ts';
import { Browser, decode, openDb, signIn, signUp, DEMO } from './support.ts';

// The Word exports through the real server, read back as a user would open them: the demo plan
// (20 published fiches) with its cover, sommaire and every fiche's fields and planning; one fiche
// alone; the restitution report of the demo workshop; and who may download them.

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const FIXTURE = new URL('../../src/lib/server/demo/fixtures/fiches-val-de-saone-dombes.json', import.meta.url);

type FixtureFiche = Record<string, string> & { number: number; code: string; title: string; planning: Record<string, string>[] };
const fixture = (JSON.parse(readFileSync(FIXTURE, 'utf8')) as { fiches: FixtureFiche[] }).fiches;

let server: RunningServer;
let db: Database.Database;
let owner: Browser;
let P: number;
let W: number;
const open: SyncedClient[] = [];

// ---------------------------------------------------------------------------------------------
// Reading a DOCX

/**
 * Well-formedness of an XML part, without a parser at hand: one root, every element closed in
 * order, only the five named entities or character references, no character XML 1.0 forbids.
 * Returns the problems found (none for a part Word opens).
 */
function xmlProblems(xml: string): string[] {
	const problems: string[] = [];
	if (!xml.startsWith('<?xml')) problems.push('no XML declaration');
	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(xml)) problems.push('forbidden control character');
	const stack: string[] = [];
	let roots = 0;
	for (const [token] of xml.replace(/^<\?xml[^>]*\?>/, '').matchAll(/<[^>]*>|[^<]+/g)) {
		if (!token.startsWith('<')) {
			if (/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(token)) problems.push(`bad entity in "${token.slice(0, 60)}"`);
			if (!stack.length && token.trim()) problems.push('text outside the root');
			continue;
		}
		if (token.startsWith('<?') || token.startsWith('<!')) continue;
		const close = /^<\/([\w:.-]+)\s*>$/.exec(token);
		if (close) {
			const top = stack.pop();
			if (top !== close[1]) problems.push(`</${close[1]}> closes <${top}>`);
			continue;
		}
		const openTag = /^<([\w:.-]+)(?:\s+[\w:.-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*\s*(\/?)>$/.exec(token);
		if (!openTag) {
			problems.push(`malformed tag ${token.slice(0, 80)}`);
			continue;
		}
		if (!stack.length) roots++;
		if (!openTag[2]) stack.push(openTag[1]);
	}
	if (stack.length) problems.push(`unclosed: ${stack.join(' > ')}`);
	if (roots !== 1) problems.push(`${roots} root elements`);
	return problems.slice(0, 5);
}

interface Docx {
	xml: string;
	/** The text of every paragraph (its <w:t> runs, unescaped), in document order. */
	paragraphs: string[];
	/** Every part of the package. */
	parts: string[];
	zip: JSZip;
}

async function readDocx(res: Response): Promise<Docx> {
	const zip = await JSZip.loadAsync(Buffer.from(await res.arrayBuffer()));
	const file = zip.file('word/document.xml');
	expect(file, 'word/document.xml in the package').not.toBeNull();
	const xml = await file!.async('string');
	const paragraphs = [...xml.matchAll(/<w:p(?:\s[^>]*)?>([\s\S]*?)<\/w:p>/g)].map(([, inner]) =>
		decode([...inner.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
	);
	return { xml, paragraphs, parts: Object.keys(zip.files), zip };
}

/** The lines of a value, as the export writes them (one paragraph each). */
function lines(value: string): string[] {
	return value
		.split(/\r?\n/)
		.map((l) => l.trim())
		.filter(Boolean);
}

function pageBreaks(xml: string): number {
	return (xml.match(/<w:pageBreakBefore\/>|<w:br w:type="page"\/>/g) ?? []).length;
}

async function expectDocx(res: Response, filename: string) {
	expect(res.status).toBe(200);
	expect(res.headers.get('content-type')).toBe(DOCX);
	const disposition = res.headers.get('content-disposition') ?? '';
	expect(disposition).toContain('attachment');
	expect(disposition).toContain(`filename="${filename}"`);
	expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent(filename)}`);
}

// ---------------------------------------------------------------------------------------------

beforeAll(async () => {
	server = await startServer(DEMO);
	db = openDb(server);
	owner = await signIn(server, DEMO.DEMO_EMAIL, DEMO.DEMO_PASSWORD);
	({ P, W } = db.prepare('SELECT project_id AS P, id AS W FROM workshops ORDER BY id LIMIT 1').get() as { P: number; W: number });
});
afterAll(async () => {
	for (const p of open) p.destroy();
	db?.close();
	await server?.stop();
});

describe('the plan as a Word document', () => {
	let plan: Docx;
	/** Paragraphs of each fiche's page(s), from its heading to the next one. */
	let sections: string[][];

	beforeAll(async () => {
		const res = await owner.get(`/projets/${P}/plan.docx`);
		await expectDocx(res, 'plan-projet-social-de-territoire-val-de-saone-dombes.docx');
		plan = await readDocx(res);
		const starts = plan.paragraphs.flatMap((p, i) => (p.startsWith('Fiche-action n° ') ? [i] : []));
		sections = starts.map((s, k) => plan.paragraphs.slice(s, starts[k + 1] ?? plan.paragraphs.length));
	});

	it('[DX1] unzips to a well-formed Word package', async () => {
		expect(plan.parts).toEqual(expect.arrayContaining(['[Content_Types].xml', 'word/document.xml', 'word/styles.xml', '_rels/.rels']));
		expect(xmlProblems(plan.xml)).toEqual([]);
		for (const part of plan.parts.filter((p) => /^word\/(header|footer)\d*\.xml$/.test(p))) {
			expect(xmlProblems(await plan.zip.file(part)!.async('string')), part).toEqual([]);
		}
		// A4 portrait, French.
		expect(plan.xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
		expect(await plan.zip.file('word/styles.xml')!.async('string')).toContain('w:val="fr-FR"');
	});

	it('[DX2] opens on a cover with the project, its territory, département, period and the day in French', () => {
		const cover = plan.paragraphs.slice(0, plan.paragraphs.indexOf('Sommaire des actions'));
		expect(cover).toEqual(
			expect.arrayContaining([
				'Projet social de territoire Val de Saône - Dombes',
				'DT Val de Saône Dombes',
				'Département : Ain',
				'2022-2028'
			])
		);
		const day = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' });
		// The document may have been made on either side of midnight.
		const days = [Date.now() - 3600_000, Date.now()].map((t) => `Document édité le ${day.format(t)}`);
		expect(cover.some((p) => days.includes(p))).toBe(true);
		// The project's name already says what it is: not said twice.
		expect(cover).not.toContain('Projet social de territoire');
	});

	it('[DX3] lists the sommaire (action, number, porteur, page) by axis, in number order, before the first fiche', () => {
		const start = plan.paragraphs.indexOf('Sommaire des actions');
		const firstFiche = plan.paragraphs.findIndex((p) => p.startsWith('Fiche-action n° '));
		expect(start).toBeGreaterThan(0);
		expect(firstFiche).toBeGreaterThan(start);
		const sommaire = plan.paragraphs.slice(start, firstFiche);
		expect(sommaire.slice(1, 6)).toEqual(['Axe COOR · Coordination', 'Nom de l’action', 'N° action', 'Porteur', 'Page']);
		expect(sommaire).toContain('Axe INS · Insertion');
		// Each page number is a PAGEREF field to a bookmark on the fiche's heading.
		expect(plan.xml.match(/PAGEREF fiche_\d+/g)).toHaveLength(fixture.length);
		expect(plan.xml.match(/<w:bookmarkStart [^>]*w:name="fiche_\d+"/g)).toHaveLength(fixture.length);
		// Each row: title, code, porteur, in the order of the numbers.
		let at = 6;
		for (const f of [...fixture].sort((a, b) => a.number - b.number)) {
			const row = sommaire.indexOf(f.title.trim(), at);
			expect(row, `sommaire row of ${f.code}`).toBeGreaterThanOrEqual(at);
			expect(sommaire[row + 1]).toBe(f.code);
			expect(sommaire.slice(row + 2, row + 2 + lines(f.porteur).length)).toEqual(lines(f.porteur));
			at = row + 1;
		}
		// The header row repeats on every page the table runs over.
		expect(plan.xml).toContain('<w:tblHeader/>');
	});

	it('[DX4] gives every fiche its own page with every field label and value, in the order of the sheet', () => {
		expect(sections).toHaveLength(fixture.length);
		expect(pageBreaks(plan.xml)).toBe(fixture.length);
		for (const [i, f] of [...fixture].sort((a, b) => a.number - b.number).entries()) {
			const s = sections[i];
			expect(s[0]).toBe(`Fiche-action n° ${f.code} · ${f.code.endsWith('INS') ? 'Insertion' : 'Coordination'}`);
			expect(s[1]).toBe(f.title.trim());
			let at = 2;
			for (const { key, label } of FICHE_FIELDS) {
				const l = s.indexOf(label, at);
				expect(l, `${f.code}: label "${label}"`).toBeGreaterThanOrEqual(at);
				at = l + 1;
				for (const line of lines(f[key] ?? '')) {
					const v = s.findIndex((p, k) => k >= at && p.trim() === line);
					expect(v, `${f.code}: ${key} "${line.slice(0, 50)}"`).toBeGreaterThanOrEqual(at);
					at = v + 1;
				}
			}
		}
	});

	it('[DX5] ends every fiche with the six-column planning table, its steps in order', () => {
		for (const [i, f] of [...fixture].sort((a, b) => a.number - b.number).entries()) {
			const s = sections[i];
			const start = s.indexOf('Planning et échéancier · Suivi de l’action');
			expect(start, f.code).toBeGreaterThan(0);
			expect(s.slice(start + 1, start + 7)).toEqual(PLANNING_COLUMNS.map((c) => c.label));
			let at = start + 7;
			for (const row of f.planning) {
				for (const { key } of PLANNING_COLUMNS) {
					for (const line of lines(row[key] ?? '')) {
						const v = s.findIndex((p, k) => k >= at && p.trim() === line);
						expect(v, `${f.code}: planning ${key} "${line.slice(0, 50)}"`).toBeGreaterThanOrEqual(at);
						at = v + 1;
					}
				}
			}
		}
	});

	it('[DX6] numbers its pages and carries the project name at the top of each', async () => {
		const footers = await Promise.all(plan.parts.filter((p) => /^word\/footer\d*\.xml$/.test(p)).map((p) => plan.zip.file(p)!.async('string')));
		expect(footers.some((x) => x.includes('>PAGE<') && x.includes('>NUMPAGES<') && x.includes('>Page </w:t>'))).toBe(true);
		const headers = await Promise.all(plan.parts.filter((p) => /^word\/header\d*\.xml$/.test(p)).map((p) => plan.zip.file(p)!.async('string')));
		expect(headers.some((x) => x.includes('Projet social de territoire Val de Saône - Dombes'))).toBe(true);
	});
});

describe('one fiche as a Word document', () => {
	it('[DX7] holds that fiche alone, without cover nor sommaire', async () => {
		const f = fixture.find((x) => x.number === 12)!;
		const { id } = db.prepare('SELECT id FROM fiches WHERE project_id = ? AND number = 12').get(P) as { id: number };
		const res = await owner.get(`/fiches/${id}/fiche.docx`);
		await expectDocx(res, `fiche-${f.code.replace('/', '-')}.docx`);
		const doc = await readDocx(res);
		expect(xmlProblems(doc.xml)).toEqual([]);
		expect(doc.paragraphs[0]).toMatch(new RegExp(`^Fiche-action n° ${f.code} · `));
		expect(doc.paragraphs[1]).toBe(f.title.trim());
		expect(doc.paragraphs).not.toContain('Sommaire des actions');
		expect(doc.paragraphs.filter((p) => p.startsWith('Fiche-action n° '))).toHaveLength(1);
		expect(pageBreaks(doc.xml)).toBe(0);
		const text = doc.paragraphs.join('\n');
		for (const { key, label } of FICHE_FIELDS) {
			expect(doc.paragraphs).toContain(label);
			for (const line of lines(f[key] ?? '')) expect(text).toContain(line);
		}
		for (const other of fixture.filter((x) => x !== f)) expect(doc.paragraphs).not.toContain(other.title.trim());
	});
});

describe('the restitution report of a workshop', () => {
	const clusterTitle = 'Mobilité vers l’emploi';
	let themes: string[];
	let clustered: string[];

	beforeAll(async () => {
		const boards = db.prepare('SELECT id, theme FROM boards WHERE workshop_id = ? ORDER BY position').all(W) as { id: number; theme: string }[];
		themes = boards.map((b) => b.theme);
		const B = boards[0].id;

		// A facilitator groups two problems of the first table.
		const board = connectProvider(server.url, `board:${B}`, owner.cookieHeader());
		open.push(board);
		await board.synced;
		clustered = getNotes(board.doc)
			.filter((n) => n.column === 'problematiques')
			.slice(0, 2)
			.map((n) => n.id);
		expect(clustered).toHaveLength(2);
		createCluster(board.doc, { id: 'c-mobilite', title: clusterTitle, column: 'problematiques', position: 1 }, clustered);
		const check = connectProvider(server.url, `board:${B}`, owner.cookieHeader());
		open.push(check);
		await check.synced;
		await until(check.doc, (d) => getClusters(d).some((c) => c.id === 'c-mobilite'));
		clustered = clustered.map((id) => getNotes(check.doc).find((n) => n.id === id)!.text);

		// Three partners join; two of them vote for the cluster.
		const voters: Client[] = [];
		for (const [name, organisation] of [
			['Nadia B.', 'CAF de l’Ain'],
			['Luc M.', 'CCAS de Trévoux'],
			['Sophie R.', 'CAF de l’Ain']
		]) {
			const c = new Client(server.url);
			expect((await c.postJson('/api/join', { code: DEMO.DEMO_JOIN_CODE, name, organisation })).status).toBe(200);
			voters.push(c);
		}
		expect((await owner.postJson(`/api/boards/${B}/control`, { action: 'phase', phase: 'vote' })).status).toBe(200);
		for (const v of voters.slice(0, 2)) {
			const res = await v.postJson(`/api/boards/${B}/commands`, { id: randomUUID().replaceAll('-', ''), type: 'vote.cast', targetId: 'c-mobilite' });
			expect(res.status).toBe(200);
		}
	});

	it('[DX8] shows each table by theme, its clusters with their votes and notes, and the organisations', async () => {
		const res = await owner.get(`/ateliers/${W}/restitution.docx`);
		await expectDocx(res, 'restitution-diagnostic-partage-tables-rondes-insertion.docx');
		const doc = await readDocx(res);
		expect(xmlProblems(doc.xml)).toEqual([]);
		const p = doc.paragraphs;
		expect(p).toContain('Diagnostic partagé : tables rondes insertion');
		expect(p).toContain('Projet social de territoire Val de Saône - Dombes');
		expect(p).toContain('jeudi 3 décembre 2026 · Maison départementale des solidarités, Trévoux');
		// Figures: 3 participants from 2 organisations.
		expect(p[p.indexOf('Participants') + 1]).toBe('3');
		expect(p[p.indexOf('Structures représentées') + 1]).toBe('2');

		const tableHeadings = p.filter((x) => x.startsWith('Table : '));
		expect(tableHeadings).toEqual(themes.map((t) => `Table : ${t}`));
		const cluster = p.indexOf(`1. ${clusterTitle} — 2 votes`);
		expect(cluster).toBeGreaterThan(p.indexOf(`Table : ${themes[0]}`));
		for (const [k, text] of clustered.entries()) expect(p[cluster + 1 + k]).toContain(text.trim());
		expect(p.slice(cluster).find((x) => x === 'Contributions hors regroupement')).toBeDefined();

		for (const heading of ['Problématiques partagées entre les tables', 'Fiches-actions rédigées', 'Structures participantes']) expect(p).toContain(heading);
		const orgs = p.slice(p.indexOf('Structures participantes'));
		expect(orgs.slice(1, 4)).toEqual(['Structure', 'Type', 'Participants']);
		const caf = orgs.indexOf('CAF de l’Ain');
		expect(orgs[caf + 2]).toBe('2');
		const ccas = orgs.indexOf('CCAS de Trévoux');
		expect(orgs[ccas + 1]).toBe('Communes et CCAS');
		expect(orgs[ccas + 2]).toBe('1');
	});
});

describe('who may download', () => {
	const paths = () => [`/projets/${P}/plan.docx`, `/fiches/${(db.prepare('SELECT id FROM fiches WHERE project_id = ? ORDER BY id LIMIT 1').get(P) as { id: number }).id}/fiche.docx`, `/ateliers/${W}/restitution.docx`];

	it('[DX9] sends an anonymous visitor to the sign-in page, and back to the file afterwards', async () => {
		for (const path of paths()) {
			const res = await new Browser(server.url).get(path);
			expect(res.status, path).toBe(303);
			expect(res.headers.get('location'), path).toBe(`/connexion?suite=${encodeURIComponent(path)}`);
		}
	});

	it('[DX10] lets a partner invited to a fiche download that fiche, and nothing else', async () => {
		const ids = (db.prepare('SELECT id FROM fiches WHERE project_id = ? ORDER BY number').all(P) as { id: number }[]).map((r) => r.id);
		const created = await owner.post(`/fiches/${ids[0]}?/invite`, { name: 'Samia', organisation: 'Mission locale' });
		expect(created.status).toBe(200);
		const link = /\/fiches\/invitation\/\d+\/[a-z2-7]+/.exec(decode(await created.text()))![0];
		const partner = new Browser(server.url);
		expect((await partner.get(link)).status).toBe(303);

		const res = await partner.get(`/fiches/${ids[0]}/fiche.docx`);
		await expectDocx(res, 'fiche-1-COOR.docx');
		expect((await readDocx(res)).paragraphs[0]).toBe('Fiche-action n° 1/COOR · Coordination');
		for (const path of [`/fiches/${ids[1]}/fiche.docx`, `/projets/${P}/plan.docx`, `/ateliers/${W}/restitution.docx`]) {
			expect((await partner.get(path)).headers.get('location'), path).toMatch(/^\/connexion/);
		}
	});

	it('[DX11] refuses an account that is not a member of the project (403)', async () => {
		const stranger = await signUp(server, 'Bruno Étranger', 'bruno@autre-departement.fr');
		for (const path of paths()) {
			const res = await stranger.get(path);
			expect(res.status, path).toBe(403);
			expect(res.headers.get('content-type'), path).not.toBe(DOCX);
		}
	});
});
