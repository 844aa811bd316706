import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { Browser, DEMO, html, newId, openDb, sendCommand, signIn } from './support.ts';

// Names, organisations, titles and notes are normalised where they enter, whichever door:
// NFC, no bidi controls, no zero-width characters, no control characters (NUL included).

let server: RunningServer;
let db: Database.Database;

beforeAll(async () => {
	server = await startServer(DEMO);
	db = openDb(server);
});
afterAll(async () => {
	db?.close();
	await server?.stop();
});

describe('[NORM2] through the real routes', () => {
	it('stores a joined participant’s name and organisation without invisible characters, composed', async () => {
		const c = new Browser(server.url);
		const res = await c.postJson('/api/join', { code: DEMO.DEMO_JOIN_CODE, name: '\u202EReneHcé\u202C \u200BRene\u0301e', organisation: 'CAF\u0000 de l’Ain\u2066' });
		expect(res.status).toBe(200);
		const { participant } = (await res.json()) as { participant: { id: number; name: string; organisation: string } };
		expect(participant.name).toBe('ReneHcé Renée');
		expect(db.prepare('SELECT display_name, organisation FROM participants WHERE id = ?').get(participant.id)).toEqual({
			display_name: 'ReneHcé Renée',
			organisation: 'CAF de l’Ain'
		});
		// A note keeps its line breaks and loses the rest.
		const boardId = db.prepare('SELECT b.id FROM boards b JOIN workshops w ON w.id = b.workshop_id WHERE w.join_code = ?').pluck().get(DEMO.DEMO_JOIN_CODE) as number;
		const r = await sendCommand({ client: c }, boardId, { type: 'note.add', note: { id: newId(), text: 'Ligne 1\r\n\u202ELigne 2\u0000', column: 'atouts' } });
		expect(r.status).toBe(200);
		const staff = await signIn(server, DEMO.DEMO_EMAIL, DEMO.DEMO_PASSWORD);
		const board = await html(await staff.get(`/tables/${boardId}`));
		expect(board).toContain('Ligne 1\nLigne 2');
		expect(board).not.toContain('\u202E');
	});

	it('refuses a name made only of invisible characters, in French (400)', async () => {
		const res = await new Browser(server.url).postJson('/api/join', { code: DEMO.DEMO_JOIN_CODE, name: '\u200B\u202E\u0000', organisation: 'CAF' });
		expect(res.status).toBe(400);
		expect(((await res.json()) as { message: string }).message).toBe('Votre nom : champ obligatoire.');
	});

	it('normalises a workshop title typed by a facilitator', async () => {
		const staff = await signIn(server, DEMO.DEMO_EMAIL, DEMO.DEMO_PASSWORD);
		const res = await staff.post('/projets/1/ateliers/nouveau', { title: 'Bilan\u200B \u2067mi-parcours\u2069', date: '', place: 'Bourg\u0007', phase: 'bilan' });
		expect(res.status).toBe(303);
		expect(db.prepare('SELECT title, place FROM workshops ORDER BY id DESC').get()).toEqual({ title: 'Bilan mi-parcours', place: 'Bourg' });
	});
});
