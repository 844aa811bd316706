import type { App } from './app.ts';

// The one process-wide global left: the running app instance. It is needed because one process
// holds several copies of the server modules (SvelteKit's bundle and the server entry in
// production; Vite's SSR graph and the Vite plugin in development): whichever copy creates the
// app installs it here, every other copy reads it here. Everything else (database, doc store, sync
// server, throttles, live restitution, projections) hangs off the instance, built by createApp.

const KEY = Symbol.for('tablee.app');
interface Slot {
	app: App | null;
	/** The app being created (the first caller of `obtainApp` builds it, the others wait). */
	pending: Promise<App> | null;
}
type G = typeof globalThis & { [KEY]?: Slot };

function slot(): Slot {
	const g = globalThis as G;
	g[KEY] ??= { app: null, pending: null };
	return g[KEY];
}

/** Makes `app` the process's instance (server entry, tests' in-process server). */
export function installApp(app: App): void {
	const s = slot();
	s.app = app;
	s.pending = Promise.resolve(app);
}

/** Forgets the instance (after `app.stop()`): the next one can be installed. */
export function uninstallApp(app?: App): void {
	const s = slot();
	if (app && s.app !== app) return;
	s.app = null;
	s.pending = null;
}

/** The installed app, or the one `create` builds (once per process, whoever asks first). */
export function obtainApp(create: () => Promise<App>): Promise<App> {
	const s = slot();
	s.pending ??= create().then(
		(app) => {
			s.app = app;
			return app;
		},
		(e) => {
			s.pending = null;
			throw e;
		}
	);
	return s.pending;
}

/** The running app; throws before one was installed (a request before start). */
export function currentApp(): App {
	const app = slot().app;
	if (!app) throw new Error("Application non initialisée : createApp() doit avoir été appelée au démarrage.");
	return app;
}

/** The running app or null (health checks during start, shutdown). */
export function maybeCurrentApp(): App | null {
	return slot().app;
}
