import type { PageServerLoad } from './$types';
import { requireWorkshop } from '$lib/server/guards';
import { listBoards } from '$lib/server/boards/board.service';
import { listParticipants } from '$lib/server/workshops/workshop.service';
import { getDocStore } from '$lib/server/realtime';
import { mirrorWorkshop } from '$lib/server/facilitation/workshop-control';

export const load: PageServerLoad = async (event) => {
	const { db, workshop, project } = await requireWorkshop(event, event.params.workshopId, 'workshop.edit');
	// Reloaded alone when the workshop's control doc says its people changed (see the page).
	event.depends('tablee:participants');
	// The control doc is rebuilt from SQL when a facilitator opens the console (it may never have existed).
	await mirrorWorkshop(db, getDocStore(), workshop.id);
	const boards = await listBoards(db, workshop.id);
	return {
		workshop: { id: workshop.id, title: workshop.title },
		project: { id: project.id, name: project.name },
		boards: boards.map((b) => ({ id: b.id, theme: b.theme, template: b.template, docName: b.docName })),
		participants: (await listParticipants(db, workshop.id)).map((p) => ({ id: p.id, name: p.display_name, organisation: p.organisation }))
	};
};
