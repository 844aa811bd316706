// A load-generator process (forked by bench/sync.ts): holds a share of the light listeners, posts
// their participants' commands, sends their cursors, and answers with raw timings.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { LightClient } from './light-client.ts';
import { StormClient } from './storm-client.ts';
import { runParticipantWriter, type WriteRecord } from './writer.ts';
import { now, sleep, sleepUntil } from './protocol.ts';
import type { ClientSpec, ToWorker, FromWorker, StormSocket, WindowStats } from './messages.ts';

let clients: { spec: ClientSpec; lc: LightClient }[] = [];
let stormClients: (LightClient | StormClient)[] = [];
let records: WriteRecord[] = [];
let windowStats: WindowStats | null = null;
const eld = monitorEventLoopDelay({ resolution: 5 });

function send(m: FromWorker) {
	process.send!(m);
}

function cpuMs(u: NodeJS.CpuUsage) {
	return (u.user + u.system) / 1000;
}

async function setup(m: Extract<ToWorker, { type: 'setup' }>) {
	clients = m.clients.map((spec) => ({ spec, lc: new LightClient({ url: m.url, docName: m.docName, cookie: spec.cookie, step1: 'on-open', echoAwareness: spec.echo }) }));
	const deadline = now() + m.timeoutMs;
	await Promise.race([Promise.all(clients.map((c) => c.lc.synced)), sleepUntil(deadline)]);
	const failed = clients.filter((c) => c.lc.tStep2 === 0).map((c) => `${c.spec.idx}: ${c.lc.error ?? `close ${c.lc.closeCode}`}`);
	send({ type: 'ready', connectMs: clients.map((c) => (c.lc.tStep2 || now()) - c.lc.tCreate), failed });
}

async function start(m: Extract<ToWorker, { type: 'start' }>) {
	records = [];
	windowStats = null;
	const { t0, durationMs, windowStart, windowEnd } = m;
	// Measurement window: CPU, event-loop delay and awareness counts between these two instants.
	let cpu0: NodeJS.CpuUsage;
	let aw0: number[] = [];
	setTimeout(() => {
		cpu0 = process.cpuUsage();
		eld.reset();
		eld.enable();
		aw0 = clients.map((c) => c.lc.awarenessMsgs);
	}, windowStart - now());
	setTimeout(() => {
		const cpu = cpuMs(process.cpuUsage(cpu0));
		eld.disable();
		const perClient = clients.map((c, i) => c.lc.awarenessMsgs - aw0[i]);
		windowStats = { cpuMs: cpu, eldP50: eld.percentile(50) / 1e6, eldP99: eld.percentile(99) / 1e6, eldMax: eld.max / 1e6, awarenessPerClient: perClient };
	}, windowEnd - now());

	// Cursors: 10 Hz per cursor client, bounded by the run's duration.
	const cursorJobs = clients
		.filter((c) => c.spec.cursor)
		.map(async (c) => {
			const period = 1000 / m.cursorHz;
			const phase = Math.random() * period;
			const count = Math.floor((durationMs / 1000) * m.cursorHz);
			for (let k = 0; k < count; k++) {
				await sleepUntil(t0 + phase + k * period);
				c.lc.sendCursor();
			}
		});
	const writers = clients
		.filter((c) => c.spec.write)
		.map((c) =>
			runParticipantWriter({
				url: m.url,
				boardId: m.boardId,
				cookie: c.spec.cookie,
				idx: c.spec.idx,
				n: m.n,
				t0,
				durationMs,
				notesPerSecond: m.notesPerSecond,
				moveEveryMs: c.spec.move ? m.moveEveryMs : 0
			})
		);
	const all = await Promise.all(writers);
	await Promise.all(cursorJobs);
	records = all.flat();
	// Wait for the window to close before answering (bounded).
	for (let i = 0; i < 200 && !windowStats; i++) await sleep(50);
	send({ type: 'writes', records, window: windowStats });
}

async function collect(m: Extract<ToWorker, { type: 'collect' }>) {
	const deadline = now() + m.timeoutMs;
	const missingAt = (c: { lc: LightClient }) => m.expected.filter((t) => !c.lc.seen.has(t)).length;
	// Bounded wait until every client has every accepted write.
	while (now() < deadline && clients.some((c) => missingAt(c) > 0)) await sleep(100);
	const writerOf = new Map<string, number>();
	for (const t of m.expected) writerOf.set(t, m.writerOf[t] ?? -1);
	// Arrival times at this process's clients, the writer's own socket excluded.
	const recv: Record<string, number[]> = {};
	const missing: Record<string, number> = {};
	for (const t of m.expected) {
		const w = writerOf.get(t)!;
		const arr: number[] = [];
		for (const c of clients) {
			if (c.spec.idx === w) continue;
			const at = c.lc.seen.get(t);
			if (at === undefined) missing[t] = (missing[t] ?? 0) + 1;
			else arr.push(at);
		}
		recv[t] = arr;
	}
	send({
		type: 'results',
		recv,
		missing,
		clients: clients.map((c) => ({
			idx: c.spec.idx,
			messages: c.lc.messages,
			updates: c.lc.updates,
			bytesIn: c.lc.bytesIn,
			awarenessMsgs: c.lc.awarenessMsgs,
			awarenessEntries: c.lc.awarenessEntries,
			error: c.lc.error,
			closeCode: c.lc.closeCode
		}))
	});
}

async function storm(m: Extract<ToWorker, { type: 'storm' }>) {
	const cpu0 = process.cpuUsage();
	await sleepUntil(m.startAt);
	// Raw-socket clients by default (see storm-client.ts); `ws` light clients with --storm-ws.
	stormClients = m.cookies.map((cookie) =>
		m.ws ? new LightClient({ url: m.url, docName: m.docName, cookie, step1: 'on-open', record: false }) : new StormClient({ url: m.url, docName: m.docName, cookie })
	);
	const deadline = now() + m.timeoutMs;
	await Promise.race([Promise.all(stormClients.map((c) => c.synced)), sleepUntil(deadline)]);
	const cpu = cpuMs(process.cpuUsage(cpu0));
	for (const c of stormClients) c.countStep2Tokens();
	const sockets: StormSocket[] = stormClients.map((c) => ({
		tCreate: c.tCreate,
		tOpen: c.tOpen,
		tFirst: c.tFirst,
		tStep2: c.tStep2,
		bytes: c.step2Bytes,
		tokens: c.step2Tokens,
		error: c.error
	}));
	send({ type: 'stormResult', sockets, cpuMs: cpu });
}

function teardown() {
	for (const c of clients) c.lc.close();
	for (const c of stormClients) c.close();
	clients = [];
	stormClients = [];
	records = [];
	send({ type: 'closed' });
}

process.on('message', (m: ToWorker) => {
	const run = async () => {
		if (m.type === 'setup') await setup(m);
		else if (m.type === 'start') await start(m);
		else if (m.type === 'collect') await collect(m);
		else if (m.type === 'storm') await storm(m);
		else if (m.type === 'teardown') teardown();
		else if (m.type === 'exit') process.exit(0);
	};
	run().catch((e) => send({ type: 'error', message: (e as Error).stack ?? String(e) }));
});
// The orchestrator is gone: nothing left to do.
process.on('disconnect', () => process.exit(0));
send({ type: 'hello', pid: process.pid });
