// npm run bench:export — how long the Word document of a whole plan takes (issue 7: ≤ 2 s for 70 fiches).
//
//   npm run bench:export [-- --fiches 70 --runs 5]
//
// The plan: the 20 published fiches of src/lib/server/demo/fixtures/fiches-val-de-saone-dombes.json
// repeated and numbered 1..N (the real texts, so real sizes), with the follow-up columns (date de
// réalisation, principaux éléments) and a phase filled on every other fiche, as a plan at mid-term.
// Timed, after one warm-up run, over --runs runs:
//  1. planToDocx on that plan built in memory (the document alone);
//  2. loadPlan on a temporary SQLite database where the same fiches were imported (importFiches),
//     then loadPlan + planToDocx (what GET /projets/:id/plan.docx does, without HTTP).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DocStore } from '../src/lib/server/realtime/doc-store.ts';
import { SqliteDocPersistence } from '../src/lib/server/realtime/persistence.ts';
import { createProject } from '../src/lib/server/projects/project.service.ts';
import { importFiches } from '../src/lib/server/fiches/import.ts';
import { loadPlan, type PlanData } from '../src/lib/server/exports/plan-data.ts';
import { planToDocx } from '../src/lib/server/exports/docx-plan.ts';
import { parseFichesJson, type ImportedFiche } from '../src/lib/domain/fiche-import.ts';
import { FICHE_STATUSES, PLANNING_PHASE_VALUES, ficheCode } from '../src/lib/domain/fiche.ts';
import { setupDb } from '../tests/helpers/db.ts';

const arg = (name: string, fallback: number) => {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const FICHES = arg('fiches', 70);
const RUNS = arg('runs', 5);
const TARGET_MS = 2000;

const ROOT = resolve(import.meta.dirname, '..');
const fixture = JSON.parse(readFileSync(resolve(ROOT, 'src/lib/server/demo/fixtures/fiches-val-de-saone-dombes.json'), 'utf8')) as {
	fiches: Record<string, unknown>[];
};

/** The fixture's fiches repeated to `n`, numbered 1..n, every other one with its follow-up filled. */
function benchFiches(n: number): ImportedFiche[] {
	const source = fixture.fiches;
	const list = Array.from({ length: n }, (_, i) => {
		const f = source[i % source.length];
		return { ...f, number: i + 1, code: undefined };
	});
	const parsed = parseFichesJson(JSON.stringify({ fiches: list }));
	if (!parsed.ok) throw new Error(parsed.errors.join(' '));
	return parsed.fiches.map((f, i) =>
		i % 2
			? f
			: {
					...f,
					planning: f.planning.map((row, k) => ({
						phase: PLANNING_PHASE_VALUES[k % PLANNING_PHASE_VALUES.length],
						cells: {
							...row.cells,
							date_realisation: row.cells.date_realisation || `${['mars', 'juin', 'octobre'][k % 3]} ${2023 + (k % 3)}`,
							elements:
								row.cells.elements ||
								'Réunion tenue avec les partenaires du territoire (CAF, CCAS, Mission locale, associations) ; compte rendu diffusé, prochaine étape fixée au comité de suivi.'
						}
					}))
				}
	);
}

function inMemoryPlan(fiches: ImportedFiche[]): PlanData {
	return {
		project: { id: 1, name: 'Projet social de territoire Val de Saône - Dombes', territory: 'DT Val de Saône Dombes', departement: 'Ain', periodStart: 2022, periodEnd: 2028 },
		axes: [...new Set(fiches.map((f) => f.axis))].filter((a): a is string => !!a).map((code) => ({ code, label: code })),
		fiches: fiches.map((f, i) => ({
			id: i + 1,
			number: f.number,
			axis: f.axis,
			axisLabel: f.axis,
			code: ficheCode(f.number, f.axis),
			status: 'validee',
			statusLabel: FICHE_STATUSES.validee,
			fields: f.fields,
			planning: f.planning.map((r, k) => ({ id: `r${k}`, phase: r.phase, position: k, cells: r.cells })),
			periodStart: null,
			periodEnd: null
		}))
	};
}

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number[]; last: T }> {
	let last = await fn(); // warm-up
	const ms: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		const t = performance.now();
		last = await fn();
		ms.push(performance.now() - t);
	}
	return { ms, last };
}

const median = (xs: number[]) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} Ko`;

const fiches = benchFiches(FICHES);
const textBytes = fiches.reduce((s, f) => s + Buffer.byteLength(JSON.stringify(f)), 0);
const rows: { step: string; ms: number[]; size?: number }[] = [];

// 1. The document alone.
const memory = await time(() => planToDocx(inMemoryPlan(fiches)));
rows.push({ step: 'planToDocx (plan en mémoire)', ms: memory.ms, size: memory.last.byteLength });

// 2. From a real database.
const ctx = await setupDb();
const store = new DocStore(new SqliteDocPersistence(ctx.sqlite), { unloadAfterMs: 60_000 });
try {
	const user = await ctx.db
		.insertInto('users')
		.values({ email: 'bench@ain.fr', display_name: 'Bench', password_hash: 'x', is_admin: 0, created_at: Date.now() })
		.returning('id')
		.executeTakeFirstOrThrow();
	const projectId = await createProject(ctx.db, user.id, {
		name: 'Projet social de territoire Val de Saône - Dombes',
		departement: 'Ain',
		territory: 'DT Val de Saône Dombes',
		periodStart: 2022,
		periodEnd: 2028
	});
	const t = performance.now();
	await importFiches(ctx.db, store, projectId, fiches, { userId: user.id, name: 'Bench' });
	const importMs = performance.now() - t;
	const loaded = await time(() => loadPlan(ctx.db, store, projectId));
	if (loaded.last.fiches.length !== FICHES) throw new Error(`loadPlan: ${loaded.last.fiches.length} fiches au lieu de ${FICHES}`);
	rows.push({ step: `loadPlan (SQLite, ${FICHES} fiches importées en ${importMs.toFixed(0)} ms)`, ms: loaded.ms });
	const both = await time(async () => planToDocx(await loadPlan(ctx.db, store, projectId)));
	rows.push({ step: 'loadPlan + planToDocx', ms: both.ms, size: both.last.byteLength });
} finally {
	store.closeAll();
	await ctx.close();
}

console.log(`\nExport DOCX du plan : ${FICHES} fiches (${kb(textBytes)} de texte), ${RUNS} mesures après 1 tour d’échauffement, Node ${process.version}\n`);
const w = Math.max(...rows.map((r) => r.step.length));
console.log(`${'étape'.padEnd(w)} | médiane   | max       | taille`);
console.log(`${'-'.repeat(w)}-|-----------|-----------|--------`);
for (const r of rows) {
	const f = (x: number) => `${x.toFixed(0)} ms`.padStart(9);
	console.log(`${r.step.padEnd(w)} | ${f(median(r.ms))} | ${f(Math.max(...r.ms))} | ${r.size ? kb(r.size) : ''}`);
}
const worst = Math.max(...rows[rows.length - 1].ms);
console.log(`\nObjectif ≤ ${TARGET_MS} ms (loadPlan + planToDocx, pire mesure) : ${worst <= TARGET_MS ? 'atteint' : 'NON ATTEINT'}`);
if (worst > TARGET_MS) process.exitCode = 1;
