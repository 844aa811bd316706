// `npm run bench:sync -- --writers 200,500`: N writer sockets on one board (what facilitators and
// fiche co-writers are on the wire: the y-websocket protocol lets each of them write), each writing
// a note a second through Yjs and moving a cursor at 10 Hz. The latency of a note is the time from
// its send until EVERY socket (its writer included: the room sends it back) has it. Two generator
// processes; the server is the production entry on its own SQLite file.
import { fork, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { Client } from '../tests/helpers/http.ts';
import { snapshotTree, startServer } from './lib/server.ts';
import { now, sleep } from './lib/protocol.ts';
import { fmt, percentile, procCpuMs, procMemory } from './lib/stats.ts';

const DEMO = { SEED_DEMO: '1', DEMO_EMAIL: 'bench@demo.tablee.fr', DEMO_PASSWORD: 'mot-de-passe-du-banc', DEMO_JOIN_CODE: 'K7M2PQ' };

export interface WritersOptions {
	counts: number[];
	seconds: number;
	echo: boolean;
	log: (line: string) => void;
}

interface Worker {
	child: ChildProcess;
	next: <T>(type: string) => Promise<T>;
}

function startWorker(): Worker {
	const child = fork(resolve(import.meta.dirname, 'lib/writer-sockets.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
	const waiting = new Map<string, (m: unknown) => void>();
	child.on('message', (m: { type: string }) => {
		waiting.get(m.type)?.(m);
		waiting.delete(m.type);
	});
	return { child, next: <T>(type: string) => new Promise<T>((r) => waiting.set(type, r as (m: unknown) => void)) };
}

export async function runWriters(o: WritersOptions): Promise<void> {
	const tree = await snapshotTree(o.log);
	const rows: string[] = [];
	try {
		for (const n of o.counts) {
			const server = await startServer({ ...DEMO }, [], null, tree.root);
			const fac = new Client(server.url);
			const res = await fac.post('/connexion', { email: DEMO.DEMO_EMAIL, password: DEMO.DEMO_PASSWORD });
			if (res.status !== 303) throw new Error(`login: ${res.status}`);
			const workers = [startWorker(), startWorker()];
			const tConnect = now();
			const half = Math.ceil(n / 2);
			await Promise.all(
				workers.map((w, i) => {
					const ready = w.next<{ failed: number }>('ready');
					w.child.send({ type: 'setup', url: server.url, docName: 'board:2', cookie: fac.cookieHeader(), first: i * half, count: i === 0 ? half : n - half, echo: o.echo });
					return ready;
				})
			);
			const connectMs = now() - tConnect;
			const durationMs = o.seconds * 1000;
			const t0 = now() + 300;
			const cpu0 = procCpuMs(server.child.pid!);
			await Promise.all(
				workers.map((w) => {
					const done = w.next('done');
					w.child.send({ type: 'start', t0, durationMs, notesPerSecond: 1, cursorHz: 10, total: n });
					return done;
				})
			);
			const cpuMs = procCpuMs(server.child.pid!) - cpu0;
			// Let the last notes arrive (bounded), then collect.
			await sleep(3000);
			const results = await Promise.all(
				workers.map((w) => {
					const r = w.next<{ sent: { token: string; t: number }[]; bytesIn: { update: number; awareness: number }; arrivals: [string, { n: number; last: number }][]; closes: number[] }>('results');
					w.child.send({ type: 'results' });
					return r;
				})
			);
			const mem = procMemory(server.child.pid!);
			const arrivals = new Map<string, { n: number; last: number }>();
			for (const r of results)
				for (const [tok, a] of r.arrivals) {
					const cur = arrivals.get(tok);
					if (cur) {
						cur.n += a.n;
						cur.last = Math.max(cur.last, a.last);
					} else arrivals.set(tok, { ...a });
				}
			const sent = results.flatMap((r) => r.sent);
			const latencies: number[] = [];
			let lost = 0;
			for (const s of sent) {
				const a = arrivals.get(s.token);
				if (!a || a.n < n) lost++;
				else latencies.push(a.last - s.t);
			}
			latencies.sort((a, b) => a - b);
			const closes = results.flatMap((r) => r.closes);
			// Per socket and second: what the notes cost on the wire next to presence.
			const perSocketKBs = (k: 'update' | 'awareness') => results.reduce((a, r) => a + r.bytesIn[k], 0) / n / o.seconds / 1024;
			const row = `| N=${n} writer sockets${o.echo ? ' (echo)' : ''} | ${fmt(sent.length / o.seconds, 0)} | ${fmt(percentile(latencies, 50), 0)} / ${fmt(percentile(latencies, 95), 0)} / **${fmt(percentile(latencies, 99), 0)}** | ${lost} | ${fmt((cpuMs / durationMs) * 100, 0)} % (${fmt(cpuMs / 1000, 2)} s) | ${fmt(mem.hwm / 1024 / 1024, 0)} MB | ${fmt(connectMs, 0)} ms | ${closes.length} | ${fmt(perSocketKBs('update'), 0)} / ${fmt(perSocketKBs('awareness'), 0)} KB/s |`;
			o.log(row);
			rows.push(row);
			for (const w of workers) w.child.send({ type: 'close' });
			await server.stop();
		}
	} finally {
		tree.remove();
	}
	o.log('\n| case | notes/s | p50 / p95 / p99 note → every socket (ms) | lost | server CPU | peak RSS | all connected in | sockets closed | received per socket: notes / presence |');
	o.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
	for (const r of rows) o.log(r);
}
