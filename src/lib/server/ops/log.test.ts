import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { logError, redactUrl, withRequestLog, type LogLevel } from './log.ts';

describe('redactUrl', () => {
	it('replaces the path segments that open something, keeps the rest of the path', () => {
		expect(redactUrl('/rejoindre/K7M2PQ')).toBe('/rejoindre/:code');
		expect(redactUrl('/rejoindre/K7M2PQ/__data.json')).toBe('/rejoindre/:code/__data.json');
		expect(redactUrl('/rejoindre/reprendre')).toBe('/rejoindre/reprendre');
		expect(redactUrl('/rejoindre')).toBe('/rejoindre');
		expect(redactUrl('/compte/xo3hmkbuu3rykgr3rve66yscfzwtiywl')).toBe('/compte/:token');
		expect(redactUrl('/restitution/abc123def')).toBe('/restitution/:token');
		expect(redactUrl('/fiches/invitation/12/s3cr3t')).toBe('/fiches/invitation/12/:token');
		expect(redactUrl('/tables/12/projection')).toBe('/tables/12/projection');
	});

	it('keeps query keys and drops every value', () => {
		expect(redactUrl('/connexion?email=a%40b.fr&password=hunter2&token=T')).toBe('/connexion?email=…&password=…&token=…');
		expect(redactUrl('/projets?')).toBe('/projets');
	});
});

describe('withRequestLog', () => {
	let server: Server | null = null;
	afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

	it('writes one JSON line per request with status and time, and no cookie, header or body', async () => {
		const lines: { level: LogLevel; line: string }[] = [];
		server = createServer(
			withRequestLog(
				(req, res) => {
					res.statusCode = req.url?.startsWith('/boom') ? 500 : 200;
					res.setHeader('content-length', '2');
					res.end('ok');
				},
				(level, line) => lines.push({ level, line })
			)
		);
		await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
		const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		await fetch(`${base}/rejoindre/K7M2PQ?nom=Nadia`, { headers: { cookie: 'tablee_participant=SECRETCOOKIE' } });
		await fetch(`${base}/boom`, { method: 'POST', body: 'password=hunter2' });
		await expect.poll(() => lines.length).toBe(2);
		const [first, second] = lines.map((l) => ({ level: l.level, entry: JSON.parse(l.line) }));
		expect(first.level).toBe('info');
		expect(first.entry).toMatchObject({ event: 'request', method: 'GET', path: '/rejoindre/:code?nom=…', status: 200, bytes: 2, who: 'participant' });
		expect(first.entry.ms).toBeGreaterThanOrEqual(0);
		expect(new Date(first.entry.time).getTime()).not.toBeNaN();
		expect(second.level).toBe('error');
		expect(second.entry).toMatchObject({ method: 'POST', path: '/boom', status: 500, who: 'anonymous' });
		const all = lines.map((l) => l.line).join('\n');
		for (const secret of ['K7M2PQ', 'Nadia', 'SECRETCOOKIE', 'hunter2']) expect(all).not.toContain(secret);
	});
});

describe('logError', () => {
	it('writes one error line with the message, code, stack frames and the redacted path', () => {
		const lines: string[] = [];
		const e = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
		logError(e, { status: 500, method: 'POST', url: '/compte/tok3n?password=x' }, (_level, line) => lines.push(line));
		expect(lines).toHaveLength(1);
		const entry = JSON.parse(lines[0]);
		expect(entry).toMatchObject({ level: 'error', event: 'error', status: 500, method: 'POST', path: '/compte/:token?password=…', name: 'Error', message: 'database or disk is full', code: 'SQLITE_FULL' });
		expect(entry.stack[0]).toMatch(/^at /);
		expect(lines[0]).not.toContain('tok3n');
	});
});

describe('logUncaughtErrors', () => {
	it('writes the JSON error line of an uncaught exception, and Node still ends the process', async () => {
		const { spawnSync } = await import('node:child_process');
		const script = `import { logUncaughtErrors } from ${JSON.stringify(new URL('./log.ts', import.meta.url).href)}; logUncaughtErrors(); setTimeout(() => { throw new Error('panne imprévue'); });`;
		const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
		expect(r.status).not.toBe(0);
		const line = r.stderr.split('\n').find((l) => l.startsWith('{'));
		expect(JSON.parse(line!)).toMatchObject({ level: 'error', event: 'error', message: 'panne imprévue', origin: 'uncaughtException' });
	});
});
