// npm run bench:suivi — the tableau de suivi of a département-sized plan (186 fiches, ~930 steps,
// as the Ain's 2022-2028 plan), computed and rendered by the production server: the time from the
// request to the last byte of the page's HTML (load: SQL projection, step events, status history,
// figures as of the day, breakdowns per axis/lieu/porteur/year, late steps, Gantt and its marks;
// then the server-side render of the charts, tables and Gantt). Target: under 300 ms.
//
//   npx vite build --logLevel warn && npm run bench:suivi [-- --fiches 186 --runs 15]
//
// The plan is synthetic, built from the shapes of the 20 published fiches (their texts and
// planning rows, padded to 5 steps), over six axes, four territories and 40 porteurs, imported
// through the import routes. Step events are written straight into the database (two thirds of
// the steps have 1-3 records, some abandoned or postponed), as six years of porteurs would have.
// Also timed: the same page for a past day, the CSV export, and the pure computation in-process.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { Client } from '../tests/helpers/http.ts';
import { startServer } from '../tests/helpers/server.ts';
import { buildTableau, type StepEvent, type SuiviFicheInput } from '../src/lib/domain/suivi.ts';

const arg = (name: string, fallback: number) => {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const FICHES = arg('fiches', 186);
const RUNS = arg('runs', 15);
const TARGET_MS = 300;
const ROOT = resolve(import.meta.dirname, '..');
const fixture = JSON.parse(readFileSync(resolve(ROOT, 'src/lib/server/demo/fixtures/fiches-val-de-saone-dombes.json'), 'utf8')) as {
	fiches: (Record<string, unknown> & { planning: Record<string, string>[] })[];
};
const AXES = ['COOR', 'INS', 'AUT', 'ENF', 'CSS', 'PMI'];
const TERRITORIES = ['DT Bresse', 'DT Bugey Pays de Gex', 'DT Plaine de l’Ain Côtière', 'DT Val de Saône Dombes'];
const CALENDARS = ['1er semestre 2023', '2ème semestre 2023', '2024', 'fin 2024', '1er trimestre 2025', 'Rentrée 2025', '2026', '2e semestre 2027'];

/** A seeded generator (mulberry32): the same plan every run. */
function random(seed: number) {
	return () => {
		seed |= 0;
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function departementFiches(n: number) {
	return Array.from({ length: n }, (_, i) => {
		const f = fixture.fiches[i % fixture.fiches.length];
		const territory = TERRITORIES[i % TERRITORIES.length];
		const planning = [...f.planning];
		while (planning.length < 5) planning.push({ ...planning[planning.length % f.planning.length], quoi: `Étape complémentaire ${planning.length + 1}` });
		return {
			...f,
			code: undefined,
			number: i + 1,
			axis: AXES[i % AXES.length],
			direction: territory,
			lieu: `CDS ${['Trévoux', 'Jassans', 'Montluel', 'Bourg Est', 'Oyonnax', 'Belley', 'Gex', 'Ambérieu'][i % 8]}`,
			porteur: `Porteur ${1 + (i % 40)}`,
			title: `${f.title} (${territory})`,
			planning: planning.slice(0, 5).map((row, k) => ({ ...row, calendrier: CALENDARS[(i + k) % CALENDARS.length] }))
		};
	});
}

const server = await startServer({ SEED_DEMO: '0' });
try {
	const client = new Client(server.url);
	if ((await client.post('/inscription', { displayName: 'Bench', email: 'bench@ain.fr', password: 'correct-horse-battery' })).status !== 303) throw new Error('inscription');
	const created = await client.post('/projets/nouveau', {
		name: 'Projet social de territoire de l’Ain',
		departement: 'Ain',
		territory: 'Département de l’Ain',
		periodStart: '2022',
		periodEnd: '2028',
		axisCode: AXES,
		axisLabel: ['Coordination', 'Insertion', 'Autonomie', 'Enfance - famille', 'Centre de santé sexuelle', 'PMI']
	});
	const projectId = Number(/\/projets\/(\d+)$/.exec(created.headers.get('location') ?? '')?.[1]);
	const form = new FormData();
	form.append('fichier', new Blob([JSON.stringify({ fiches: departementFiches(FICHES) })]), 'ain.json');
	const preview = await (await client.request(`/projets/${projectId}/fiches?/preview`, { method: 'POST', body: form })).text();
	const token = /name="jeton" value="([^"]+)"/.exec(preview)?.[1];
	if (!token || (await client.post(`/projets/${projectId}/fiches?/import`, { jeton: token })).status !== 200) throw new Error('import');
	// The projection is flushed by the first list; then the events go straight into the database.
	await client.get(`/projets/${projectId}/fiches`);
	const db = new Database(server.databasePath);
	db.pragma('busy_timeout = 5000');
	const fiches = db.prepare('SELECT id, content FROM fiches WHERE project_id = ?').all(projectId) as { id: number; content: string }[];
	const rand = random(17);
	const insert = db.prepare(
		'INSERT INTO suivi_step_events (fiche_id, row_id, state, reason, done_phrase, done_start, done_end, report_phrase, by_name, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'
	);
	let steps = 0;
	let recorded = 0;
	const start2023 = Date.parse('2023-01-15T10:00:00Z');
	db.transaction(() => {
		for (const f of fiches) {
			const rows = (JSON.parse(f.content) as { planning: { id: string }[] }).planning;
			for (const row of rows) {
				steps++;
				if (rand() < 0.33) continue;
				const n = 1 + Math.floor(rand() * 3);
				for (let k = 0; k < n; k++) {
					const at = start2023 + Math.floor(rand() * 3 * 365) * 86_400_000;
					const pick = rand();
					const state = k < n - 1 ? 'en_cours' : pick < 0.6 ? 'realisee' : pick < 0.8 ? 'en_cours' : pick < 0.9 ? 'reportee' : 'abandonnee';
					const month = new Date(at).toISOString().slice(0, 7);
					insert.run(f.id, row.id, state, state === 'abandonnee' ? 'Besoins qui ont évolué' : null, state === 'realisee' ? month : null, state === 'realisee' ? month : null, state === 'realisee' ? month : null, state === 'reportee' ? '2e semestre 2027' : null, 'Porteur', at);
					recorded++;
				}
			}
		}
	})();

	async function time(path: string): Promise<{ ms: number; bytes: number }> {
		const t0 = performance.now();
		const res = await client.get(path);
		const body = await res.arrayBuffer();
		const ms = performance.now() - t0;
		if (res.status !== 200) throw new Error(`${path} : ${res.status}`);
		return { ms, bytes: body.byteLength };
	}
	const stats = (xs: number[]) => {
		const s = [...xs].sort((a, b) => a - b);
		return { median: s[Math.floor(s.length / 2)], p95: s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)], max: s[s.length - 1] };
	};

	const cases = [
		{ label: 'Tableau de suivi (aujourd’hui)', path: `/projets/${projectId}/suivi` },
		{ label: 'Tableau de suivi au 31/12/2024', path: `/projets/${projectId}/suivi?date=2024-12-31` },
		{ label: 'Données seules (__data.json)', path: `/projets/${projectId}/suivi/__data.json` },
		{ label: 'Export CSV', path: `/projets/${projectId}/suivi.csv` }
	];
	const results: { label: string; first: number; median: number; p95: number; max: number; kb: number }[] = [];
	for (const c of cases) {
		const first = await time(c.path);
		const runs: number[] = [];
		for (let r = 0; r < RUNS; r++) runs.push((await time(c.path)).ms);
		results.push({ label: c.label, first: first.ms, ...stats(runs), kb: first.bytes / 1024 });
	}

	// The computation alone, in this process, on the same data.
	const plan = db.prepare('SELECT id, number, axis, status, content FROM fiches WHERE project_id = ?').all(projectId) as { id: number; number: number; axis: string; status: SuiviFicheInput['status']; content: string }[];
	const inputs: SuiviFicheInput[] = plan.map((p) => {
		const c = JSON.parse(p.content) as { fields: { title: string; porteur: string; lieu: string }; planning: SuiviFicheInput['planning'] };
		return { id: p.id, code: `${p.number}/${p.axis}`, axis: p.axis, status: p.status, fields: c.fields, planning: c.planning };
	});
	const events = (db.prepare('SELECT fiche_id, row_id, state, reason, done_phrase, done_start, done_end, report_phrase, by_name, at FROM suivi_step_events').all() as Record<string, never>[]).map(
		(r): StepEvent => ({ ficheId: r.fiche_id, rowId: r.row_id, state: r.state, reason: r.reason, donePhrase: r.done_phrase, doneStart: r.done_start, doneEnd: r.done_end, reportPhrase: r.report_phrase, byName: r.by_name, at: r.at })
	);
	const compute: number[] = [];
	let late = 0;
	for (let r = 0; r < RUNS; r++) {
		const t0 = performance.now();
		const t = buildTableau(inputs, events, { asOf: '2026-12-07', today: '2026-12-07', planYears: { start: 2022, end: 2028 }, axes: AXES.map((code) => ({ code, label: code })) });
		compute.push(performance.now() - t0);
		late = t.late.length;
	}
	db.close();

	console.log(`\nTableau de suivi d’un département : ${fiches.length} fiches, ${steps} étapes, ${recorded} mises à jour enregistrées, ${late} étapes en retard ; serveur de production, Node ${process.version}, ${RUNS} mesures après une première\n`);
	const w = Math.max(...results.map((r) => r.label.length), 30);
	console.log(`${'page'.padEnd(w)} | 1re fois | médiane | p95    | max    | taille`);
	console.log(`${'-'.repeat(w)}-|----------|---------|--------|--------|-------`);
	for (const r of results)
		console.log(`${r.label.padEnd(w)} | ${`${r.first.toFixed(0)} ms`.padStart(8)} | ${`${r.median.toFixed(0)} ms`.padStart(7)} | ${`${r.p95.toFixed(0)} ms`.padStart(6)} | ${`${r.max.toFixed(0)} ms`.padStart(6)} | ${r.kb.toFixed(0)} Ko`);
	const c = stats(compute);
	console.log(`${'Calcul seul (buildTableau)'.padEnd(w)} |          | ${`${c.median.toFixed(0)} ms`.padStart(7)} | ${`${c.p95.toFixed(0)} ms`.padStart(6)} | ${`${c.max.toFixed(0)} ms`.padStart(6)} |`);
	const worst = Math.max(...results.filter((r) => r.label.startsWith('Tableau')).map((r) => r.p95));
	console.log(`\nObjectif : tableau calculé et rendu en moins de ${TARGET_MS} ms (p95) : ${worst < TARGET_MS ? 'atteint' : `NON ATTEINT (${worst.toFixed(0)} ms)`}`);
	if (worst >= TARGET_MS) process.exitCode = 1;
} finally {
	await server.stop();
}
