import type { RequestHandler } from './$types';
import { requireProject } from '$lib/server/guards';
import { getDocStore } from '$lib/server/realtime';
import { now } from '$lib/server/clock';
import { dayOf } from '$lib/domain/suivi';
import { loadSuiviData, tableauOf } from '$lib/server/suivi/tableau';
import { asOfParam } from '$lib/server/suivi/tableau-view';
import { tableauXlsx } from '$lib/server/suivi/suivi-export';
import { XLSX_TYPE } from '$lib/server/exports/xlsx-export';
import { fileResponse, slugify } from '$lib/server/exports/download';

/** GET ?date=YYYY-MM-DD — the tableau de suivi as Excel: a sheet of actions, a sheet of steps. */
export const GET: RequestHandler = async (event) => {
	const { db, project } = await requireProject(event, event.params.projectId, 'project.view');
	const today = dayOf(now());
	const asOf = asOfParam(event.url.searchParams.get('date'), today);
	const t = tableauOf(await loadSuiviData(db, getDocStore(), project.id), asOf, today);
	return fileResponse(await tableauXlsx(t), XLSX_TYPE, `suivi-${slugify(project.name)}-${asOf}.xlsx`);
};
