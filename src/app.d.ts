import type { SessionUser, Session } from '$lib/server/auth/session';
import type { ParticipantIdentity } from '$lib/server/auth/participant-session';

declare global {
	namespace App {
		interface Locals {
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
