import { sql } from 'kysely';
import { setupDb } from '../helpers/db.ts';
import { openDocLogConnection, SqliteDocLog } from '../../src/lib/server/db/sqlite-doc-log.ts';
import { docLogContract } from './doc-log.contract.ts';

docLogContract('SQLite, own connection', async () => {
	const ctx = await setupDb();
	const log = new SqliteDocLog(openDocLogConnection(ctx.path));
	return {
		log,
		// Another connection drops the log's tables: every statement of the log fails from then on.
		breakStorage: async () => {
			await sql`drop table doc_updates`.execute(ctx.db);
			await sql`drop table doc_snapshots`.execute(ctx.db);
		},
		close: async () => {
			log.close();
			await ctx.close();
		}
	};
});
