// Worker thread entry (see export-jobs.ts): builds the Word documents away from the server's
// event loop, and says how far it is. Runs under tsx, like the server itself.
import { parentPort } from 'node:worker_threads';
import { planToDocx } from './docx-plan.ts';
import { reportToDocx } from './docx-report.ts';
import type { ExportJob } from './export-jobs.ts';
import type { ExportProgress } from './export-progress.ts';

parentPort!.on('message', async ({ id, job }: { id: number; job: ExportJob }) => {
	const onProgress = (progress: ExportProgress) => parentPort!.postMessage({ id, progress });
	try {
		const buffer =
			job.kind === 'report' ? await reportToDocx(job.report, { boardSvgs: job.boardSvgs, onProgress }) : await planToDocx(job.plan, { ...job.options, onProgress });
		const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength).slice();
		parentPort!.postMessage({ id, ok: true, bytes }, [bytes.buffer]);
	} catch (e) {
		parentPort!.postMessage({ id, ok: false, message: e instanceof Error ? e.message : String(e) });
	}
});
