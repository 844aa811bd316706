import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireFiche } from '$lib/server/fiches/fiche-guard';
import { getDocStore } from '$lib/server/realtime';
import { loadPlan } from '$lib/server/exports/plan-data';
import { ficheToMarkdown } from '$lib/server/exports/text-exports';
import { fileResponse } from '$lib/server/exports/download';

/** GET — one fiche as Markdown (members and the fiche's invited co-writers). */
export const GET: RequestHandler = async (event) => {
	const { db, fiche, project } = await requireFiche(event, event.params.ficheId);
	const plan = await loadPlan(db, getDocStore(), project.id, { ficheIds: [fiche.id] });
	const f = plan.fiches[0];
	if (!f) error(404, 'Fiche archivée : elle ne s’exporte plus.');
	const name = f.code ? `fiche-${f.code.replace('/', '-')}.md` : `fiche-${f.id}.md`;
	return fileResponse(ficheToMarkdown(f, project.name), 'text/markdown; charset=utf-8', name);
};
