// Percentiles, /proc readings and a CPU-profile summary for the benchmark report.
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { relative } from 'node:path';

export interface Summary {
	n: number;
	min: number;
	p50: number;
	p95: number;
	p99: number;
	max: number;
	mean: number;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) return NaN;
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function summarize(values: number[]): Summary {
	const s = Float64Array.from(values).sort();
	const arr = Array.from(s);
	let sum = 0;
	for (const v of arr) sum += v;
	return {
		n: arr.length,
		min: arr.length ? arr[0] : NaN,
		p50: percentile(arr, 50),
		p95: percentile(arr, 95),
		p99: percentile(arr, 99),
		max: arr.length ? arr[arr.length - 1] : NaN,
		mean: arr.length ? sum / arr.length : NaN
	};
}

export function fmt(v: number, digits = 1): string {
	if (!Number.isFinite(v)) return '–';
	return v.toFixed(digits);
}

export function fmtSummary(s: Summary, digits = 1): string {
	if (s.n === 0) return 'n=0';
	return `p50 ${fmt(s.p50, digits)}  p95 ${fmt(s.p95, digits)}  p99 ${fmt(s.p99, digits)}  max ${fmt(s.max, digits)}  (n=${s.n})`;
}

let clkTck = 0;
function ticksPerSecond(): number {
	if (!clkTck) {
		try {
			clkTck = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
		} catch {
			clkTck = 100;
		}
	}
	return clkTck;
}

/** CPU time (user + system, ms) of a process from /proc/<pid>/stat; NaN when gone. */
export function procCpuMs(pid: number): number {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		// fields[0] is field 3 (state): utime is field 14, stime field 15.
		return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond();
	} catch {
		return NaN;
	}
}

/** VmHWM (peak RSS) and VmRSS of a process, in bytes. */
export function procMemory(pid: number): { hwm: number; rss: number } {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
		return { hwm: kb('VmHWM'), rss: kb('VmRSS') };
	} catch {
		return { hwm: NaN, rss: NaN };
	}
}

/** Whole-machine CPU ticks (busy, total, of which interrupts: loopback TCP is mostly softirq) from /proc/stat. */
export function machineCpu(): { busy: number; total: number; irq: number } {
	try {
		const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
		const v = line.trim().split(/\s+/).slice(1).map(Number);
		const total = v.reduce((a, b) => a + b, 0);
		const idle = v[3] + (v[4] ?? 0);
		return { busy: total - idle, total, irq: (v[5] ?? 0) + (v[6] ?? 0) };
	} catch {
		return { busy: NaN, total: NaN, irq: NaN };
	}
}

export interface ProfileSummary {
	file: string;
	/** The part of the profile summarized (the measurement window when given). */
	fromMs: number | null;
	toMs: number | null;
	sampledMs: number;
	idlePct: number;
	gcPct: number;
	topFunctions: { name: string; where: string; selfMs: number; pctOfBusy: number }[];
	byPackage: { name: string; selfMs: number; pctOfBusy: number }[];
	/** Time spent in (or under) a few functions of interest, % of busy time. */
	inclusive: { name: string; ms: number; pctOfBusy: number }[];
}

/** Functions whose inclusive time tells where a sync server's time goes. */
const OF_INTEREST = [
	'internal_respond',
	'applyNoteCommand',
	'nextPositionIn',
	'validateParticipantToken',
	'executeQuery',
	'append',
	'compact',
	'send',
	'writev',
	'flushAwareness',
	'encodeAwarenessUpdate',
	'applyAwarenessUpdate',
	'ownedElsewhere',
	'handleUpgrade',
	'resolveDocAccess',
	'encodeStateAsUpdate',
	'applyUpdate',
	'(garbage collector)'
];

/**
 * Self time by function and by package, and inclusive time of a few functions, of a V8
 * .cpuprofile (written by `node --cpu-prof`); only the samples between fromMs and toMs when given
 * (V8 stamps samples with the monotonic clock that process.hrtime reads, in µs).
 */
