import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { Browser, DAY, DEMO, html, joinParticipant, newId, openDb, sendCommand, setServerClock, signIn, signUp, type Participant } from './support.ts';

// Personal data (RGPD): a participant sees, downloads and erases what Tablée holds about them;
// a facilitator exports and erases a participant; sessions, IP-bearing logs and participants'
// names are purged after their retention; public restitution links end on their day; the legal
// pages exist and every page links to them.

const clockFile = join(mkdtempSync(join(tmpdir(), 'tablee-clock-')), 'offset');
const ENV = { ...DEMO, TABLEE_TEST_CLOCK_FILE: clockFile, LEGAL_PUBLISHER: 'Département de l’Ain', LEGAL_DPO: 'dpo@ain.fr' };
let server: RunningServer;
let db: Database.Database;
let staff: Browser;
let workshopId: number;
let boardId: number;
let offset = 0;
async function advance(ms: number) {
	offset += ms;
	await setServerClock(server, clockFile, offset);
}
const strip = (s: string) => s.replace(/<!--[^>]*-->/g, '');
async function addNote(p: Participant, text: string) {
	const r = await sendCommand(p, boardId, { type: 'note.add', note: { id: newId(), text, column: 'problematiques' } });
	expect(r.status).toBe(200);
}

beforeAll(async () => {
	server = await startServer(ENV);
	db = openDb(server);
	staff = await signIn(server, DEMO.DEMO_EMAIL, DEMO.DEMO_PASSWORD);
	workshopId = db.prepare('SELECT id FROM workshops WHERE join_code = ?').pluck().get(DEMO.DEMO_JOIN_CODE) as number;
	boardId = db.prepare('SELECT id FROM boards WHERE workshop_id = ? ORDER BY position').pluck().get(workshopId) as number;
});
afterAll(async () => {
	db?.close();
	await server?.stop();
});

describe('[RGPD1] a participant sees and erases their data', () => {
	let nadia: Participant;
	beforeAll(async () => {
		nadia = await joinParticipant(server, 'Nadia Benali', 'CAF de l’Ain');
		await addNote(nadia, 'Manque de places en crèche à horaires décalés');
		await addNote(nadia, 'Transports rares le soir');
	});

	it('shows their name, organisation and notes, and gives them as a JSON file', async () => {
		const page = strip(await html(await nadia.client.get('/atelier/mes-donnees')));
		for (const s of ['Nadia Benali', 'CAF de l’Ain', 'Manque de places en crèche à horaires décalés', 'Transports rares le soir']) expect(page).toContain(s);
		const res = await nadia.client.get('/atelier/mes-donnees.json');
		expect(res.headers.get('content-disposition')).toContain('attachment');
		const data = (await res.json()) as { participant: { name: string }; notes: { text: string }[] };
		expect(data.participant.name).toBe('Nadia Benali');
		expect(data.notes.map((n) => n.text)).toEqual(['Manque de places en crèche à horaires décalés', 'Transports rares le soir']);
	});

	it('asks for confirmation, then deletes the notes, removes the name and ends the session', async () => {
		expect((await nadia.client.post('/atelier/mes-donnees?/effacer', {})).status).toBe(400);
		const res = await nadia.client.post('/atelier/mes-donnees?/effacer', { confirmation: 'oui' });
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/donnees-personnelles?effacement=fait');
		expect(nadia.client.cookies.has('tablee_participant')).toBe(false);
		const board = await html(await staff.get(`/tables/${boardId}`));
		expect(board).not.toContain('horaires décalés');
		expect(board).not.toContain('Nadia Benali');
		expect(await html(await staff.get(`/ateliers/${workshopId}`))).not.toContain('Nadia Benali');
		expect(db.prepare('SELECT display_name, organisation FROM participants WHERE id = ?').get(nadia.id)).toEqual({ display_name: 'Participant·e', organisation: '' });
		expect(db.prepare('SELECT count(*) FROM participant_sessions WHERE participant_id = ?').pluck().get(nadia.id)).toBe(0);
		// Not in the journal of deleted notes either.
		expect(await html(await staff.get(`/tables/${boardId}/journal`))).not.toContain('horaires décalés');
		// Nor in the stored document: its update log was folded into a snapshot without the text.
		const stored = db.prepare('SELECT data FROM doc_updates WHERE doc_name = ? UNION ALL SELECT data FROM doc_snapshots WHERE doc_name = ?').all(`board:${boardId}`, `board:${boardId}`) as { data: Buffer }[];
		expect(stored.length).toBeGreaterThan(0);
		for (const row of stored) expect(Buffer.from(row.data).includes(Buffer.from('horaires décalés'))).toBe(false);
	});
});

