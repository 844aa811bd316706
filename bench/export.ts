// npm run bench:export — a whole département's plan (186 fiches, as the Ain's 2022-2028 plan) to
// DOCX, ODT and PDF through a live server, with how long a live board's event loop was held
// meanwhile (target: no pause above 50 ms) and the time to the file.
//
//   npm run bench:export [-- --fiches 186 --runs 2]
//
// The server is the production build (run `npx vite build --logLevel warn` first), on a private
// copy of the work tree. The plan is synthetic, built from the shapes of the 20 published fiches
// (src/lib/server/demo/fixtures): their texts and planning rows, spread over six axes and the four
// territorial directions, every other fiche at mid-term (follow-up filled), imported through the
// import routes (preview, then confirm). A socket on the demo board pings the server every 20 ms
// while each document is made; the server answers pings from its event loop, so the longest
// round trip is the longest pause a live board saw. The DOCX is made twice: in the export worker
// (as served) and, for comparison, on the main thread (TABLEE_EXPORT_WORKER=off, a second server).
// Then one fiche as PDF. The import goes through the sommaire's page, which (as for a person who
// opens it before downloading) starts the export worker and a warm LibreOffice ahead.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from '../tests/helpers/http.ts';
import { snapshotTree, startServer, type RunningServer } from './lib/server.ts';
import { LoopProbe } from './lib/loop-probe.ts';
import { now } from './lib/protocol.ts';

const arg = (name: string, fallback: number) => {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const FICHES = arg('fiches', 186);
const RUNS = arg('runs', 2);
const PAUSE_TARGET_MS = 50;
const ROOT = resolve(import.meta.dirname, '..');
const DEMO = { SEED_DEMO: '1', DEMO_EMAIL: 'bench@ain.fr', DEMO_PASSWORD: 'mot-de-passe-bench', DEMO_JOIN_CODE: 'K7M2PQ' };

const fixture = JSON.parse(readFileSync(resolve(ROOT, 'src/lib/server/demo/fixtures/fiches-val-de-saone-dombes.json'), 'utf8')) as {
	fiches: Record<string, unknown>[];
};

const AXES = ['COOR', 'INS', 'AUT', 'ENF', 'CSS', 'PMI'];
const TERRITORIES = ['DT Bresse', 'DT Bugey Pays de Gex', 'DT Plaine de l’Ain Côtière', 'DT Val de Saône Dombes'];

/** 186 fiches from the fixture's shapes: real texts and sizes, varied titles, axes and follow-up. */
function departementFiches(n: number): Record<string, unknown>[] {
	return Array.from({ length: n }, (_, i) => {
		const f = fixture.fiches[i % fixture.fiches.length] as Record<string, unknown> & { planning: Record<string, string>[] };
		const territory = TERRITORIES[i % TERRITORIES.length];
		const followed = i % 2 === 0;
		return {
			...f,
			code: undefined,
			number: i + 1,
			axis: AXES[i % AXES.length],
			direction: territory,
			title: `${f.title} (${territory})`,
			planning: f.planning.map((row, k) => ({
				...row,
				date_realisation: followed ? `${['mars', 'juin', 'octobre'][k % 3]} ${2023 + (k % 3)}` : '',
				elements: followed ? 'Réunion tenue avec les partenaires (CAF, CCAS, Mission locale) ; compte rendu diffusé, prochaine étape au comité de suivi.' : ''
			}))
		};
	});
}

async function signIn(server: RunningServer): Promise<Client> {
	const client = new Client(server.url);
	const res = await client.post('/connexion', { email: DEMO.DEMO_EMAIL, password: DEMO.DEMO_PASSWORD });
	if (res.status !== 303) throw new Error(`connexion : ${res.status}`);
	return client;
}

/** A new project holding the département's fiches, imported through the routes. */
async function seedPlan(client: Client): Promise<number> {
	const res = await client.post('/projets/nouveau', {
		name: 'Projet social de territoire de l’Ain',
		departement: 'Ain',
		territory: 'Département de l’Ain',
		periodStart: '2022',
		periodEnd: '2028',
		axisCode: AXES,
		axisLabel: ['Coordination', 'Insertion', 'Autonomie', 'Enfance - famille', 'Centre de santé sexuelle', 'PMI']
	});
	const projectId = Number(/\/projets\/(\d+)$/.exec(res.headers.get('location') ?? '')?.[1]);
	if (!projectId) throw new Error(`création du projet : ${res.status}`);
	const form = new FormData();
	form.append('fichier', new Blob([JSON.stringify({ fiches: departementFiches(FICHES) })]), 'ain.json');
	const preview = await (await client.request(`/projets/${projectId}/fiches?/preview`, { method: 'POST', body: form })).text();
	const token = /name="jeton" value="([^"]+)"/.exec(preview)?.[1];
	if (!token) throw new Error('aperçu sans jeton');
	const done = await client.post(`/projets/${projectId}/fiches?/import`, { jeton: token });
	if (done.status !== 200) throw new Error(`import : ${done.status}`);
	return projectId;
}

