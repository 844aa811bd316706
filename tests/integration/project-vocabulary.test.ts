import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { Browser, decode, html, joinParticipant, openDb, signIn, DEMO } from './support.ts';

// "Vocabulaire du territoire": the project settings save a département's words (validated, French
// messages), and the table's facilitators fetch them for the suggestions; nobody else does.

let server: RunningServer;
let staff: Browser;

beforeAll(async () => {
	server = await startServer(DEMO);
	staff = await signIn(server, DEMO.DEMO_EMAIL, DEMO.DEMO_PASSWORD);
});
afterAll(async () => {
	await server?.stop();
});

const TEXT = '# Bugey\nmobilite : Rézo Pouce, TAD\nsaisonniers (Emplois saisonniers ; insertion) : saisonnier, station de ski';

describe('vocabulaire du territoire', () => {
	it('[SG4] the settings save the file and the table’s facilitators read it back', async () => {
		const res = await staff.post('/projets/1/parametres?/vocabulary', { vocabulary: TEXT });
		expect(res.status).toBe(200);
		expect(decode(await html(res))).toContain('Vocabulaire enregistré (2 lignes).');
		const settings = decode(await html(await staff.get('/projets/1/parametres')));
		expect(settings).toContain('Vocabulaire du territoire');
		expect(settings).toContain('saisonniers (Emplois saisonniers ; insertion) : saisonnier, station de ski');
		const api = await staff.get('/api/boards/1/vocabulary');
		expect(api.status).toBe(200);
		expect(await api.json()).toEqual({ text: TEXT, semantic: null });
		const db = openDb(server);
		expect(db.prepare("select count(*) as n from audit_log where action = 'project.vocabulary'").get()).toEqual({ n: 1 });
		db.close();
	});

	it('[SG4] refuses a bad file with a French message naming the line, and keeps what was saved', async () => {
		const res = await staff.post('/projets/1/parametres?/vocabulary', { vocabulary: 'mobilite : téléphérique\nlogement : bus' });
		expect(res.status).toBe(400);
		const page = decode(await html(res));
		expect(page).toContain('« bus » est déjà dans la notion « transports »');
		// The refused text stays in the field to be corrected.
		expect(page).toContain('logement : bus');
		expect(await (await staff.get('/api/boards/1/vocabulary')).json()).toEqual({ text: TEXT, semantic: null });
		const unknown = decode(await html(await staff.post('/projets/1/parametres?/vocabulary', { vocabulary: 'tourisme : touriste' })));
		expect(unknown).toContain('Ligne 1 : « tourisme » n’est pas une notion du thésaurus');
	});

	it('[SG4] an empty file goes back to the thesaurus alone', async () => {
		const res = await staff.post('/projets/1/parametres?/vocabulary', { vocabulary: '  ' });
		expect(decode(await html(res))).toContain('Vocabulaire retiré');
		expect(await (await staff.get('/api/boards/1/vocabulary')).json()).toEqual({ text: '', semantic: null });
		await staff.post('/projets/1/parametres?/vocabulary', { vocabulary: TEXT });
	});

	it('[SG4] participants and strangers cannot read it', async () => {
		const participant = await joinParticipant(server, 'Inès');
		expect((await participant.client.get('/api/boards/1/vocabulary')).status).toBe(401);
		expect((await new Browser(server.url).get('/api/boards/1/vocabulary')).status).toBe(401);
		expect((await staff.get('/api/boards/999999/vocabulary')).status).toBe(404);
	});
});
