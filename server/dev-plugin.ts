import type { Plugin } from 'vite';
import { SYNC_PATH_PREFIX } from './http-server.ts';
import { appFromEnv } from '../src/lib/server/app.ts';

/**
 * In development (`vite dev`), takes WebSocket upgrades on /sync/ only, leaving Vite's own HMR
 * socket alone. The app instance is installed on globalThis, so the SvelteKit routes loaded by
 * Vite's SSR graph and this plugin share it (see src/lib/server/app-instance.ts).
 */
export function tableeDevServer(): Plugin {
	return {
		name: 'tablee-dev-server',
		apply: 'serve',
		configureServer(server) {
			// Vitest serves too (mode "test"): it must not open, migrate and seed ./data/tablee.sqlite,
			// or the demo's password would be printed to no one and the next `npm start` would hide it.
			if (server.config.mode === 'test') return;
			const ready = appFromEnv();
			server.httpServer?.on('upgrade', (req, socket, head) => {
				if (!req.url?.startsWith(SYNC_PATH_PREFIX)) return;
				ready.then((app) => app.sync.handleUpgrade(req, socket, head)).catch(() => socket.destroy());
			});
		}
	};
}