interface Measure {
	label: string;
	ms: number;
	bytes: number;
	maxPause: number;
}

/** Downloads `path` while the probe pings the demo board; the longest round trip during it. */
async function measure(server: RunningServer, client: Client, path: string, label: string): Promise<Measure> {
	const probe = new LoopProbe(server.url, 'board:1', client.cookieHeader());
	if (!(await probe.opened)) throw new Error('sonde : connexion refusée');
	const start = now();
	const pinging = probe.run(start, start + 600_000, 20);
	const res = await client.get(path);
	const body = new Uint8Array(await res.arrayBuffer());
	const ms = now() - start;
	if (res.status !== 200) throw new Error(`${path} : ${res.status} ${new TextDecoder().decode(body).slice(0, 200)}`);
	probe.finish(now());
	probe.close();
	await pinging;
	return { label, ms, bytes: body.byteLength, maxPause: Math.max(0, ...probe.samples.map((s) => s.rtt)) };
}

const tree = await snapshotTree((s) => console.log(s));
const results: Measure[] = [];
try {
	for (const worker of [true, false]) {
		const server = await startServer({ ...DEMO, ...(worker ? {} : { TABLEE_EXPORT_WORKER: 'off' }) }, [], null, tree.root);
		try {
			const client = await signIn(server);
			const projectId = await seedPlan(client);
			const formats = worker ? ['docx', 'odt', 'pdf'] : ['docx'];
			const paths = formats.map((format) => ({ path: `/projets/${projectId}/plan.${format}`, label: `${format.toUpperCase()}${worker ? '' : ' (fil principal)'}` }));
			if (worker) {
				// One fiche as PDF: what a co-writer or an elected official downloads most, where
				// LibreOffice's start weighs most.
				const list = await (await client.get(`/projets/${projectId}/fiches`)).text();
				const ficheId = /href="\/fiches\/(\d+)"/.exec(list)?.[1];
				if (!ficheId) throw new Error('aucune fiche dans le sommaire');
				paths.push({ path: `/fiches/${ficheId}/fiche.pdf`, label: 'Une fiche en PDF' });
			}
			for (const { path, label } of paths) {
				// The first run may start the worker or LibreOffice: shown apart.
				results.push({ ...(await measure(server, client, path, '')), label: `${label}, 1re fois` });
				for (let r = 0; r < RUNS; r++) results.push({ ...(await measure(server, client, path, '')), label });
			}
		} finally {
			await server.stop();
		}
	}
} finally {
	tree.remove();
}

console.log(`\nExport du plan d’un département : ${FICHES} fiches, serveur de production, Node ${process.version}\n`);
const w = Math.max(...results.map((r) => r.label.length));
console.log(`${'document'.padEnd(w)} | jusqu’au fichier | pause max. d’un tableau | taille`);
console.log(`${'-'.repeat(w)}-|------------------|-------------------------|--------`);
for (const r of results) {
	console.log(`${r.label.padEnd(w)} | ${`${(r.ms / 1000).toFixed(2)} s`.padStart(16)} | ${`${r.maxPause.toFixed(0)} ms`.padStart(23)} | ${(r.bytes / 1024).toFixed(0)} Ko`);
}
const served = results.filter((r) => !r.label.includes('fil principal'));
const worst = Math.max(...served.map((r) => r.maxPause));
console.log(`\nObjectif : aucune pause au-delà de ${PAUSE_TARGET_MS} ms pendant les exports servis : ${worst <= PAUSE_TARGET_MS ? 'atteint' : `NON ATTEINT (${worst.toFixed(0)} ms)`}`);
if (worst > PAUSE_TARGET_MS) process.exitCode = 1;
