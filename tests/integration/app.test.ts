import { afterEach, describe, expect, it } from 'vitest';
import { startInProcessServer, type InProcessServer } from '../helpers/in-process.ts';
import { createBoard, createProject, createWorkshop, join, joinCodeOf, newId, signUp } from './support.ts';
import { boardDocName } from '../../src/lib/docs/doc-names.ts';
import { getNotes } from '../../src/lib/docs/board.ts';

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
