import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type SQLite from 'better-sqlite3';
import { migrateToLatest, openDatabaseWithHandle, type Db } from '../../src/lib/server/db/database.ts';

/** A real SQLite file with every migration applied, removed by `close()`. */
export async function setupDb(): Promise<{ db: Db; sqlite: SQLite.Database; path: string; close: () => Promise<void> }> {
	const dir = mkdtempSync(join(tmpdir(), 'tablee-db-'));
	const path = join(dir, 'tablee.sqlite');
	const { db, sqlite } = openDatabaseWithHandle(path);
	await migrateToLatest(db);
	return {
		db,
		sqlite,
		path,
		close: async () => {
			await db.destroy();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}
