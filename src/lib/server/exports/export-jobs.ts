import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PlanDocxOptions } from './docx-plan.ts';
import type { PlanData } from './plan-data.ts';
import type { WorkshopReport } from '../restitution/workshop-report.ts';
import type { ExportProgress } from './export-progress.ts';

// Word documents are built in a worker thread: building a 186-fiche plan takes about a second of
// CPU, which on the main thread would pause every live board for as long (issue 18). One worker,
// kept (unref'd: it never holds the process open), runs the jobs one after the other and tells
// how far it is (fiches laid out, written) as it goes. In production the worker is the compiled
// build/tablee/export-worker.js (scripts/build-server.mjs); in development it runs the TypeScript
// sources under tsx (export-worker.mjs registers it). Both are found from the working directory
// (TABLEE_ROOT to say another); where neither is at hand (TABLEE_EXPORT_WORKER=off, or the files
// absent), the document is built in the process, as before.
//
// Nothing here loads the document code (docx, resvg) on the main thread: loading it there took
// ~100-230 ms on the first export after a start, a pause every live board felt. The worker loads
// it; `warmExportWorker` starts the worker ahead (the pages that offer a download call it), so
// the first export does not wait for the worker's own start either.

export type ExportJob = { kind: 'plan'; plan: PlanData; options?: PlanDocxOptions } | { kind: 'report'; report: WorkshopReport; boardSvgs?: Record<number, string> };

export type ProgressListener = (p: ExportProgress) => void;

const ROOT = process.env.TABLEE_ROOT ?? process.cwd();
const COMPILED_WORKER = join(ROOT, 'build/tablee/export-worker.js');
const WORKER_FILE =
	process.env.NODE_ENV === 'production' && existsSync(COMPILED_WORKER) ? COMPILED_WORKER : join(ROOT, 'src/lib/server/exports/export-worker.mjs');

interface Pending {
	resolve: (b: Buffer) => void;
	reject: (e: Error) => void;
	onProgress?: ProgressListener;
}

type WorkerMessage = { id: number; progress: ExportProgress } | { id: number; ok: true; bytes: Uint8Array } | { id: number; ok: false; message: string };

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
	w.on('message', (m: WorkerMessage) => {
		const p = pending.get(m.id);
		if (!p) return;
		if ('progress' in m) {
			p.onProgress?.(m.progress);
			return;
		}
		pending.delete(m.id);
		if (m.ok) p.resolve(Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength));
		else p.reject(new Error(m.message));
		if (!pending.size) w.unref();
	});
	w.on('error', (e) => failAll(e instanceof Error ? e : new Error(String(e))));
	w.on('exit', (code) => failAll(new Error(`Le processus des exports s’est arrêté (code ${code}).`)));
	w.unref();
	worker = w;
	return w;
}

/** Starts the export worker ahead of the first export (it loads its code away from the event loop). */
export function warmExportWorker(): void {
	if (workerEnabled()) getWorker();
}

async function inProcess(job: ExportJob, onProgress?: ProgressListener): Promise<Buffer> {
	if (job.kind === 'report') {
		const { reportToDocx } = await import('./docx-report.ts');
		return reportToDocx(job.report, { boardSvgs: job.boardSvgs, onProgress });
	}
	const { planToDocx } = await import('./docx-plan.ts');
	return planToDocx(job.plan, { ...job.options, onProgress });
}

/** The .docx of a plan, a fiche or a report, built off the main thread when possible. */
export function buildDocx(job: ExportJob, onProgress?: ProgressListener): Promise<Buffer> {
	if (!workerEnabled()) return inProcess(job, onProgress);
	const w = getWorker();
	const id = nextId++;
	return new Promise<Buffer>((resolve, reject) => {
		pending.set(id, { resolve, reject, onProgress });
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
