import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { connectProvider, until, upgradeStatus, type SyncedClient } from '../helpers/sync-client.ts';
import { addNote, createCluster, getClusters } from '../../src/lib/docs/board.ts';
import { readFields, readMeta, setField } from '../../src/lib/docs/fiche.ts';
import { Browser, addMember, createBoard, createProject, createWorkshop, decode, html, openDb, signIn, signUp } from './support.ts';

// Fiches-actions through the real server: a cluster becomes a draft, co-writers (members and an
// invited partner) write it through Yjs, the SQL projection and search follow, and an invitation
// opens that fiche and nothing else.

let server: RunningServer;
let db: Database.Database;
let owner: Browser;
let observer: Browser;
let contributor: Browser;
let P: number;
let B: number;
const open: SyncedClient[] = [];

function provider(docName: string, cookie: string) {
	const p = connectProvider(server.url, docName, cookie);
	open.push(p);
	return p;
}

beforeAll(async () => {
	server = await startServer();
	db = openDb(server);
	owner = await signUp(server, 'Claire Pilote', 'owner@ain.fr');
	observer = await signUp(server, 'Odile Observatrice', 'observer@ain.fr');
	contributor = await signUp(server, 'Paul Porteur', 'porteur@ain.fr');
	P = await createProject(owner, { name: 'PST Bresse' });
	await addMember(owner, P, 'observer@ain.fr', 'observer');
	await addMember(owner, P, 'porteur@ain.fr', 'contributor');
	const W = await createWorkshop(owner, P, { title: 'Plan d’actions', phase: 'plan_actions' });
	B = await createBoard(owner, db, W, 'Insertion socioprofessionnelle');
});
afterAll(async () => {
	for (const p of open) p.destroy();
	db?.close();
	await server?.stop();
});

let F: number;

/** Writes refused by the sync server so far (owner is the instance's first account: its admin). */
async function refusedWrites(): Promise<number> {
	const m = (await (await owner.get('/api/metrics')).json()) as { totals: { refusedWrites: number } | null };
	return m.totals?.refusedWrites ?? 0;
}

describe('from a cluster to a fiche', () => {
	it('[FX1] "Créer une fiche-action" makes a pre-filled draft and the cluster points to it; asking twice gives the same fiche', async () => {
		const board = provider(`board:${B}`, owner.cookieHeader());
		await board.synced;
		board.doc.transact(() => {
			addNote(board.doc, { id: 'n1', text: 'Pas de transport vers la zone d’activité', column: 'problematiques', position: 1, colour: 'jaune', authorName: 'Nadia', organisation: 'Mission locale', createdAt: 1 });
			addNote(board.doc, { id: 'n2', text: 'Permis trop cher', column: 'problematiques', position: 2, colour: 'jaune', authorName: 'Luc', organisation: 'CCAS de Trévoux', createdAt: 2 });
			createCluster(board.doc, { id: 'c1', title: 'Mobilité vers l’emploi', column: 'problematiques', position: 1 }, ['n1', 'n2']);
		});
		// The server has the cluster once a fresh reader sees it.
		const check = provider(`board:${B}`, owner.cookieHeader());
		await check.synced;
		await until(check.doc, (d) => getClusters(d).length === 1);

		const res = await owner.postJson(`/api/boards/${B}/clusters/c1/fiche`, {});
		expect(res.status).toBe(200);
		F = ((await res.json()) as { ficheId: number }).ficheId;
		await until(board.doc, (d) => getClusters(d)[0].ficheId === F);
		expect(getClusters(board.doc)[0].ficheRef).toBe('1/INS');

		const fiche = provider(`fiche:${F}`, owner.cookieHeader());
		await fiche.synced;
		expect(readFields(fiche.doc)).toMatchObject({
			title: 'Mobilité vers l’emploi',
			diagnostic: 'Pas de transport vers la zone d’activité\nPermis trop cher',
			partenaires: 'Mission locale, CCAS de Trévoux',
			lieu: 'DT Bresse'
		});
		expect(readMeta(fiche.doc)).toMatchObject({ number: 1, axis: 'INS', status: 'brouillon' });

		const again = await owner.postJson(`/api/boards/${B}/clusters/c1/fiche`, {});
		expect(await again.json()).toEqual({ ficheId: F });
		// Only staff create fiches from a table; an unknown cluster is a French 404.
		expect((await observer.postJson(`/api/boards/${B}/clusters/c1/fiche`, {})).status).toBe(403);
		const unknown = await owner.postJson(`/api/boards/${B}/clusters/nope/fiche`, {});
		expect(unknown.status).toBe(404);
		expect(await unknown.json()).toEqual({ message: 'Regroupement introuvable.' });
	});

	it('[FX2] the fiche page shows where it came from; the sommaire finds what a co-writer just typed', async () => {
		const page = decode(await html(await owner.get(`/fiches/${F}`)));
		expect(page).toContain('D’où vient cette fiche');
		expect(page).toContain(`/tables/${B}#regroupement-c1`);

		const writer = provider(`fiche:${F}`, contributor.cookieHeader());
		await writer.synced;
		writer.doc.transact(() => {
			setField(writer.doc, 'porteur', 'CDS de Bourg-en-Bresse');
			setField(writer.doc, 'contenu', 'Plateforme de covoiturage solidaire');
		});
		const reader = provider(`fiche:${F}`, owner.cookieHeader());
		await reader.synced;
		await until(reader.doc, (d) => readFields(d).porteur === 'CDS de Bourg-en-Bresse');
		const list = decode(await html(await owner.get(`/projets/${P}/fiches?q=covoiturage`)));
		expect(list).toContain('1 fiche pour « covoiturage »');
		expect(list).toContain('CDS de Bourg-en-Bresse');
	});
});

