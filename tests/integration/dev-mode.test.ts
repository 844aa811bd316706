import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { getNotes } from '../../src/lib/docs/board.ts';
import { startDevServer } from '../helpers/dev-server.ts';
import { Client } from '../helpers/http.ts';
import { connectProvider, until, type SyncedClient } from '../helpers/sync-client.ts';

// The same server under `vite dev`: the plugin takes /sync/ upgrades, SvelteKit's routes run in
// Vite's module graph, and both must share one doc store.
const DEMO = { DEMO_EMAIL: 'demo@ain.fr', DEMO_PASSWORD: 'mot-de-passe-demo', DEMO_JOIN_CODE: 'K7M2PQ' };
let dev: Awaited<ReturnType<typeof startDevServer>>;
const clients: SyncedClient[] = [];

beforeAll(async () => {
	// The first `vite dev` of a fresh clone optimises its dependencies, on a machine busy with the
	// other test files: give it time.
	dev = await startDevServer(DEMO);
}, 240_000);

afterAll(async () => {
	for (const c of clients) c.destroy();
	await dev?.stop();
});

describe('vite dev', () => {
	it('[DEV1] a participant command (route) reaches a facilitator socket (plugin) through one doc store', async () => {
		const facilitator = new Client(dev.url);
		// The first request triggers hooks init (migrations, demo) if the plugin has not yet.
		expect((await facilitator.post('/connexion', { email: DEMO.DEMO_EMAIL, password: DEMO.DEMO_PASSWORD })).status).toBe(303);
		const participant = new Client(dev.url);
		const joined = await participant.postJson('/api/join', { code: DEMO.DEMO_JOIN_CODE, name: 'Nadia', organisation: 'CAF' });
		expect(joined.status).toBe(200);
		const { boards } = (await joined.json()) as { boards: { id: number; docName: string }[] };

		const watcher = connectProvider(dev.url, boards[0].docName, facilitator.cookieHeader());
		clients.push(watcher);
		await watcher.synced;
		expect(getNotes(watcher.doc).length).toBeGreaterThan(0);

		const noteId = randomUUID().replaceAll('-', '');
		const res = await participant.postJson(`/api/boards/${boards[0].id}/commands`, {
			id: randomUUID().replaceAll('-', ''),
			type: 'note.add',
			note: { id: noteId, text: 'Écrit en mode développement', column: 'atouts' }
		});
		expect(res.status).toBe(200);
		await until(watcher.doc, (d) => getNotes(d).some((n) => n.id === noteId));
		// And the server-rendered page (route side) shows what the socket side wrote.
		const page = await (await facilitator.get(`/tables/${boards[0].id}`)).text();
		expect(page).toContain('Écrit en mode développement');
	}, 60_000);

	it('[DEV2] leaves Vite’s own HMR socket alone', async () => {
		const { default: WebSocket } = await import('ws');
		// Vite's client carries the token its HMR socket requires.
		const client = await (await fetch(`${dev.url}/@vite/client`)).text();
		const token = /wsToken = "([^"]+)"/.exec(client)![1];
		const ws = new WebSocket(`${dev.url.replace('http', 'ws')}/?token=${token}`, 'vite-hmr', { headers: { origin: dev.url } });
		const first = await new Promise<string>((resolve, reject) => {
			ws.once('message', (d) => resolve(String(d)));
			ws.once('error', reject);
		});
		expect(JSON.parse(first).type).toBe('connected');
		ws.close();
	});
});
