import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { Browser, decode, html, joinParticipant, signIn, DEMO } from './support.ts';

// The optional semantic help against a local fake OpenAI-compatible server (the edge: an external
// API). Off by default; enabled per project with a notice; the texts go only to the configured
// endpoint, with its key; a failing endpoint leaves the local suggestions.

interface Received {
	path: string;
	authorization: string | undefined;
	body: { model: string; input?: string[]; messages?: { role: string; content: string }[] };
}

let fake: Server;
let received: Received[] = [];
let failWith: number | null = null;
let server: RunningServer;
let staff: Browser;

/** A tiny deterministic "model": one dimension per topic word family. */
function embed(text: string): number[] {
	const t = text.toLowerCase();
	const has = (words: string[]) => (words.some((w) => t.includes(w)) ? 1 : 0);
	return [has(['rsa', 'emploi', 'insertion']), has(['logement', 'loyer']), has(['santé', 'soin', 'médec']), has(['mobilité', 'transport']), 0.05];
}

async function readBody(req: IncomingMessage): Promise<string> {
	let s = '';
	for await (const chunk of req) s += chunk;
	return s;
}

beforeAll(async () => {
	fake = createServer(async (req, res) => {
		const body = JSON.parse(await readBody(req));
		received.push({ path: req.url ?? '', authorization: req.headers.authorization, body });
		if (failWith) {
			res.writeHead(failWith).end('{}');
			return;
		}
		res.setHeader('content-type', 'application/json');
		if (req.url === '/v1/embeddings') res.end(JSON.stringify({ data: (body.input as string[]).map((text, index) => ({ index, embedding: embed(text) })) }));
		else if (req.url === '/v1/chat/completions') {
			const groups = (body.messages[1].content as string).split('\n').length;
			// One usable label, one with markup to strip, the rest missing: local labels stay.
			const lines = ['1. « Accompagnement des allocataires du RSA ».', '2. <b>Accès au logement</b>'].slice(0, groups);
			res.end(JSON.stringify({ choices: [{ message: { content: lines.join('\n') } }] }));
		} else res.writeHead(404).end('{}');
	});
	await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(fake.address() as AddressInfo).port}/v1`;
	server = await startServer({ ...DEMO, SEMANTIC_API_URL: url, SEMANTIC_API_KEY: 'cle-de-test', SEMANTIC_EMBEDDING_MODEL: 'modele-emb', SEMANTIC_CHAT_MODEL: 'modele-chat' });
	staff = await signIn(server, DEMO.DEMO_EMAIL, DEMO.DEMO_PASSWORD);
});
afterAll(async () => {
	await server?.stop();
	await new Promise((resolve) => fake?.close(resolve));
});
beforeEach(() => {
	received = [];
	failWith = null;
});

const suggest = async (client = staff) => {
	const res = await client.request('/api/boards/1/semantic-suggestions', { method: 'POST', headers: { origin: server.url } });
	return { status: res.status, body: await res.json() };
};

describe('semantic help (OpenAI-compatible endpoint)', () => {
	it('[SG7] is off by default: nothing is sent, the settings say where texts would go', async () => {
		const r = await suggest();
		expect(r.status).toBe(409);
		expect(r.body.message).toBe('L’aide sémantique n’est pas activée pour ce projet (paramètres du projet).');
		expect(received).toEqual([]);
		const settings = decode(await html(await staff.get('/projets/1/parametres')));
		expect(settings).toContain(`seront envoyés à 127.0.0.1:`);
		expect(settings).not.toContain('cle-de-test');
		expect(await (await staff.get('/api/boards/1/vocabulary')).json()).toMatchObject({ semantic: null });
	});

	it('[SG7] once enabled, sends the table’s loose notes with the key, and returns suggestions with the model’s labels', async () => {
		const saved = await staff.post('/projets/1/parametres?/semantic', { semantic: 'on' });
		expect(decode(await html(saved))).toContain('Aide sémantique activée');
		expect((await (await staff.get('/api/boards/1/vocabulary')).json()).semantic.host).toMatch(/^127\.0\.0\.1:\d+$/);
		const r = await suggest();
		expect(r.status).toBe(200);
		const [embeddings, chat] = received;
		expect(embeddings.path).toBe('/v1/embeddings');
		expect(embeddings.authorization).toBe('Bearer cle-de-test');
		expect(embeddings.body.model).toBe('modele-emb');
		expect(embeddings.body.input!.length).toBe(22); // the demo table's 22 notes, none grouped yet
		expect(embeddings.body.input).toContain('Le besoin d\'accompagnements renforcés des bénéficiaires du RSA est souligné.');
		expect(chat.path).toBe('/v1/chat/completions');
		expect(chat.body.model).toBe('modele-chat');
		expect(r.body.suggestions.length).toBeGreaterThan(0);
		expect(r.body.suggestions[0]).toMatchObject({ label: 'Accompagnement des allocataires du RSA', labelSource: 'modele' });
		for (const s of r.body.suggestions) {
			expect(s.label).not.toMatch(/[<>«»]/);
			expect(s.noteIds.length).toBeGreaterThanOrEqual(2);
		}
	});

	it('[SG7] a failing endpoint answers 502 in French; participants cannot call it', async () => {
		failWith = 500;
		const r = await suggest();
		expect(r.status).toBe(502);
		expect(r.body.message).toMatch(/^Le service sémantique \(127\.0\.0\.1:\d+\) a répondu 500\. Les suggestions restent calculées sur l’appareil\.$/);
		const participant = await joinParticipant(server, 'Inès');
		expect((await suggest(participant.client as Browser)).status).toBe(401);
		await staff.post('/projets/1/parametres?/semantic', {});
		expect((await suggest()).status).toBe(409);
	});
});
