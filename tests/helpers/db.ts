import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateToLatest, openDatabase, type Db } from '../../src/lib/server/db/database.ts';

/** A real SQLite file with every migration applied, removed by `close()`. */
export async function setupDb(): Promise<{ db: Db; path: string; close: () => Promise<void> }> {
	const dir = mkdtempSync(join(tmpdir(), 'tablee-db-'));
	const path = join(dir, 'tablee.sqlite');
	const db = openDatabase(path);
	await migrateToLatest(db);
	return {
		db,
		path,
		close: async () => {
			await db.destroy();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}
