import { dirname, resolve } from 'node:path';
import { DEFAULT_DATABASE_PATH } from './db/database.ts';
import { DISK_LOW_BYTES, freeBytes } from './db/storage-check.ts';
import { getDocStore, getSyncStats } from './realtime/index.ts';

// What an operator (GET /api/health) and the facilitators (a banner) are told about the storage.

/** A failure this recent still shows: the operator sees it even once writes work again. */
const RECENT_MS = 5 * 60_000;

export interface Health {
	status: 'ok' | 'degraded';
	/** In French, for the banner and the operator; empty when all is well. */
	problems: string[];
	store: ReturnType<ReturnType<typeof getDocStore>['health']>;
	disk: { freeBytes: number | null; lowBelowBytes: number; low: boolean };
	sync: { rooms: number; connections: number };
}

export function readHealth(now = Date.now()): Health {
	const store = getDocStore().health();
	const path = process.env.DATABASE_PATH || DEFAULT_DATABASE_PATH;
	const free = freeBytes(dirname(resolve(path)));
	const low = free !== null && free < DISK_LOW_BYTES;
	const problems: string[] = [];
	if (store.degraded) problems.push('Les enregistrements échouent en ce moment : les modifications sont refusées et seront renvoyées par les appareils.');
	else if (store.lastFailureAt !== null && now - store.lastFailureAt < RECENT_MS) {
		problems.push(`Des enregistrements ont échoué il y a moins de 5 minutes (${store.lastFailure ?? 'erreur de stockage'}).`);
	}
	if (low) problems.push(`Espace disque faible : ${Math.round((free ?? 0) / 1024 / 1024)} Mo libres pour la base de données.`);
	if (store.docsRepaired > 0) problems.push(`${store.docsRepaired} document(s) ont dû être réparés au chargement (voir le journal du serveur).`);
	const { rooms, connections } = getSyncStats();
	return { status: problems.length ? 'degraded' : 'ok', problems, store, disk: { freeBytes: free, lowBelowBytes: DISK_LOW_BYTES, low }, sync: { rooms, connections } };
}
