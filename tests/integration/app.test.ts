import { afterEach, describe, expect, it } from 'vitest';
import { startInProcessServer, type InProcessServer } from '../helpers/in-process.ts';
import { createBoard, createProject, createWorkshop, join, joinCodeOf, newId, signUp } from './support.ts';
import { boardDocName } from '../../src/lib/docs/doc-names.ts';
import { addNote, getNotes } from '../../src/lib/docs/board.ts';
import { InProcessBroadcastHub } from '../../src/lib/server/realtime/in-process-broadcast.ts';
import { connectProvider } from '../helpers/sync-client.ts';

// The composition root: a test builds a whole app in its own process, serves it through the same
// request path as production (server/serve.ts over SvelteKit's built handler) and reads the app's
// state directly.

let server: InProcessServer | null = null;
afterEach(async () => {
	await server?.stop();
	server = null;
});

describe('createApp, in process', () => {
	it('serves pages and commands through the real routes, with its own database', async () => {
		process.env.OPEN_SIGNUP = '1';
		server = await startInProcessServer();
		const page = await fetch(`${server.url}/connexion`);
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('Connexion');

		const claire = await signUp(server as never, 'Claire Animatrice', 'claire@ain.fr');
		const projectId = await createProject(claire);
		const workshopId = await createWorkshop(claire, projectId);
		const boardId = await createBoard(claire, server.app.sqlite, workshopId, 'Logement');
		const { client: phone } = await join(server as never, joinCodeOf(server.app.sqlite, workshopId));
		const res = await phone.postJson(`/api/boards/${boardId}/commands`, { id: newId(), type: 'note.add', note: { id: newId(), column: 'atouts', text: 'Un foyer de jeunes travailleurs' } });
		expect(res.status, await res.clone().text()).toBe(200);
		// The note is in this app's live doc, read without any socket.
		expect(server.app.docs.read(boardDocName(boardId), getNotes).map((n) => n.text)).toEqual(['Un foyer de jeunes travailleurs']);
	});

	it('a second app starts empty: nothing is shared between instances', async () => {
		server = await startInProcessServer();
		const users = await server.app.db.selectFrom('users').select('id').execute();
		expect(users).toEqual([]);
		expect(server.app.syncStats().connections).toBe(0);
	});
});

describe('two app instances on one database (the Broadcast port)', () => {
	let second: InProcessServer | null = null;
	afterEach(async () => {
		await second?.stop();
		second = null;
	});

	it('[BC7] a note written through one instance’s socket reaches a client of the other instance, and is stored once', async () => {
		process.env.OPEN_SIGNUP = '1';
		const hub = new InProcessBroadcastHub();
		server = await startInProcessServer({ broadcast: hub.holder('a') });
		second = await startInProcessServer({ databasePath: server.databasePath, broadcast: hub.holder('b') }, { install: false });
		const claire = await signUp(server as never, 'Claire Animatrice', 'claire@ain.fr');
		const workshopId = await createWorkshop(claire, await createProject(claire));
		const boardId = await createBoard(claire, server.app.sqlite, workshopId, 'Mobilité');
		const docName = boardDocName(boardId);
		const atA = connectProvider(server.url, docName, claire.cookieHeader());
		const atB = connectProvider(second.url, docName, claire.cookieHeader());
		try {
			await Promise.all([atA.synced, atB.synced]);
			addNote(atA.doc, { id: 'n1', text: 'Transport à la demande', column: 'atouts', position: 1, colour: 'jaune', createdAt: 1 });
			await expect.poll(() => getNotes(atB.doc).map((n) => n.text), { timeout: 5000 }).toEqual(['Transport à la demande']);
			addNote(atB.doc, { id: 'n2', text: 'Covoiturage', column: 'problematiques', position: 1, colour: 'jaune', createdAt: 2 });
			await expect.poll(() => getNotes(atA.doc).map((n) => n.text).sort(), { timeout: 5000 }).toEqual(['Covoiturage', 'Transport à la demande']);
			// Each update is in the log once: appended by the instance that received it, not by the other.
			const rows = server.app.sqlite.prepare('select count(*) as n from doc_updates where doc_name = ?').get(docName) as { n: number };
			expect(rows.n).toBe(2);
		} finally {
			atA.destroy();
			atB.destroy();
		}
	});
});
