import { warmExportWorker } from './export-jobs.ts';
import { warmOffice } from './libreoffice.ts';

/**
 * Readies what a download from this page will need: the export worker (its code loads in its own
 * thread) and a warm LibreOffice for ODT and PDF (see libreoffice.ts). Called by the pages that
 * offer the plan's, a fiche's or a report's documents, so that the first click does not wait for
 * them to start. Never waits itself: both start in the background.
 */
export function warmExports(): void {
	warmExportWorker();
	warmOffice();
}
