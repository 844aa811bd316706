import { accessSync, constants, existsSync, mkdirSync, statfsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

// The storage the database lives on, checked at start-up (one clear line instead of a stack trace)
// and while running (the health endpoint and the facilitators' banner).

/** Below this, the disk is "low": an operator should act before appends start failing. */
export const DISK_LOW_BYTES = Number(process.env.DISK_LOW_MB ?? 200) * 1024 * 1024;
/** Below this, Tablée does not start: a migration or the first workshop would fill it. */
export const DISK_MIN_START_BYTES = 5 * 1024 * 1024;

export class StorageStartError extends Error {}

/** Free bytes for unprivileged writes on the filesystem holding `path` (null if unknown). */
export function freeBytes(path: string): number | null {
	try {
		const s = statfsSync(path);
		return Number(s.bavail) * Number(s.bsize);
	} catch {
		return null;
	}
}

function mb(bytes: number): string {
	return `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} Mo`;
}

/**
 * Throws a StorageStartError whose message is the one line to print, when the database at `path`
 * cannot be used: folder missing (only the default folder is created), read-only file or folder,
 * disk (nearly) full. `isDefault`: the path was not configured (./data is created on first start).
 */
export function checkStorageAtStart(path: string, isDefault: boolean): void {
	if (path === ':memory:') return;
	const file = resolve(path);
	const dir = dirname(file);
	if (!existsSync(dir)) {
		if (!isDefault) throw new StorageStartError(`Le dossier de la base de données n’existe pas : ${dir} (DATABASE_PATH=${path}). Créez-le ou corrigez DATABASE_PATH.`);
		mkdirSync(dir, { recursive: true });
	}
	try {
		accessSync(dir, constants.W_OK);
		if (existsSync(file)) accessSync(file, constants.R_OK | constants.W_OK);
	} catch {
		throw new StorageStartError(`La base de données est en lecture seule : ${file}. Tablée doit pouvoir écrire ce fichier et son dossier.`);
	}
	const free = freeBytes(dir);
	if (free !== null && free < DISK_MIN_START_BYTES) {
		throw new StorageStartError(`Disque plein : il reste ${mb(free)} là où se trouve la base de données (${dir}). Libérez de la place puis relancez Tablée.`);
	}
}

/** The one line for an error raised while opening or migrating the database, if it is a storage one. */
export function describeStorageError(e: unknown, path: string): string | null {
	const code = (e as { code?: unknown } | null)?.code;
	const file = resolve(path);
	if (code === 'SQLITE_FULL') return `Disque plein : impossible d’écrire la base de données ${file}. Libérez de la place puis relancez Tablée.`;
	if (code === 'SQLITE_READONLY' || (typeof code === 'string' && code.startsWith('SQLITE_READONLY')) || code === 'EROFS' || code === 'EACCES')
		return `La base de données est en lecture seule : ${file}. Tablée doit pouvoir écrire ce fichier et son dossier.`;
	if (code === 'SQLITE_CANTOPEN' || code === 'ENOENT') return `Impossible d’ouvrir la base de données ${file} : vérifiez DATABASE_PATH et les droits du dossier.`;
	if (typeof code === 'string' && code.startsWith('SQLITE_IOERR')) return `Erreur d’entrée-sortie sur la base de données ${file} (${code}) : vérifiez le disque.`;
	if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') return `La base de données ${file} est endommagée ou n’est pas une base Tablée (${code}).`;
	return null;
}
