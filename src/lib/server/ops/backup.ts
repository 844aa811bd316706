import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

// `npm run backup` and `npm run restore` (server/backup.ts, server/restore.ts). The backup uses
// SQLite's online backup API (better-sqlite3's `.backup()`) from a connection of its own, so it is
// safe while the server runs and writes: SQLite reads a consistent snapshot (WAL mode lets the
// server keep writing meanwhile). The pages are copied in one step: in steps, a write by the server
// between two steps would make SQLite start the copy over, again and again on a busy board.

/** Pages per backup step: "all of them", see above. */
const ALL_PAGES = 0x7fffffff;

export interface BackupResult {
	path: string;
	bytes: number;
	ms: number;
}

export class BackupError extends Error {}

/** Checks that `path` is a sound SQLite file holding Tablée's tables; throws a BackupError in French otherwise. */
export function checkTableeDatabase(path: string): void {
	let db: Database.Database;
	try {
		db = new Database(path, { fileMustExist: true, readonly: true });
	} catch {
		throw new BackupError(`${path} n'est pas un fichier SQLite lisible.`);
	}
	try {
		const integrity = db.pragma('integrity_check', { simple: true });
		if (integrity !== 'ok') throw new BackupError(`${path} est endommagé (integrity_check : ${String(integrity)}).`);
		const migrations = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'").get() as { n: number };
		if (!migrations.n) throw new BackupError(`${path} n'est pas une base de Tablée (pas de table des migrations).`);
	} catch (e) {
		if (e instanceof BackupError) throw e;
		throw new BackupError(`${path} n'est pas un fichier SQLite lisible (${e instanceof Error ? e.message : String(e)}).`);
	} finally {
		db.close();
	}
}

/**
 * Copies the live database at `source` into `destination` (written under a temporary name, checked,
 * then renamed: a destination that exists is always a whole, sound copy).
 */
export async function backupDatabase(source: string, destination: string): Promise<BackupResult> {
	const started = Date.now();
	if (!existsSync(source)) throw new BackupError(`Base de données introuvable : ${source} (DATABASE_PATH).`);
	if (!existsSync(dirname(destination))) throw new BackupError(`Le dossier de destination n'existe pas : ${dirname(destination)}.`);
	if (existsSync(destination)) throw new BackupError(`${destination} existe déjà : choisissez un autre nom.`);
	const partial = `${destination}.partiel`;
	rmSync(partial, { force: true });
	const db = new Database(source, { fileMustExist: true });
	try {
		// The server may hold the write lock for a moment: wait for it rather than fail.
		db.pragma('busy_timeout = 10000');
		await db.backup(partial, { progress: () => ALL_PAGES });
	} catch (e) {
		rmSync(partial, { force: true });
		throw new BackupError(`La sauvegarde a échoué : ${e instanceof Error ? e.message : String(e)}.`);
	} finally {
		db.close();
	}
	// The copy keeps the source's WAL mode in its header; as a single file it has no WAL to go with it.
	const copy = new Database(partial);
	copy.pragma('journal_mode = DELETE');
	copy.close();
	checkTableeDatabase(partial);
	renameSync(partial, destination);
	return { path: destination, bytes: statSync(destination).size, ms: Date.now() - started };
}

/**
 * Puts the backup `backupPath` in place as the database `target`, for a server that is stopped.
 * Refuses to overwrite a database (move it aside first: it may be the only copy of recent work).
 */
export function restoreDatabase(backupPath: string, target: string): void {
	if (!existsSync(backupPath)) throw new BackupError(`Sauvegarde introuvable : ${backupPath}.`);
	checkTableeDatabase(backupPath);
	for (const f of [target, `${target}-wal`, `${target}-shm`]) {
		if (existsSync(f)) throw new BackupError(`${f} existe déjà : arrêtez Tablée et déplacez l'ancienne base (et ses fichiers -wal, -shm) avant de restaurer.`);
	}
	if (!existsSync(dirname(target))) throw new BackupError(`Le dossier de la base n'existe pas : ${dirname(target)}.`);
	const partial = `${target}.restauration`;
	rmSync(partial, { force: true });
	// Through SQLite rather than a file copy: the result is a fresh, consistent file in WAL mode.
	const from = new Database(backupPath, { readonly: true, fileMustExist: true });
	try {
		from.exec(`VACUUM INTO '${partial.replaceAll("'", "''")}'`);
	} finally {
		from.close();
	}
	checkTableeDatabase(partial);
	renameSync(partial, target);
}
