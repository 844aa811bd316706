import { error, type RequestEvent } from '@sveltejs/kit';
import { requireFiche } from '../fiches/fiche-guard.ts';
import { getDocStore } from '../realtime/index.ts';
import { loadPlan } from './plan-data.ts';
import { buildDocx } from './export-jobs.ts';
import { officeResponse } from './download.ts';
import type { OfficeFormat } from './libreoffice.ts';
import { trackProgress } from './export-progress.ts';

/**
 * One fiche as in the plan (for members and its invited co-writers), in the format asked: the
 * .docx, or its ODT or PDF through LibreOffice. The routes `fiche.docx` and `fiche.odt|pdf` answer with it.
 */
export async function ficheDocumentResponse(event: Pick<RequestEvent, 'locals' | 'url' | 'cookies' | 'params'>, format: 'docx' | OfficeFormat): Promise<Response> {
	const { db, fiche } = await requireFiche(event, event.params.ficheId);
	const progress = trackProgress(event.url, event.locals.user?.id ?? null);
	const plan = await loadPlan(db, getDocStore(), fiche.project_id, { ficheIds: [fiche.id] });
	const [item] = plan.fiches;
	if (!item) error(404, 'Cette fiche est archivée : restaurez-la pour l’exporter.');
	const name = item.code ? item.code.replace(/[^A-Za-z0-9]+/g, '-') : String(item.id);
	return officeResponse(await buildDocx({ kind: 'plan', plan, options: { withFrontMatter: false } }, progress.update), format, `fiche-${name}`, progress);
}
