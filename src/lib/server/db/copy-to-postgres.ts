import type SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import * as Y from 'yjs';
import type { Db } from './database.ts';
import { SqliteDocPersistence, type StoredDoc } from '../realtime/persistence.ts';
import { PgDocLog } from '../postgres/doc-log.ts';

// `npm run migrate:to-pg`: an existing SQLite instance moved to PostgreSQL. Every table (the docs'
// logs and snapshots included) is copied in one PostgreSQL transaction, parents before children,
// ids kept; then the copy is verified: the same number of rows in every table, and every doc loads
// from PostgreSQL to exactly the state it loads to from SQLite.

/** Tables that are not copied as rows: Kysely's own bookkeeping (PostgreSQL's is made by its own
 * migrations) and SQLite's full-text index (rebuilt from its rows into PostgreSQL's). */
const SKIP = /^(sqlite_|kysely_|fiches_fts)/;

export interface CopyReport {
	tables: Array<{ table: string; rows: number }>;
	docs: number;
	searchRows: number;
}

export class CopyError extends Error {}

/** The tables of the SQLite file, each after every table it references (foreign keys). */
export function tablesInDependencyOrder(sqlite: SQLite.Database): string[] {
	const names = (sqlite.prepare(`select name from sqlite_master where type = 'table' order by name`).all() as { name: string }[])
		.map((r) => r.name)
		.filter((n) => !SKIP.test(n));
	const deps = new Map(
		names.map((n) => [n, new Set((sqlite.prepare(`select "table" from pragma_foreign_key_list(?)`).all(n) as { table: string }[]).map((r) => r.table).filter((t) => t !== n))])
	);
	const ordered: string[] = [];
	const placed = new Set<string>();
	while (ordered.length < names.length) {
		const next = names.find((n) => !placed.has(n) && [...deps.get(n)!].every((d) => placed.has(d) || !deps.has(d)));
		if (!next) throw new CopyError(`Dépendances circulaires entre les tables : ${names.filter((n) => !placed.has(n)).join(', ')}`);
		ordered.push(next);
		placed.add(next);
	}
	return ordered;
}

const BATCH = 500;

/**
 * Copies every row of `sqlite` into `pg` (already migrated to the same schema, and empty), then
 * verifies. Throws a CopyError (French message) when the target holds data or a check fails; the
 * PostgreSQL transaction is then rolled back and nothing is left half-copied.
 */
export async function copySqliteToPostgres(sqlite: SQLite.Database, pg: Db, log: (line: string) => void = () => {}): Promise<CopyReport> {
	const tables = tablesInDependencyOrder(sqlite);
	const pgTables = new Set((await pg.introspection.getTables()).map((t) => t.name));
	const missing = tables.filter((t) => !pgTables.has(t));
	if (missing.length) throw new CopyError(`Tables absentes de PostgreSQL : ${missing.join(', ')}. Les deux bases doivent être à la même version (npm run migrate).`);
	for (const t of tables) {
		const { n } = (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(t)}`.execute(pg)).rows[0];
		if (n > 0) throw new CopyError(`La base PostgreSQL n’est pas vide (table ${t} : ${n} lignes). Copiez vers une base neuve.`);
	}

	const report: CopyReport = { tables: [], docs: 0, searchRows: 0 };
	await pg.transaction().execute(async (trx) => {
		for (const table of tables) {
			const columns = (sqlite.prepare(`select name from pragma_table_info(?)`).all(table) as { name: string }[]).map((c) => c.name);
			const stmt = sqlite.prepare(`select * from "${table}"`);
			let batch: Record<string, unknown>[] = [];
			let rows = 0;
			const flush = async () => {
				if (!batch.length) return;
				await (trx as Kysely<any>).insertInto(table).values(batch).execute();
				rows += batch.length;
				batch = [];
			};
			for (const row of stmt.iterate() as Iterable<Record<string, unknown>>) {
				batch.push(Object.fromEntries(columns.map((c) => [c, row[c]])));
				if (batch.length >= BATCH) await flush();
			}
			await flush();
			// Ids were copied as they are: the next id PostgreSQL draws comes after the highest.
			if (columns.includes('id')) {
				const seq = (await sql<{ s: string | null }>`select pg_get_serial_sequence(${table}, 'id') as s`.execute(trx)).rows[0]?.s;
				if (seq) await sql`select setval(${seq}, greatest((select max(id) from ${sql.table(table)}), 1), (select count(*) > 0 from ${sql.table(table)}))`.execute(trx);
			}
			report.tables.push({ table, rows });
			log(`  ${table} : ${rows}`);
		}
		// The fiches' search index, rebuilt from the same text.
		const fts = sqlite.prepare('select rowid, title, body from fiches_fts').all() as { rowid: number; title: string; body: string }[];
		for (let i = 0; i < fts.length; i += BATCH) {
			const part = fts.slice(i, i + BATCH);
			await (trx as Kysely<any>).insertInto('fiches_fts').values(part.map((r) => ({ rowid: r.rowid, title: r.title ?? '', body: r.body ?? '' }))).execute();
		}
		report.searchRows = fts.length;
	});

	// Verification, after the commit, through the same reads the servers use.
	for (const { table, rows } of report.tables) {
		const { n } = (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(pg)).rows[0];
		if (n !== rows || n !== (sqlite.prepare(`select count(*) as n from "${table}"`).get() as { n: number }).n) {
			throw new CopyError(`Vérification : la table ${table} a ${n} lignes dans PostgreSQL et ${rows} dans SQLite.`);
		}
	}
	const docNames = (sqlite.prepare('select doc_name from doc_snapshots union select doc_name from doc_updates').all() as { doc_name: string }[]).map((r) => r.doc_name);
	const fromSqlite = new SqliteDocPersistence(sqlite);
	const fromPg = new PgDocLog(pg);
	for (const name of docNames) {
		const a = stateOf(fromSqlite.load(name));
		const b = stateOf(await fromPg.load(name));
		if (Buffer.compare(Buffer.from(a), Buffer.from(b)) !== 0) throw new CopyError(`Vérification : le document ${name} ne se charge pas à l’identique depuis PostgreSQL.`);
	}
	report.docs = docNames.length;
	return report;
}

/** The whole state a stored doc loads to (as the doc store loads it). */
export function stateOf(stored: StoredDoc): Uint8Array {
	const doc = new Y.Doc({ gc: false });
	doc.transact(() => {
		if (stored.snapshot) (stored.snapshotFormat === 2 ? Y.applyUpdateV2 : Y.applyUpdate)(doc, stored.snapshot);
		for (const u of stored.updates) Y.applyUpdate(doc, u);
	});
	const state = Y.encodeStateAsUpdateV2(doc);
	doc.destroy();
	return state;
}
