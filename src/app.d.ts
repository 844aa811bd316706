import type { SessionUser, Session } from '$lib/server/auth/session';
import type { ParticipantIdentity } from '$lib/server/auth/participant-session';
import type { App as TableeApp } from '$lib/server/app';

declare global {
	namespace App {
		interface Locals {
			/** The running app (database, doc store, sync server...), built by createApp. */
			app: TableeApp;
			user: SessionUser | null;
			session: Session | null;
			participant: ParticipantIdentity | null;
		}
		interface Error {
			message: string;
		}
		interface PageData {
			user?: { id: number; displayName: string; email: string; isAdmin: boolean } | null;
		}
	}
}

export {};
