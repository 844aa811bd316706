// npm run bench:board — how fast a big board opens in the browser, and what the board page ships.
// Starts the production server with the demo, writes N notes (default 1,000) into board:1 through a
// facilitator's stock y-websocket provider, then opens the board in Debian's Chromium as the
// facilitator and as a participant, several times, and reports:
//  - time from navigation start to every note rendered (first render of the live board),
//  - time until the socket has synced,
//  - JavaScript shipped by the board page (sum of its JS files, gzipped).
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { addNote } from '../src/lib/docs/board.ts';
import { startServer } from '../tests/helpers/server.ts';
import { Client } from '../tests/helpers/http.ts';
import { connectProvider } from '../tests/helpers/sync-client.ts';

const arg = (name: string, fallback: number) => {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const NOTES = arg('notes', 1000);
const RUNS = arg('runs', 5);
const DEMO = { SEED_DEMO: '1', DEMO_EMAIL: 'bench@ain.fr', DEMO_PASSWORD: 'mot-de-passe-bench', DEMO_JOIN_CODE: 'K7M2PQ' };

const server = await startServer(DEMO);
const facilitator = new Client(server.url);
await facilitator.post('/connexion', { email: DEMO.DEMO_EMAIL, password: DEMO.DEMO_PASSWORD });
const writer = connectProvider(server.url, 'board:1', facilitator.cookieHeader());
await writer.synced;
const columns = ['atouts', 'problematiques'];
for (let batch = 0; batch < NOTES; batch += 100) {
	writer.doc.transact(() => {
		for (let i = batch; i < Math.min(NOTES, batch + 100); i++) {
			addNote(writer.doc, {
				id: `bench-${i}`,
				text: `Contribution ${i} : difficultés d'accès aux droits, mobilité, logement et coordination des partenaires du territoire.`,
				column: columns[i % 2],
				position: 1000 + i,
				colour: 'jaune',
				authorName: `Participant ${i % 50}`,
				organisation: 'CCAS',
				createdAt: Date.now()
			});
		}
	});
}
// The writes are on the server once a fresh reader sees them all.
const check = connectProvider(server.url, 'board:1', facilitator.cookieHeader());
await check.synced;
const total = check.doc.getMap('notes').size;
check.destroy();
writer.destroy();

const browser = await chromium.launch({
	executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
	args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run']
});

async function measure(kind: 'facilitator' | 'participant') {
	const ctx = await browser.newContext({ viewport: kind === 'facilitator' ? { width: 1366, height: 768 } : { width: 390, height: 844 } });
	const page = await ctx.newPage();
	if (kind === 'facilitator') {
		await page.goto(`${server.url}/connexion`);
		await page.getByLabel('Adresse e-mail').fill(DEMO.DEMO_EMAIL);
		await page.getByLabel('Mot de passe').fill(DEMO.DEMO_PASSWORD);
		await page.getByRole('button', { name: 'Se connecter' }).click();
		await page.waitForURL('**/projets');
	} else {
		await page.goto(`${server.url}/rejoindre/${DEMO.DEMO_JOIN_CODE}`);
		await page.getByLabel('Votre nom').fill('Banc');
		await page.getByLabel('Votre structure').fill('CAF');
		await page.getByRole('button', { name: 'Rejoindre l’atelier' }).click();
		await page.waitForURL('**/atelier');
	}
	const js = new Map<string, number>();
	page.on('response', async (res) => {
		if (!res.url().endsWith('.js') || js.has(res.url())) return;
		// A later navigation may drop the body before it is read: the first load's files count.
		const body = await res.body().catch(() => null);
		if (body) js.set(res.url(), gzipSync(body).length);
	});
	const samples: { rendered: number; live: number }[] = [];
	for (let r = 0; r < RUNS; r++) {
		await page.goto(`${server.url}/tables/1`, { waitUntil: 'commit' });
		const rendered = await page.waitForFunction((n) => document.querySelectorAll('article.note').length >= n && performance.now(), total, { timeout: 60_000, polling: 'raf' });
		const live = await page.waitForFunction(() => document.body.innerText.includes('En direct') && performance.now(), null, { timeout: 60_000, polling: 'raf' });
		samples.push({ rendered: (await rendered.jsonValue()) as number, live: (await live.jsonValue()) as number });
	}
	await ctx.close();
	const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
	return {
		kind,
		renderedMs: Math.round(med(samples.map((s) => s.rendered))),
		liveMs: Math.round(med(samples.map((s) => s.live))),
		jsKbGzip: Math.round([...js.values()].reduce((a, b) => a + b, 0) / 102.4) / 10
	};
}

try {
	const results = [await measure('facilitator'), await measure('participant')];
	console.log(`Board of ${total} notes, ${RUNS} loads each (median), Chromium ${browser.version()}:`);
	console.log('view         | all notes rendered | socket live | board page JS (gzip)');
	for (const r of results) {
		console.log(`${r.kind.padEnd(12)} | ${String(r.renderedMs).padStart(15)} ms | ${String(r.liveMs).padStart(8)} ms | ${r.jsKbGzip} KB`);
	}
} finally {
	await browser.close();
	await server.stop();
}
