import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { Browser, decode, html, signIn, DEMO } from './support.ts';

// Restitution and text exports on the demo (2 tables of the published diagnostic, 20 fiches of the
// published plan): CSV for French Excel, Markdown, printable pages, the slides, the public link and
// the live stream that tells the slides a vote changed.

let server: RunningServer;
let staff: Browser;

beforeAll(async () => {
	server = await startServer(DEMO);
	staff = await signIn(server, DEMO.DEMO_EMAIL, DEMO.DEMO_PASSWORD);
});
afterAll(async () => {
	await server?.stop();
});

function csvLines(body: string): string[][] {
	return body
		.replace(/^\uFEFF/, '')
		.trimEnd()
		.split('\r\n')
		.map((l) => l.split(';'));
}

describe('CSV and Markdown', () => {
	it('[EX1] the sommaire opens in French Excel: BOM, ";", the plan in order, accents intact', async () => {
		const res = await staff.get('/projets/1/sommaire.csv');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(res.headers.get('content-disposition')).toContain("filename*=UTF-8''sommaire-projet-social-de-territoire-val-de-saone-dombes.csv");
		const bytes = new Uint8Array(await res.arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const lines = csvLines(new TextDecoder().decode(bytes));
		expect(lines[0]).toEqual(['N° action', "Nom de l'action", 'Porteur', 'Axe', 'Statut', 'Lieu / territoire', 'Début prévu', 'Fin prévue', 'Calendrier incomplet']);
		expect(lines).toHaveLength(21);
		expect(lines[1].slice(0, 5)).toEqual(['1/COOR', "Mieux se connaître entre partenaires d'un CDS", 'DT Val de Saône Dombes', 'COOR', 'Validée']);
		// Numbered 1 to 20 in order, each with its axis.
		lines.slice(1).forEach((l, i) => expect(l[0]).toBe(`${i + 1}/${l[3]}`));
	});

	it('[EX2] the contributions of a workshop: one line per note with its table and column', async () => {
		const body = await (await staff.get('/ateliers/1/contributions.csv')).text();
		const lines = csvLines(body);
		expect(lines[0]).toEqual(['Table', 'Colonne', 'Regroupement', 'Votes du regroupement', 'Rang', 'Contribution', 'Votes de la contribution', 'Structure', 'Fiche-action']);
		expect(lines.length - 1).toBe(54);
		expect(new Set(lines.slice(1).map((l) => l[0]))).toEqual(new Set(['Insertion socioprofessionnelle', 'Insertion sociale / précarité']));
		expect(new Set(lines.slice(1).map((l) => l[1]))).toEqual(new Set(['Atouts', 'Problématiques']));
	});

	it('[EX3] a fiche as Markdown, and its printable page; the whole plan printable', async () => {
		const md = await (await staff.get('/fiches/1/fiche.md')).text();
		expect(md).toMatch(/^# Fiche-action 1\/COOR : Mieux se connaître entre partenaires d'un CDS\n/);
		expect(md).toContain('## Objectifs visés\n\nAméliorer la lisibilité');
		expect(md).toContain('| Quoi | Qui et avec qui | Comment | Calendrier prévisionnel | Date réalisation | Principaux éléments |');
		expect(md).toContain('| 2ème semestre 2024 |');
		// Svelte's hydration markers (comments) split the text: leave them out.
		const one = decode(await html(await staff.get('/fiches/1/imprimer'))).replace(/<!--[\s\S]*?-->/g, '');
		expect(one).toContain('Fiche-action n° 1/COOR');
		expect(one).toContain('Imprimer ou enregistrer en PDF');
		const plan = decode(await html(await staff.get('/projets/1/plan/imprimer')));
		expect(plan).toContain('Sommaire des actions');
		expect((plan.match(/class="print-fiche/g) ?? []).length).toBe(20);
	});

	it('[EX4] nobody outside the project exports anything', async () => {
		const anonymous = new Browser(server.url);
		for (const path of ['/projets/1/sommaire.csv', '/ateliers/1/contributions.csv', '/fiches/1/fiche.md', '/projets/1/plan/imprimer', '/ateliers/1/restitution']) {
			const res = await anonymous.get(path);
			expect(res.status, path).toBe(303);
			expect(res.headers.get('location'), path).toMatch(/^\/connexion/);
		}
	});
});

describe('restitution', () => {
	it('[RS1] the slides page holds the figures, every table, and the QR code to rejoin', async () => {
		const page = decode(await html(await staff.get('/ateliers/1/restitution')));
		expect(page).toContain('Diagnostic partagé : tables rondes insertion');
		expect(page).toContain('Chiffres clés');
		expect(page).toContain('54</strong> contributions');
	});

	it('[RS2] a public link shows the restitution without an account, with nothing to edit, until revoked', async () => {
		const until = new Date(Date.now() + 30 * 24 * 3600_000).toISOString().slice(0, 10);
		const created = await staff.post('/ateliers/1/restitution?/share', { until });
		expect(created.status).toBe(200);
		const link = /\/restitution\/[a-z2-7]+/.exec(decode(await html(created)))![0];
		const visitor = new Browser(server.url);
		const shown = decode(await html(await visitor.get(link)));
		expect(shown).toContain('Diagnostic partagé : tables rondes insertion');
		expect(shown).not.toMatch(/<form|<textarea|<input(?![^>]*readonly)/);
		// The public can neither open a table's socket nor post to the staff's actions.
		expect((await visitor.post('/ateliers/1/restitution?/unshare', {})).headers.get('location')).toMatch(/^\/connexion/);

		expect((await staff.post('/ateliers/1/restitution?/unshare', {})).status).toBe(200);
		expect(decode(await html(await visitor.get(link)))).toContain('Cette restitution n’est plus partagée');
		expect((await visitor.get(`${link}/evenements`)).status).toBe(404);
	});

	it('[RS3] the live stream says "change" when a participant votes', async () => {
		// The table goes to the vote phase; a participant joins.
		expect((await staff.postJson('/api/boards/1/control', { action: 'phase', phase: 'vote' })).status).toBe(200);
		const participant = new Browser(server.url);
		expect((await participant.postJson('/api/join', { code: DEMO.DEMO_JOIN_CODE, name: 'Vera', organisation: 'CCAS de Trévoux' })).status).toBe(200);

		const controller = new AbortController();
		const res = await fetch(`${server.url}/ateliers/1/restitution/evenements`, { headers: { cookie: staff.cookieHeader() }, signal: controller.signal });
		expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
		const reader = res.body!.getReader();
		let received = '';
		const next = async (token: string) => {
			while (!received.includes(token)) {
				const { value, done } = await reader.read();
				if (done) throw new Error(`stream ended before « ${token} »: ${received}`);
				received += new TextDecoder().decode(value);
			}
		};
		await next('event: ready');
		const vote = await participant.postJson('/api/boards/1/commands', { id: randomUUID(), type: 'vote.cast', targetId: 'demo-1-0' });
		expect(vote.status).toBe(200);
		await next('event: change');
		controller.abort();
	});

	it('[RS4] the slides hide what the table hides: tallies show once the facilitator shows them', async () => {
		// RS3 left a vote on table 1, whose tallies are hidden (the default).
		const hidden = decode(await html(await staff.get('/ateliers/1/restitution'))).replace(/<!--[\s\S]*?-->/g, '');
		expect(hidden).toContain('0</strong> vote');
		const csv = await (await staff.get('/ateliers/1/contributions.csv')).text();
		expect(csv).toMatch(/;1;[^\r]*\r\n/); // the staff's exports keep the real count
		expect((await staff.postJson('/api/boards/1/control', { action: 'modes', votesHidden: false })).status).toBe(200);
		const shown = decode(await html(await staff.get('/ateliers/1/restitution'))).replace(/<!--[\s\S]*?-->/g, '');
		expect(shown).toContain('1</strong> vote');
	});
});
