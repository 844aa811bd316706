import { describe, expect, it } from 'vitest';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { withStatementCache } from './database.ts';

function setup(size?: number) {
	const sqlite = new SQLite(':memory:');
	sqlite.exec('create table t (id integer primary key, name text not null)');
	const cached = withStatementCache(sqlite, size);
	const db = new Kysely<{ t: { id: number; name: string } }>({ dialect: new SqliteDialect({ database: cached }) });
	return { sqlite, cached, db };
}

describe('statement cache under Kysely', () => {
	it('[DB1] the same query runs from one prepared statement, with fresh parameters each time', async () => {
		const { cached, db } = setup();
		for (let i = 1; i <= 20; i++) await db.insertInto('t').values({ id: i, name: `n${i}` }).execute();
		for (let i = 1; i <= 20; i++) expect(await db.selectFrom('t').select('name').where('id', '=', i).executeTakeFirst()).toEqual({ name: `n${i}` });
		await db.updateTable('t').set({ name: 'x' }).where('id', '=', 3).execute();
		expect(await db.selectFrom('t').select('name').where('id', '=', 3).executeTakeFirst()).toEqual({ name: 'x' });
		expect(cached.cachedStatements).toBe(3);
		await db.destroy();
	});

	it('[DB2] bounded: the oldest statements leave first, results stay right', async () => {
		const { cached, db } = setup(4);
		await db.insertInto('t').values({ id: 1, name: 'a' }).execute();
		for (let k = 0; k < 10; k++) {
			// Ten different SQL texts (k columns in the select list).
			const rows = await db.selectFrom('t').select(Array.from({ length: k + 1 }, () => 'name' as const)).execute();
			expect(rows).toEqual([{ name: 'a' }]);
		}
		expect(cached.cachedStatements).toBe(4);
		await db.destroy();
	});

	it('[DB3] a statement being iterated (a stream) is not handed out again: the same SQL gets a fresh one', async () => {
		const { cached, db } = setup();
		for (let i = 1; i <= 3; i++) await db.insertInto('t').values({ id: i, name: `n${i}` }).execute();
		const first = cached.prepare('select id from t order by id');
		const iterating = first.iterate() as IterableIterator<{ id: number }>;
		expect(iterating.next().value).toEqual({ id: 1 });
		const second = cached.prepare('select id from t order by id');
		expect(second).not.toBe(first);
		expect(second.all()).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
		expect([...iterating]).toEqual([{ id: 2 }, { id: 3 }]);
		// Done iterating: the cached one is used again.
		expect(cached.prepare('select id from t order by id')).toBe(first);
		const streamed: number[] = [];
		for await (const row of db.selectFrom('t').select('id').orderBy('id').stream()) streamed.push(row.id);
		expect(streamed).toEqual([1, 2, 3]);
		await db.destroy();
	});

	it('[DB4] a cached statement follows a schema change', async () => {
		const { sqlite, db } = setup();
		await db.insertInto('t').values({ id: 1, name: 'a' }).execute();
		expect(await sql`select * from t`.execute(db).then((r) => r.rows)).toEqual([{ id: 1, name: 'a' }]);
		sqlite.exec("alter table t add column extra text not null default 'e'");
		expect(await sql`select * from t`.execute(db).then((r) => r.rows)).toEqual([{ id: 1, name: 'a', extra: 'e' }]);
		await db.destroy();
	});
});
