import type { RequestHandler } from './$types';
import { requireProject } from '$lib/server/guards';
import { getDocStore } from '$lib/server/realtime';
import { now } from '$lib/server/clock';
import { dayOf } from '$lib/domain/suivi';
import { loadSuiviData, tableauOf } from '$lib/server/suivi/tableau';
import { asOfParam } from '$lib/server/suivi/tableau-view';
import { tableauCsv } from '$lib/server/suivi/suivi-export';
import { fileResponse, slugify } from '$lib/server/exports/download';

/** GET ?date=YYYY-MM-DD — the tableau de suivi, one line per action, as of that day (today without). */
export const GET: RequestHandler = async (event) => {
	const { db, project } = await requireProject(event, event.params.projectId, 'project.view');
	const today = dayOf(now());
	const asOf = asOfParam(event.url.searchParams.get('date'), today);
	const t = tableauOf(await loadSuiviData(db, getDocStore(), project.id), asOf, today);
	return fileResponse(tableauCsv(t), 'text/csv; charset=utf-8', `suivi-${slugify(project.name)}-${asOf}.csv`);
};
