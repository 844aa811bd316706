import { ensureDatabase, type Db } from './db/database.ts';
import { findDemo, isDatabaseEmpty, seedDemo, type DemoInfo } from './demo/seed.ts';
import { refreshStaleProjections } from './fiches/projection.ts';
import { getDocStore } from './realtime/index.ts';
import { hasAdministrator, issueSetupLink } from './auth/account-links.ts';
import { startRetention } from './privacy/retention.ts';

export interface BootstrapResult {
	db: Db;
	/** Set when the demo project exists; password only on the run that created it (or from DEMO_PASSWORD). */
	demo: (Omit<DemoInfo, 'password'> & { password: string | null }) | null;
	seeded: boolean;
	/** While the instance has no administrator: the token of the one-time link that creates it. */
	setupToken: string | null;
}

/**
 * The demo is seeded on an empty database when SEED_DEMO=1 (`npm start` sets it unless told
 * otherwise), or in development when SEED_DEMO is not set. A production start (`npm run serve`,
 * NODE_ENV=production) without SEED_DEMO=1 starts empty.
 */
export function wantsDemo(env: NodeJS.ProcessEnv = process.env): boolean {
	if (env.SEED_DEMO === '1') return true;
	if (env.SEED_DEMO === '0') return false;
	return !env.SEED_DEMO && env.NODE_ENV !== 'production';
}

const KEY = Symbol.for('tablee.bootstrap');
type G = typeof globalThis & { [KEY]?: Promise<BootstrapResult> };

/**
 * Opens and migrates the database, then seeds the demo project when the database is empty and
 * the demo is wanted (see wantsDemo), and, while no account administers the instance, makes the
 * one-time link that creates its administrator (printed at start; never a password). The demo
 * account is not the administrator. Runs once per process whichever copy of this module calls it first
 * (the server entry in production, hooks.server.ts init in development).
 */
export function bootstrap(env: NodeJS.ProcessEnv = process.env): Promise<BootstrapResult> {
	const g = globalThis as G;
	g[KEY] ??= (async () => {
		const db = await ensureDatabase(env.DATABASE_PATH || undefined);
		await refreshStaleProjections(db, getDocStore());
		const result = await (async (): Promise<Omit<BootstrapResult, 'setupToken'>> => {
			if (!wantsDemo(env)) return { db, demo: null, seeded: false };
			if (await isDatabaseEmpty(db)) {
				const demo = await seedDemo(db, { email: env.DEMO_EMAIL, password: env.DEMO_PASSWORD, joinCode: env.DEMO_JOIN_CODE, admin: env.DEMO_IS_ADMIN === '1' });
				return { db, demo, seeded: true };
			}
			const demo = await findDemo(db, env.DEMO_EMAIL || undefined);
			return { db, demo: demo ? { ...demo, password: env.DEMO_PASSWORD || null } : null, seeded: false };
		})();
		const setupToken = (await hasAdministrator(db)) ? null : (await issueSetupLink(db)).token;
		startRetention(db);
		return { ...result, setupToken };
	})();
	return g[KEY];
}

export function resetBootstrap(): void {
	delete (globalThis as G)[KEY];
}
