// The run's own engines (tests/helpers/engines.ts): a PostgreSQL with what Tablée needs (unaccent,
// the French text-search configuration) and a Redis, both on loopback ports of their own.
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { Redis } from 'ioredis';
import { createPgDatabase, testPgUrl, testRedisUrl } from '../helpers/engines.ts';

describe('test engines', () => {
	const dbs: Array<{ drop: () => Promise<void> }> = [];
	afterAll(async () => {
		for (const d of dbs) await d.drop();
	});

	it('PostgreSQL listens on loopback and each test database folds accents in French', async () => {
		expect(new URL(testPgUrl()).hostname).toBe('127.0.0.1');
		const db = await createPgDatabase();
		dbs.push(db);
		const c = new pg.Client({ connectionString: db.url });
		await c.connect();
		try {
			const { rows } = await c.query<{ v: string; m: boolean }>(
				`select unaccent('Élève à l''école') as v, to_tsvector('french', unaccent('Les élèves des collèges')) @@ to_tsquery('french', unaccent('eleve & college')) as m`
			);
			expect(rows[0]).toEqual({ v: "Eleve a l'ecole", m: true });
			const { rows: who } = await c.query<{ superuser: boolean }>(`select usesuper as superuser from pg_user where usename = current_user`);
			// The run's cluster is its own: the tests are its superuser (they create and drop databases).
			expect(who[0].superuser).toBe(true);
		} finally {
			await c.end();
		}
	});

	it('two test databases do not see each other', async () => {
		const [a, b] = [await createPgDatabase(), await createPgDatabase()];
		dbs.push(a, b);
		const ca = new pg.Client({ connectionString: a.url });
		const cb = new pg.Client({ connectionString: b.url });
		await ca.connect();
		await cb.connect();
		try {
			await ca.query('create table only_in_a (x int)');
			await expect(cb.query('select * from only_in_a')).rejects.toThrow(/only_in_a/);
		} finally {
			await ca.end();
			await cb.end();
		}
	});

	it('Redis answers on its own loopback port', async () => {
		const url = new URL(testRedisUrl());
		expect(url.hostname).toBe('127.0.0.1');
		expect(url.port).not.toBe('6379');
		const r = new Redis(testRedisUrl(), { lazyConnect: true });
		await r.connect();
		try {
			expect(await r.ping()).toBe('PONG');
		} finally {
			r.disconnect();
		}
	});
});
