import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { Client } from '../helpers/http.ts';

let server: RunningServer;
beforeAll(async () => {
	server = await startServer();
});
afterAll(async () => {
	await server.stop();
});

describe('smoke', () => {
	it('serves the French home page', async () => {
		const c = new Client(server.url);
		const res = await c.get('/');
		expect(res.status).toBe(200);
		expect(await res.text()).toContain('<html lang="fr">');
	});
});
