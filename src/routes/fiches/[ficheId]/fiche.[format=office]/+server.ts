import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireFiche } from '$lib/server/fiches/fiche-guard';
import { getDocStore } from '$lib/server/realtime';
import { loadPlan } from '$lib/server/exports/plan-data';
import { buildDocx } from '$lib/server/exports/export-jobs';
import { officeResponse } from '$lib/server/exports/download';

/** GET /fiches/:ficheId/fiche.odt|pdf — one fiche as in the plan, converted by LibreOffice. */
export const GET: RequestHandler = async (event) => {
	const { db, fiche } = await requireFiche(event, event.params.ficheId);
	const plan = await loadPlan(db, getDocStore(), fiche.project_id, { ficheIds: [fiche.id] });
	const [item] = plan.fiches;
	if (!item) error(404, 'Cette fiche est archivée : restaurez-la pour l’exporter.');
	const name = item.code ? item.code.replace(/[^A-Za-z0-9]+/g, '-') : String(item.id);
	return officeResponse(await buildDocx({ kind: 'plan', plan, options: { withFrontMatter: false } }), event.params.format as 'odt' | 'pdf', `fiche-${name}`);
};
