import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { planToDocx, type PlanDocxOptions } from './docx-plan.ts';
import { reportToDocx } from './docx-report.ts';
import type { PlanData } from './plan-data.ts';
import type { WorkshopReport } from '../restitution/workshop-report.ts';

// Word documents are built in a worker thread: building a 186-fiche plan takes about a second of
// CPU, which on the main thread would pause every live board for as long (issue 18). One worker,
// started on the first export and kept (unref'd: it never holds the process open), runs the jobs
// one after the other. In production the worker is the compiled build/tablee/export-worker.js
// (scripts/build-server.mjs); in development it runs the TypeScript sources under tsx
// (export-worker.mjs registers it). Both are found from the working directory (TABLEE_ROOT to say
// another); where neither is at hand (TABLEE_EXPORT_WORKER=off, or the files absent), the document
// is built in the process, as before.

export type ExportJob = { kind: 'plan'; plan: PlanData; options?: PlanDocxOptions } | { kind: 'report'; report: WorkshopReport; boardSvgs?: Record<number, string> };

const ROOT = process.env.TABLEE_ROOT ?? process.cwd();
const COMPILED_WORKER = join(ROOT, 'build/tablee/export-worker.js');
const WORKER_FILE =
	process.env.NODE_ENV === 'production' && existsSync(COMPILED_WORKER) ? COMPILED_WORKER : join(ROOT, 'src/lib/server/exports/export-worker.mjs');

interface Pending {
	resolve: (b: Buffer) => void;
	reject: (e: Error) => void;
}

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, Pending>();

function workerEnabled(): boolean {
	return process.env.TABLEE_EXPORT_WORKER !== 'off' && existsSync(WORKER_FILE);
}

function failAll(error: Error): void {
	for (const p of pending.values()) p.reject(error);
	pending.clear();
	worker = null;
}

function getWorker(): Worker {
	if (worker) return worker;
	const w = new Worker(WORKER_FILE, { env: process.env });
	w.on('message', (m: { id: number; ok: boolean; bytes?: Uint8Array; message?: string }) => {
		const p = pending.get(m.id);
		if (!p) return;
		pending.delete(m.id);
		if (m.ok) p.resolve(Buffer.from(m.bytes!.buffer, m.bytes!.byteOffset, m.bytes!.byteLength));
		else p.reject(new Error(m.message));
		if (!pending.size) w.unref();
	});
	w.on('error', (e) => failAll(e instanceof Error ? e : new Error(String(e))));
	w.on('exit', (code) => failAll(new Error(`Le processus des exports s’est arrêté (code ${code}).`)));
	w.unref();
	worker = w;
	return w;
}

function inProcess(job: ExportJob): Promise<Buffer> {
	return job.kind === 'report' ? reportToDocx(job.report, { boardSvgs: job.boardSvgs }) : planToDocx(job.plan, job.options);
}

/** The .docx of a plan, a fiche or a report, built off the main thread when possible. */
export function buildDocx(job: ExportJob): Promise<Buffer> {
	if (!workerEnabled()) return inProcess(job);
	const w = getWorker();
	const id = nextId++;
	return new Promise<Buffer>((resolve, reject) => {
		pending.set(id, { resolve, reject });
		w.ref();
		w.postMessage({ id, job });
	});
}

/** Stops the worker (tests, shutdown). */
export async function stopExportWorker(): Promise<void> {
	const w = worker;
	worker = null;
	if (w) await w.terminate();
}