describe('[RGPD2] a facilitator exports and erases a participant', () => {
	let karim: Participant;
	beforeAll(async () => {
		karim = await joinParticipant(server, 'Karim Aït', 'France Travail');
		await addNote(karim, 'Accompagnement numérique insuffisant');
	});

	it('exports the participant’s data; someone outside the project cannot', async () => {
		const path = `/ateliers/${workshopId}/participants/${karim.id}/donnees.json`;
		const data = (await (await staff.get(path)).json()) as { participant: { organisation: string }; notes: { text: string }[] };
		expect(data.participant.organisation).toBe('France Travail');
		expect(data.notes.map((n) => n.text)).toEqual(['Accompagnement numérique insuffisant']);
		const outsider = await signUp(server, 'Paul Durand', 'paul@ain.fr');
		expect((await outsider.get(path)).status).toBe(403);
		expect((await karim.client.get(path)).status).toBe(303);
	});

	it('erases the participant from the workshop page', async () => {
		expect((await staff.post(`/ateliers/${workshopId}?/eraseParticipant`, { participantId: String(karim.id) })).status).toBe(400);
		const res = await staff.post(`/ateliers/${workshopId}?/eraseParticipant`, { participantId: String(karim.id), confirmation: 'oui' });
		expect(res.status).toBe(200);
		expect(await html(res)).toContain('Données effacées : nom et structure retirés, 1 contribution supprimée.');
		expect(await html(await staff.get(`/tables/${boardId}`))).not.toContain('Accompagnement numérique insuffisant');
		expect((await karim.client.get('/atelier')).status).toBe(303);
	});
});

describe('[RGPD3] the legal pages', () => {
	it('exist, say who is responsible (from configuration), and every page links to them', async () => {
		const visitor = new Browser(server.url);
		const privacy = strip(await html(await visitor.get('/donnees-personnelles')));
		expect(privacy).toContain('Responsable du traitement : Département de l’Ain');
		expect(privacy).toContain('dpo@ain.fr');
		expect(strip(await html(await visitor.get('/mentions-legales')))).toContain('Département de l’Ain');
		const a11y = strip(await html(await visitor.get('/accessibilite')));
		expect(a11y).toContain('Déclaration d’accessibilité');
		expect(a11y).toContain('non conforme');
		expect(a11y).toContain('Défenseur des droits');
		for (const [client, path] of [[visitor, '/'], [visitor, '/rejoindre'], [visitor, '/connexion'], [staff, '/projets'], [staff, `/ateliers/${workshopId}`], [staff, `/tables/${boardId}`]] as const) {
			const page = strip(await html(await client.get(path)));
			for (const link of ['href="/donnees-personnelles"', 'href="/mentions-legales"', 'href="/accessibilite"']) expect(page, `${path} ${link}`).toContain(link);
			expect(page, path).toContain('Accessibilité : non conforme');
		}
	});
});

describe('[RGPD4] public restitution links end on their day', () => {
	it('shows the restitution until the chosen day, then no more', async () => {
		const today = new Date(Date.now() + offset).toISOString().slice(0, 10);
		const created = await staff.post(`/ateliers/${workshopId}/restitution?/share`, { until: today });
		expect(created.status).toBe(200);
		const link = /\/restitution\/[a-z2-7]{32}/.exec(await html(created))![0];
		const visitor = new Browser(server.url);
		expect(await html(await visitor.get(link))).not.toContain('n’est plus partagée');
		await advance(2 * DAY);
		expect(await html(await visitor.get(link))).toContain('Cette restitution n’est plus partagée');
		const past = await staff.post(`/ateliers/${workshopId}/restitution?/share`, { until: '2020-01-01' });
		expect(past.status).toBe(400);
	});
});

describe('[RGPD5] retention', () => {
	it('purges expired sessions, old IP logs and old participants’ names at start', async () => {
		// Two days have passed (RGPD4): joining the demo workshop closed by itself; reopen it.
		expect((await staff.post(`/ateliers/${workshopId}?/setJoining`, { open: '1' })).status).toBe(200);
		const lea = await joinParticipant(server, 'Léa Petit', 'Mission locale');
		await new Browser(server.url).postJson('/api/join', { code: 'ZZZZZZ', name: 'X', organisation: 'Y' });
		expect(db.prepare("SELECT count(*) FROM audit_log WHERE action = 'join.refused'").pluck().get()).toBeGreaterThan(0);
		// Killed, not stopped: stop() would delete the temporary folder holding the database.
		await server.kill();
		// 400 days later (clock file read at start): beyond the 365-day and 180-day retentions.
		offset += 400 * DAY;
		const { writeFileSync } = await import('node:fs');
		writeFileSync(clockFile, String(offset));
		server = await startServer({ ...ENV, DATABASE_PATH: server.databasePath });
		expect(db.prepare('SELECT display_name, organisation FROM participants WHERE id = ?').get(lea.id)).toEqual({ display_name: 'Participant·e', organisation: '' });
		expect(db.prepare("SELECT count(*) FROM participants WHERE display_name != 'Participant·e'").pluck().get()).toBe(0);
		expect(db.prepare('SELECT count(*) FROM participant_sessions').pluck().get()).toBe(0);
		expect(db.prepare("SELECT count(*) FROM audit_log WHERE action = 'join.refused'").pluck().get()).toBe(0);
		expect(db.prepare('SELECT count(*) FROM note_deletions WHERE author_name IS NOT NULL').pluck().get()).toBe(0);
	});
});
