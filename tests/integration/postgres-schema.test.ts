// DATABASE_URL=postgres://… : every migration runs on PostgreSQL and gives the same tables and
// columns as on SQLite; the fiches' full-text search finds what FTS5 finds on the sommaire's cases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { migrateToLatest, type Db } from '../../src/lib/server/db/database.ts';
import { openPostgres, isPostgres } from '../../src/lib/server/db/postgres.ts';
import { listFiches } from '../../src/lib/server/fiches/fiche.service.ts';
import { createPgDatabase } from '../helpers/engines.ts';
import { setupDb } from '../helpers/db.ts';

let pgDb: Db;
let dropPg: () => Promise<void>;
let lite: Awaited<ReturnType<typeof setupDb>>;

beforeAll(async () => {
	const d = await createPgDatabase();
	dropPg = d.drop;
	pgDb = openPostgres(d.url).db;
	await migrateToLatest(pgDb);
	lite = await setupDb();
});

afterAll(async () => {
	await pgDb?.destroy();
	await dropPg?.();
	await lite?.close();
});

/** table → sorted column names, from the database's own catalogue. */
async function columns(db: Kysely<any>): Promise<Record<string, string[]>> {
	const out: Record<string, string[]> = {};
	for (const t of await db.introspection.getTables()) {
		if (t.name.startsWith('kysely_') || t.name.startsWith('fiches_fts')) continue;
		out[t.name] = t.columns.map((c) => c.name).sort();
	}
	return out;
}

describe('PostgreSQL schema', () => {
	it('every migration runs on PostgreSQL and makes the same tables and columns as on SQLite', async () => {
		expect(isPostgres(pgDb)).toBe(true);
		expect(isPostgres(lite.db)).toBe(false);
		const [onPg, onLite] = [await columns(pgDb), await columns(lite.db)];
		expect(Object.keys(onPg).length).toBeGreaterThan(20);
		expect(onPg).toEqual(onLite);
	});

	it('times in milliseconds and ids come back as numbers (bigint columns)', async () => {
		const at = Date.UTC(2026, 11, 7, 18, 0, 0);
		const user = await pgDb
			.insertInto('users')
			.values({ email: 'a@b.fr', display_name: 'A', password_hash: 'x', is_admin: 0, created_at: at })
			.returning(['id', 'created_at', 'is_admin'])
			.executeTakeFirstOrThrow();
		expect(user).toEqual({ id: expect.any(Number), created_at: at, is_admin: 0 });
		const { count } = await pgDb.selectFrom('users').select((e) => e.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
		expect(count).toBe(1);
	});
});

describe('full-text search of the sommaire on both storages', () => {
	// The cases of [FP1] (tests/integration/fiches-service.test.ts), on rows written as the projection does.
	const texts = [
		{ title: 'Mobilité des jeunes', body: 'Aider au permis de conduire et au covoiturage. Lutter contre le non-recours aux droits.' },
		{ title: 'Accès aux droits', body: 'Accompagner les élèves des collèges ; prévu en 2025, non reconduit.' },
		{ title: 'Petite enfance', body: 'Places en crèche.' }
	];

	async function seed(db: Db): Promise<number> {
		const at = Date.now();
		const u = await db.insertInto('users').values({ email: `s${at}@b.fr`, display_name: 'S', password_hash: 'x', is_admin: 0, created_at: at }).returning('id').executeTakeFirstOrThrow();
		const p = await db
			.insertInto('projects')
			.values({ name: 'P', departement: '01', territory: 'T', period_start: 2022, period_end: 2028, created_by: u.id, created_at: at })
			.returning('id')
			.executeTakeFirstOrThrow();
		let n = 1;
		for (const t of texts) {
			const f = await db
				.insertInto('fiches')
				.values({ project_id: p.id, number: n++, axis: 'INS', title: t.title, status: 'brouillon', created_at: at, updated_at: at } as never)
				.returning('id')
				.executeTakeFirstOrThrow();
			await sql`INSERT INTO fiches_fts (rowid, title, body) VALUES (${f.id}, ${t.title}, ${t.body})`.execute(db);
		}
		return p.id;
	}

	it('finds the same fiches for every query', async () => {
		const [pgProject, liteProject] = [await seed(pgDb), await seed(lite.db)];
		const queries = ['permis', 'permis covoit', 'mobilite', 'MOBILITÉ', 'non-recours', 'prévu-non', 'eleves college', 'crèche', '"permis"*:(', '((', 'droits', 'absent'];
		for (const q of queries) {
			const titles = async (db: Db, id: number) => (await listFiches(db, id, { q })).map((f) => f.title);
			const [onPg, onLite] = [await titles(pgDb, pgProject), await titles(lite.db, liteProject)];
			expect(onPg, `recherche « ${q} »`).toEqual(onLite);
		}
		expect((await listFiches(lite.db, liteProject, { q: 'permis covoit' })).map((f) => f.title)).toEqual(['Mobilité des jeunes']);
		expect(await listFiches(pgDb, pgProject, { q: 'prévu-non' })).toEqual([]);
	});

	it('sorts by name without regard to case on both', async () => {
		const pgProject = (await pgDb.selectFrom('projects').select('id').executeTakeFirstOrThrow()).id;
		const liteProject = (await lite.db.selectFrom('projects').select('id').executeTakeFirstOrThrow()).id;
		const names = async (db: Db, id: number) => (await listFiches(db, id, { sort: 'nom' })).map((f) => f.title);
		expect(await names(pgDb, pgProject)).toEqual(await names(lite.db, liteProject));
	});
});
