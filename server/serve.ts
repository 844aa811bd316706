import type { RequestListener, Server } from 'node:http';
import type { App } from '../src/lib/server/app.ts';
import { createAppServer } from './http-server.ts';
import { tryFastCommand } from '../src/lib/server/boards/command-endpoint.ts';
import { handleFaultRequest } from '../src/lib/server/realtime/fault-injection.ts';
import { baseSecurityHeaders } from '../src/lib/server/security-headers.ts';
import { logUpgrade, withRequestLog } from '../src/lib/server/ops/log.ts';

/** Set on every request when no TLS is in front (see server/index.ts): this header is ours alone. */
export const PLAIN_HTTP_HEADER = 'x-tablee-protocol';

/**
 * One HTTP server for `app`: SvelteKit's built handler for requests, the participants' fast
 * command path before it, the app's sync server for WebSocket upgrades. Used by the production
 * entry and by the tests' in-process server.
 */
export function serveApp(app: App, svelteKit: RequestListener, options: { assumePlainHttp: boolean }): Server {
	// On every response, static files and the fast command path included (hooks.server.ts sets them
	// again, with the pages' CSP, on what SvelteKit answers).
	const securityHeaders = Object.entries(baseSecurityHeaders());
	// One JSON line per request (src/lib/server/ops/log.ts), static files and fast commands included.
	const server = createAppServer(withRequestLog((req, res) => {
		for (const [name, value] of securityHeaders) res.setHeader(name, value);
		// Tests only (TABLEE_FAULT_INJECTION=1): make the storage port fail on demand.
		if (handleFaultRequest(req, res, app.faults)) return;
		// Participants' commands, the most frequent request, are answered here in the common case.
		if (tryFastCommand(app, req, res)) return;
		// Overwrites whatever a client sent: this header is ours alone.
		if (options.assumePlainHttp) req.headers[PLAIN_HTTP_HEADER] = 'http';
		svelteKit(req, res);
	}), app.sync);
	server.prependListener('upgrade', (req) => logUpgrade(req));
	return server;
}
