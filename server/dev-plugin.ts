import type { Plugin } from 'vite';
import { SYNC_PATH_PREFIX, notYetRealtime, type UpgradeHandler } from './http-server.ts';

/**
 * In development (`vite dev`), takes WebSocket upgrades on /sync/ only, leaving Vite's own HMR
 * socket alone. The database and demo are prepared by hooks.server.ts `init`.
 */
export function tableeDevServer(upgrades: UpgradeHandler = notYetRealtime): Plugin {
	return {
		name: 'tablee-dev-server',
		configureServer(server) {
			server.httpServer?.on('upgrade', (req, socket, head) => {
				if (req.url?.startsWith(SYNC_PATH_PREFIX)) upgrades.handleUpgrade(req, socket, head);
			});
		}
	};
}
