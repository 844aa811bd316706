import { sql } from 'kysely';
import { migrateToLatest } from '../../src/lib/server/db/database.ts';
import { openPostgres } from '../../src/lib/server/db/postgres.ts';
import { PgDocLog } from '../../src/lib/server/postgres/doc-log.ts';
import { createPgDatabase } from '../helpers/engines.ts';
import { docLogContract } from './doc-log.contract.ts';

// The DocLog contract on the run's own PostgreSQL: a fresh database per test.
docLogContract('PostgreSQL', async () => {
	const target = await createPgDatabase('dl');
	const { db } = openPostgres(target.url);
	await migrateToLatest(db);
	const admin = openPostgres(target.url).db;
	return {
		log: new PgDocLog(db),
		// Another connection drops the log's tables: every statement of the log fails from then on.
		breakStorage: async () => {
			await sql`drop table doc_updates`.execute(admin);
			await sql`drop table doc_snapshots`.execute(admin);
		},
		close: async () => {
			await db.destroy();
			await admin.destroy();
			await target.drop();
		}
	};
});
