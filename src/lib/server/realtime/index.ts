import type { RevocationFilter } from '../redis/revocations.ts';
// What routes use of the realtime side, read from the running app (see app.ts, which builds the
// doc store and the sync server and wires their hooks). Thin accessors kept so that routes and
// services written before the composition root need no app parameter.
import { currentApp } from '../app-instance.ts';
import type { DocStore } from './doc-store.ts';
import type { DocAccess } from './access.ts';

export { CLOSE } from './sync-server.ts';

export function getDocStore(): DocStore {
	return currentApp().docs;
}

/** Closes live sockets matching `match` (called by routes on logout, removal, archiving). */
export function revokeConnections(filter: RevocationFilter, code: number, reason: string): number {
	return currentApp().revokeConnections(filter, code, reason);
}

/** Counters of the sync server. */
export function getSyncStats() {
	return currentApp().syncStats();
}
