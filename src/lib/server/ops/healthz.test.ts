import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { probeDatabase } from './healthz.ts';

const dir = mkdtempSync(join(tmpdir(), 'tablee-healthz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function database(name: string): string {
	const path = join(dir, name);
	const db = new Database(path);
	db.pragma('journal_mode = WAL');
	db.exec('CREATE TABLE t (x)');
	db.close();
	return path;
}

describe('the database probe of /healthz', () => {
	it('finds a free database writable, writes nothing into it and leaves no file behind', () => {
		const path = database('ok.sqlite');
		expect(probeDatabase(path)).toMatchObject({ writable: true });
		const db = new Database(path, { readonly: true });
		expect(db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 0 });
		db.close();
		expect(readdirSync(dir).filter((f) => f.startsWith('.tablee-healthz'))).toEqual([]);
	});

	it('says not writable while another connection holds the write lock past its wait', () => {
		const path = database('locked.sqlite');
		const holder = new Database(path);
		holder.exec('BEGIN IMMEDIATE');
		try {
			const probe = probeDatabase(path);
			expect(probe).toMatchObject({ writable: false, error: 'SQLITE_BUSY' });
			expect(probe.ms).toBeGreaterThanOrEqual(450);
		} finally {
			holder.exec('ROLLBACK');
			holder.close();
		}
		expect(probeDatabase(path).writable).toBe(true);
	});

	it('says not writable when the database file is missing', () => {
		expect(probeDatabase(join(dir, 'absent.sqlite')).writable).toBe(false);
	});
});