describe('rights on a fiche', () => {
	it('[FX3] an observer reads but cannot write nor change the status', async () => {
		expect((await observer.get(`/fiches/${F}`)).status).toBe(200);
		const obs = provider(`fiche:${F}`, observer.cookieHeader());
		await obs.synced;
		const refusedBefore = await refusedWrites();
		setField(obs.doc, 'objectifs', 'écrit par une observatrice');
		// The server refuses it (read-only socket, counted), and a fresh load has not it.
		for (let i = 0; i < 150 && (await refusedWrites()) === refusedBefore; i++) await new Promise((r) => setTimeout(r, 20));
		expect(await refusedWrites()).toBeGreaterThan(refusedBefore);
		const res = await observer.post(`/fiches/${F}?/status`, { status: 'relecture' });
		expect(res.status).toBe(403);
		const fresh = provider(`fiche:${F}`, owner.cookieHeader());
		await fresh.synced;
		expect(readFields(fresh.doc).objectifs).toBe('');
	});

	it('[FX4] bad input on the status is answered in French', async () => {
		const res = await owner.post(`/fiches/${F}?/status`, { status: 'publiee' });
		expect(res.status).toBe(400);
		expect(decode(await html(res))).toContain('Statut inconnu.');
		const jump = await owner.post(`/fiches/${F}?/status`, { status: 'realisee' });
		expect(jump.status).toBe(400);
		expect(decode(await html(jump))).toContain('ne peut pas passer à « Réalisée »');
	});

	it('[FX5] an invited co-writer writes that fiche and nothing else; revoking closes the socket and the link', async () => {
		const created = await owner.post(`/fiches/${F}?/invite`, { name: 'Samia', organisation: 'Mission locale' });
		expect(created.status).toBe(200);
		const link = /\/fiches\/invitation\/\d+\/[a-z2-7]+/.exec(decode(await html(created)))![0];

		// Another fiche of the same project, for the scope check.
		const other = await owner.post(`/projets/${P}/fiches?/create`, {});
		expect(other.status).toBe(303);
		const OTHER = Number(/\/fiches\/(\d+)$/.exec(other.headers.get('location')!)![1]);

		const partner = new Browser(server.url);
		const opened = await partner.get(link);
		expect(opened.status).toBe(303);
		expect(opened.headers.get('location')).toBe(`/fiches/${F}`);
		expect((await partner.get(`/fiches/${F}`)).status).toBe(200);
		// Nothing else: another fiche, the project's sommaire, a table, their sockets.
		expect((await partner.get(`/fiches/${OTHER}`)).headers.get('location')).toMatch(/^\/connexion/);
		expect((await partner.get(`/projets/${P}/fiches`)).headers.get('location')).toMatch(/^\/connexion/);
		// A table's link sends whoever has not joined to the join page (issue 13), not into the table.
		expect((await partner.get(`/tables/${B}`)).headers.get('location')).toBe(`/rejoindre?table=${B}`);
		expect(await upgradeStatus(server.url, `fiche:${OTHER}`, { cookie: partner.cookieHeader(), origin: server.url })).toBe(401);
		expect(await upgradeStatus(server.url, `board:${B}`, { cookie: partner.cookieHeader(), origin: server.url })).toBe(401);
		// Nor the steering actions on their own fiche.
		expect((await partner.post(`/fiches/${F}?/status`, { status: 'relecture' })).status).toBe(403);

		const samia = provider(`fiche:${F}`, partner.cookieHeader());
		await samia.synced;
		setField(samia.doc, 'resultats', 'Trois jeunes sur quatre ont un moyen de transport');
		const reader = provider(`fiche:${F}`, owner.cookieHeader());
		await until(reader.doc, (d) => readFields(d).resultats.startsWith('Trois jeunes'));

		const closed = new Promise<number>((resolve) => samia.provider.on('connection-close', (e: CloseEvent | null) => resolve(e?.code ?? 0)));
		const inviteId = (db.prepare('SELECT id FROM fiche_invites WHERE fiche_id = ?').get(F) as { id: number }).id;
		expect((await owner.post(`/fiches/${F}?/revokeInvite`, { inviteId: String(inviteId) })).status).toBe(200);
		expect(await closed).toBe(4403);
		expect((await partner.get(`/fiches/${F}`)).headers.get('location')).toMatch(/^\/connexion/);
		expect(decode(await html(await partner.get(link)))).toContain('Ce lien d’invitation ne fonctionne plus');
	});
});

