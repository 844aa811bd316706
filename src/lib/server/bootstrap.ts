import { ensureDatabase, type Db } from './db/database.ts';
import { findDemo, isDatabaseEmpty, seedDemo, type DemoInfo } from './demo/seed.ts';
import { refreshStaleProjections } from './fiches/projection.ts';
import { getDocStore } from './realtime/index.ts';

export interface BootstrapResult {
	db: Db;
	/** Set when the demo project exists; password only on the run that created it (or from DEMO_PASSWORD). */
	demo: (Omit<DemoInfo, 'password'> & { password: string | null }) | null;
	seeded: boolean;
}

const KEY = Symbol.for('tablee.bootstrap');
type G = typeof globalThis & { [KEY]?: Promise<BootstrapResult> };

/**
 * Opens and migrates the database, then seeds the demo project when the database is empty
 * (unless SEED_DEMO=0). Runs once per process whichever copy of this module calls it first
 * (the server entry in production, hooks.server.ts init in development).
 */
export function bootstrap(env: NodeJS.ProcessEnv = process.env): Promise<BootstrapResult> {
	const g = globalThis as G;
	g[KEY] ??= (async () => {
		const db = await ensureDatabase(env.DATABASE_PATH || undefined);
		await refreshStaleProjections(db, getDocStore());
		if (env.SEED_DEMO === '0') return { db, demo: null, seeded: false };
		if (await isDatabaseEmpty(db)) {
			const demo = await seedDemo(db, { email: env.DEMO_EMAIL, password: env.DEMO_PASSWORD, joinCode: env.DEMO_JOIN_CODE });
			return { db, demo, seeded: true };
		}
		const demo = await findDemo(db, env.DEMO_EMAIL || undefined);
		return { db, demo: demo ? { ...demo, password: env.DEMO_PASSWORD || null } : null, seeded: false };
	})();
	return g[KEY];
}

export function resetBootstrap(): void {
	delete (globalThis as G)[KEY];
}
