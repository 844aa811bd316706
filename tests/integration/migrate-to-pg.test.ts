// `npm run migrate:to-pg`: a SQLite instance with the demo data (and a participant's notes) copied to
// PostgreSQL; the copy is verified by the script itself (rows per table, every doc loaded from both),
// and the exports read from PostgreSQL give the same files as from SQLite.
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabaseWithHandle, type Db } from '../../src/lib/server/db/database.ts';
import { openPostgres } from '../../src/lib/server/db/postgres.ts';
import { stateOf } from '../../src/lib/server/db/copy-to-postgres.ts';
import { DocStore } from '../../src/lib/server/realtime/doc-store.ts';
import { MemoryDocPersistence, SqliteDocPersistence } from '../../src/lib/server/realtime/persistence.ts';
import { PgDocLog } from '../../src/lib/server/postgres/doc-log.ts';
import { loadPlan } from '../../src/lib/server/exports/plan-data.ts';
import { fichesCsv, sommaireCsv, contributionsCsv } from '../../src/lib/server/exports/text-exports.ts';
import { loadWorkshopReport } from '../../src/lib/server/restitution/workshop-report.ts';
import { listFiches } from '../../src/lib/server/fiches/fiche.service.ts';
import { createPgDatabase } from '../helpers/engines.ts';
import { joinParticipant, sendCommand, newId, startDemo } from './support.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

let sqlitePath: string;
let pgUrl: string;
let dropPg: () => Promise<void>;

beforeAll(async () => {
	// A real instance: the demo seeded by the production server, a participant's notes on a board.
	const demo = await startDemo();
	const boardId = (demo.db.prepare('select id from boards order by id limit 1').get() as { id: number }).id;
	const nadia = await joinParticipant(demo.server, 'Nadia B.');
	for (const text of ['Manque de transports le soir', 'Crèches saturées à Trévoux']) {
		const reply = await sendCommand(nadia, boardId, { type: 'note.add', note: { id: newId(), text, column: 'problematiques' } });
		expect(reply.status).toBe(200);
	}
	sqlitePath = demo.server.databasePath;
	// Stopped before the copy, as the README says (the file must not change meanwhile); the file stays.
	demo.db.close();
	demo.server.child.kill('SIGTERM');
	await new Promise((r) => demo.server.child.once('exit', r));
	const target = await createPgDatabase('migr');
	pgUrl = target.url;
	dropPg = target.drop;
}, 120_000);

afterAll(async () => {
	await dropPg?.();
	rmSync(dirname(sqlitePath), { recursive: true, force: true });
});

describe('npm run migrate:to-pg', () => {
	let out = '';
	it('copies every table and the docs, and says it verified them', async () => {
		const r = await run(process.execPath, ['--import', 'tsx', 'server/migrate-to-pg.ts'], {
			cwd: ROOT,
			env: { ...process.env, DATABASE_PATH: sqlitePath, DATABASE_URL: pgUrl }
		});
		out = r.stdout;
		expect(out).toMatch(/Copie vérifiée en [\d.]+ s : \d+ tables, \d+ lignes, \d+ documents chargés à l’identique, 20 fiches indexées/);
	}, 120_000);

	describe('PostgreSQL then holds the same instance', () => {
		let lite: ReturnType<typeof openDatabaseWithHandle>;
		let pg: Db;
		let liteStore: DocStore;
		let pgStore: DocStore;
		beforeAll(async () => {
			lite = openDatabaseWithHandle(sqlitePath);
			pg = openPostgres(pgUrl).db;
			liteStore = new DocStore(new SqliteDocPersistence(lite.sqlite));
			// The docs as PostgreSQL loads them, served from memory to the (synchronous) doc store.
			const memory = new MemoryDocPersistence();
			const log = new PgDocLog(pg);
			for (const { doc_name } of await pg.selectFrom('doc_snapshots').select('doc_name').union(pg.selectFrom('doc_updates').select('doc_name')).execute()) {
				memory.compact(doc_name, stateOf(await log.load(doc_name)), 0, 2);
			}
			pgStore = new DocStore(memory);
		});
		afterAll(async () => {
			await pg?.destroy();
			await lite?.db.destroy();
		});

		it('the same rows in every table', async () => {
			for (const line of out.split('\n').filter((l) => /^ {2}\w+ : \d+$/.test(l))) {
				const [, table, rows] = /^ {2}(\w+) : (\d+)$/.exec(line)!;
				const n = Number((await pg.selectFrom(table as 'users').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
				expect(n, table).toBe(Number(rows));
				expect((lite.sqlite.prepare(`select count(*) as n from "${table}"`).get() as { n: number }).n, table).toBe(n);
			}
			expect(out).toContain('doc_updates');
		});

		it('the sommaire, the fiches and the contributions exports are the same files', async () => {
			const projectId = (await pg.selectFrom('projects').select('id').executeTakeFirstOrThrow()).id;
			const [planLite, planPg] = [await loadPlan(lite.db, liteStore, projectId), await loadPlan(pg, pgStore, projectId)];
			expect(sommaireCsv(planPg)).toBe(sommaireCsv(planLite));
			expect(fichesCsv(planPg)).toBe(fichesCsv(planLite));
			expect(planPg.fiches).toHaveLength(20);
			const workshopId = (await pg.selectFrom('workshops').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
			const [repLite, repPg] = [await loadWorkshopReport(lite.db, liteStore, workshopId), await loadWorkshopReport(pg, pgStore, workshopId)];
			const csv = contributionsCsv(repPg);
			expect(csv).toBe(contributionsCsv(repLite));
			expect(csv).toContain('Crèches saturées à Trévoux');
		});

		it('search and sorting of the sommaire give the same fiches', async () => {
			const projectId = (await pg.selectFrom('projects').select('id').executeTakeFirstOrThrow()).id;
			for (const options of [{ q: 'insertion' }, { q: 'mobilite' }, { sort: 'nom' as const }, { sort: 'porteur' as const, descending: true }]) {
				const ids = async (db: Db) => (await listFiches(db, projectId, options)).map((f) => f.id);
				expect(await ids(pg), JSON.stringify(options)).toEqual(await ids(lite.db));
			}
		});

		it('new rows get new ids after the copied ones', async () => {
			const maxId = Number((await pg.selectFrom('users').select((e) => e.fn.max('id').as('m')).executeTakeFirstOrThrow()).m);
			const u = await pg
				.insertInto('users')
				.values({ email: 'nouvelle@ain.fr', display_name: 'N', password_hash: 'x', is_admin: 0, created_at: Date.now() })
				.returning('id')
				.executeTakeFirstOrThrow();
			expect(u.id).toBe(maxId + 1);
		});
	});

	it('refuses to copy into a database that already holds data, with a French message', async () => {
		const r = await run(process.execPath, ['--import', 'tsx', 'server/migrate-to-pg.ts'], {
			cwd: ROOT,
			env: { ...process.env, DATABASE_PATH: sqlitePath, DATABASE_URL: pgUrl }
		}).then(
			() => ({ code: 0, stderr: '' }),
			(e: { code: number; stderr: string }) => e
		);
		expect(r.code).toBe(1);
		expect(r.stderr).toContain('Migration vers PostgreSQL impossible : La base PostgreSQL n’est pas vide');
	}, 60_000);
});