describe('import', () => {
	it('[FX6] the published fixture file imports as-is through the sommaire', async () => {
		const fixture = readFileSync(new URL('../../src/lib/server/demo/fixtures/fiches-val-de-saone-dombes.json', import.meta.url));
		const form = new FormData();
		form.append('fichier', new Blob([fixture], { type: 'application/json' }), 'fiches.json');
		const previewed = await owner.request(`/projets/${P}/fiches?/preview`, { method: 'POST', body: form });
		expect(previewed.status).toBe(200);
		const token = /name="jeton" value="([^"]+)"/.exec(decode(await html(previewed)))![1];
		// The project's own two fiches hold numbers 1 and 2, as do two of the file's: added as new.
		const res = await owner.post(`/projets/${P}/fiches?/import`, { jeton: token, doublons: 'new' });
		expect(res.status).toBe(200);
		expect(decode(await html(res))).toContain('20 fiches importées.');
		const count = db.prepare('SELECT COUNT(*) AS n FROM fiches WHERE project_id = ?').get(P) as { n: number };
		expect(count.n).toBe(22);
		// A malformed file is refused with the reason, in French.
		const bad = new FormData();
		bad.append('fichier', new Blob(['{"fiches": [{"title": ""}]}'], { type: 'application/json' }), 'f.json');
		const refused = await owner.request(`/projets/${P}/fiches?/preview`, { method: 'POST', body: bad });
		expect(decode(await html(refused))).toContain('Fiche 1 : l’intitulé de l’action manque.');
	});
});

describe('after a crash', () => {
	it('[FX7] what was typed just before a kill -9 reaches the sommaire after the restart', async () => {
		const writer = provider(`fiche:${F}`, owner.cookieHeader());
		await writer.synced;
		setField(writer.doc, 'indicateurs', 'Nombre de trajets solidaires par mois');
		// Seen by another client: the update is in the log. The projection runs a moment later, too late.
		const watcher = provider(`fiche:${F}`, owner.cookieHeader());
		await until(watcher.doc, (d) => readFields(d).indicateurs.startsWith('Nombre de trajets'));
		for (const p of open.splice(0)) p.destroy();
		await server.kill();
		db.close();
		server = await startServer({ DATABASE_PATH: server.databasePath });
		db = openDb(server);
		const again = await signIn(server, 'owner@ain.fr');
		const list = decode(await html(await again.get(`/projets/${P}/fiches?q=trajets+solidaires`)));
		expect(list).toContain('1 fiche pour « trajets solidaires »');
	});
});