export function summarizeProfile(file: string, roots: string[], top = 15, fromMs: number | null = null, toMs: number | null = null): ProfileSummary {
	const prof = JSON.parse(readFileSync(file, 'utf8')) as {
		nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
		startTime: number;
		samples: number[];
		timeDeltas: number[];
	};
	const nodeById = new Map(prof.nodes.map((n) => [n.id, n]));
	const parent = new Map<number, number>();
	for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
	const selfUs = new Map<number, number>();
	let t = prof.startTime;
	for (let i = 0; i < prof.samples.length; i++) {
		t += prof.timeDeltas[i] ?? 0;
		// Each sample stands for the time until the next one.
		const dt = prof.timeDeltas[i + 1] ?? 0;
		if (fromMs !== null && t < fromMs * 1000) continue;
		if (toMs !== null && t >= toMs * 1000) break;
		selfUs.set(prof.samples[i], (selfUs.get(prof.samples[i]) ?? 0) + dt);
	}
	const byFn = new Map<string, { name: string; where: string; us: number }>();
	const byPkg = new Map<string, number>();
	const incl = new Map<string, number>(OF_INTEREST.map((n) => [n, 0]));
	let total = 0;
	let idle = 0;
	let gc = 0;
	for (const [id, us] of selfUs) {
		const n = nodeById.get(id)!;
		const { functionName, url, lineNumber } = n.callFrame;
		total += us;
		if (functionName === '(idle)') {
			idle += us;
			continue;
		}
		if (functionName === '(garbage collector)') gc += us;
		// Inclusive: every function of interest on this stack, once.
		const seen = new Set<string>();
		for (let cur: number | undefined = id, depth = 0; cur !== undefined && depth < 500; cur = parent.get(cur), depth++) {
			const fn = nodeById.get(cur)!.callFrame.functionName;
			if (incl.has(fn) && !seen.has(fn)) {
				seen.add(fn);
				incl.set(fn, incl.get(fn)! + us);
			}
		}
		const abs = url.startsWith('file://') ? decodeURIComponent(url.slice(7)) : null;
		const base = abs ? roots.find((r) => abs.startsWith(r + '/')) : undefined;
		const path = abs ? (base ? relative(base, abs) : abs) : url;
		const where = path ? `${path}:${lineNumber + 1}` : '';
		const name = functionName || '(anonymous)';
		const key = `${name} ${where}`;
		const e = byFn.get(key) ?? { name, where, us: 0 };
		e.us += us;
		byFn.set(key, e);
		const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? (path.startsWith('node:') ? 'node internals' : path ? path.split('/').slice(0, 2).join('/') : name);
		byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + us);
	}
	const busy = Math.max(1, total - idle);
	return {
		file,
		fromMs,
		toMs,
		sampledMs: total / 1000,
		idlePct: (100 * idle) / Math.max(1, total),
		gcPct: (100 * gc) / busy,
		topFunctions: [...byFn.values()]
			.sort((a, b) => b.us - a.us)
			.slice(0, top)
			.map((e) => ({ name: e.name, where: e.where, selfMs: e.us / 1000, pctOfBusy: (100 * e.us) / busy })),
		byPackage: [...byPkg.entries()]
			.sort((a, b) => b[1] - a[1])
			.slice(0, top)
			.map(([name, us]) => ({ name, selfMs: us / 1000, pctOfBusy: (100 * us) / busy })),
		inclusive: [...incl.entries()]
			.filter(([, us]) => us > 0)
			.sort((a, b) => b[1] - a[1])
			.map(([name, us]) => ({ name, ms: us / 1000, pctOfBusy: (100 * us) / busy }))
	};
}

/** TCP counters of the machine (loopback included) from /proc/net/netstat. */
export function tcpCounters(): { listenOverflows: number; listenDrops: number; synRetrans: number } {
	try {
		const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n');
		const i = lines.findIndex((l) => l.startsWith('TcpExt:'));
		const names = lines[i].split(/\s+/);
		const values = lines[i + 1].split(/\s+/).map(Number);
		const get = (n: string) => values[names.indexOf(n)] ?? NaN;
		return { listenOverflows: get('ListenOverflows'), listenDrops: get('ListenDrops'), synRetrans: get('TCPSynRetrans') };
	} catch {
		return { listenOverflows: NaN, listenDrops: NaN, synRetrans: NaN };
	}
}

/** Counts per latency bucket (ms upper bounds), for a quick look at the distribution's shape. */
export function histogram(values: number[], bounds = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, Infinity]): Record<string, number> {
	const out: Record<string, number> = {};
	for (const b of bounds) out[b === Infinity ? '>' + bounds[bounds.length - 2] : '≤' + b] = 0;
	const keys = Object.keys(out);
	for (const v of values) {
		const i = bounds.findIndex((b) => v <= b);
		out[keys[i]]++;
	}
	return out;
}

/** Scheduler figures of a process's main thread: time on a CPU and time waiting for one (ms). */
export function schedStat(pid: number): { onCpuMs: number; runQueueMs: number } {
	try {
		const [on, wait] = readFileSync(`/proc/${pid}/schedstat`, 'utf8').trim().split(/\s+/).map(Number);
		return { onCpuMs: on / 1e6, runQueueMs: wait / 1e6 };
	} catch {
		return { onCpuMs: NaN, runQueueMs: NaN };
	}
}

/** The process state letter (R running or runnable, S sleeping, D waiting for the disk...). */
export function procState(pid: number): string {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
	} catch {
		return '?';
	}
}
