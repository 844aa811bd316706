import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

// Structured logs: one JSON object per line on stdout (requests) or stderr (errors), for journald,
// Docker or any collector. Never a secret: no cookies, no headers, no bodies, no passwords, no query
// values, and the path segments that are secrets themselves (join codes, invitation, setup and
// restitution tokens) are replaced by a placeholder. No IP address either: the access logs kept with
// addresses are the proxy's (see Security), under LOG_RETENTION_DAYS.

export type LogLevel = 'info' | 'warn' | 'error';

/** Writes one line. `write` is replaceable for the tests. */
export function logLine(level: LogLevel, event: string, fields: Record<string, unknown>, write = defaultWrite): void {
	write(level, JSON.stringify({ time: new Date().toISOString(), level, event, ...fields }));
}

function defaultWrite(level: LogLevel, line: string): void {
	(level === 'info' ? process.stdout : process.stderr).write(line + '\n');
}

/** Path prefixes whose next segment is a secret (a code or token that opens something). */
const SECRET_SEGMENT_AFTER: [RegExp, string][] = [
	[/^(\/rejoindre\/)(?!reprendre(?:\/|$))[^/]+/, '$1:code'],
	[/^(\/compte\/)[^/]+/, '$1:token'],
	[/^(\/restitution\/)[^/]+/, '$1:token'],
	[/^(\/fiches\/invitation\/[^/]+\/)[^/]+/, '$1:token']
];

/** The URL as logged: path with secret segments replaced, query keys kept, query values dropped. */
export function redactUrl(url: string | undefined): string {
	if (!url) return '';
	const q = url.indexOf('?');
	let path = q === -1 ? url : url.slice(0, q);
	for (const [pattern, replacement] of SECRET_SEGMENT_AFTER) path = path.replace(pattern, replacement);
	if (path.length > 300) path = path.slice(0, 300) + '…';
	if (q === -1) return path;
	const keys = [...new URLSearchParams(url.slice(q + 1)).keys()].slice(0, 10);
	return keys.length ? `${path}?${keys.map((k) => `${encodeURIComponent(k)}=…`).join('&')}` : path;
}

/** Who asked, from the cookies' presence only (never their values). */
function principalKind(req: IncomingMessage): 'facilitator' | 'participant' | 'anonymous' {
	const cookie = req.headers.cookie ?? '';
	if (/(?:^|;\s*)tablee_session=/.test(cookie)) return 'facilitator';
	if (/(?:^|;\s*)tablee_participant=/.test(cookie)) return 'participant';
	return 'anonymous';
}

/** The environment switch: TABLEE_ACCESS_LOG=off silences the request lines (errors are always logged). */
export function accessLogEnabled(): boolean {
	return process.env.TABLEE_ACCESS_LOG !== 'off';
}

/** Wraps the server's request listener: one `request` line when each response ends (or is cut). */
export function withRequestLog(handler: RequestListener, write = defaultWrite): RequestListener {
	if (!accessLogEnabled()) return handler;
	return (req: IncomingMessage, res: ServerResponse) => {
		const started = performance.now();
		const id = randomUUID();
		let logged = false;
		const done = () => {
			if (logged) return;
			logged = true;
			const length = res.getHeader('content-length');
			logLine(
				res.statusCode >= 500 ? 'error' : 'info',
				'request',
				{
					id,
					method: req.method,
					path: redactUrl(req.url),
					status: res.statusCode,
					ms: Math.round((performance.now() - started) * 10) / 10,
					...(length !== undefined ? { bytes: Number(length) } : {}),
					who: principalKind(req),
					...(res.writableFinished ? {} : { aborted: true })
				},
				write
			);
		};
		res.once('finish', done);
		res.once('close', done);
		handler(req, res);
	};
}

/** One line for a WebSocket upgrade on /sync/ (its outcome is the socket's, not an HTTP status). */
export function logUpgrade(req: IncomingMessage, write = defaultWrite): void {
	if (!accessLogEnabled()) return;
	logLine('info', 'upgrade', { method: req.method, path: redactUrl(req.url), who: principalKind(req) }, write);
}

/**
 * One `error` line: the error's name, message and stack (our code's, no data), the request's method
 * and redacted path. Messages of our errors carry no secret; a driver's (SQLite) may name a file.
 */
export function logError(error: unknown, context: { status?: number; method?: string; url?: string; origin?: string } = {}, write = defaultWrite): void {
	const e = error instanceof Error ? error : new Error(String(error));
	logLine(
		'error',
		'error',
		{
			status: context.status,
			method: context.method,
			origin: context.origin,
			path: context.url !== undefined ? redactUrl(context.url) : undefined,
			name: e.name,
			message: e.message,
			...((e as { code?: unknown }).code !== undefined ? { code: String((e as { code?: unknown }).code) } : {}),
			stack: e.stack?.split('\n').slice(1, 12).map((l) => l.trim())
		},
		write
	);
}

/**
 * An uncaught exception also gets its JSON line before Node prints it and stops the process (the
 * monitor event changes nothing to that behaviour; a service manager restarts the process).
 */
export function logUncaughtErrors(): void {
	process.on('uncaughtExceptionMonitor', (error, origin) => logError(error, { origin }));
}
