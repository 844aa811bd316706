import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { can } from '$lib/domain/permissions';
import { boardSchema, formToObject, parse, workshopSchema } from '$lib/domain/schemas';
import { countNotes } from '$lib/docs/board';
import { boardDocName } from '$lib/docs/doc-names';
import { requireBoard, requireWorkshop } from '$lib/server/guards';
import { CLOSE, getDocStore, revokeConnections } from '$lib/server/realtime';
import { joinUrl, qrSvg } from '$lib/server/qr';
import {
	listParticipants,
	regenerateJoinCode,
	setJoiningOpen,
	setWorkshopArchived,
	updateWorkshop
} from '$lib/server/workshops/workshop.service';
import { createBoard, listBoards, moveBoard, setBoardArchived, updateBoard } from '$lib/server/boards/board.service';
import { mirrorPeople, mirrorWorkshop } from '$lib/server/facilitation/workshop-control';
import { isJoiningOpen, joiningDeadline } from '$lib/server/auth/join-guard';
import { eraseParticipant } from '$lib/server/privacy/participant-data';
import { warmExports } from '$lib/server/exports/warm';

export const load: PageServerLoad = async (event) => {
	const { db, workshop, project, role } = await requireWorkshop(event, event.params.workshopId, 'project.view');
	warmExports();
	const boards = await listBoards(db, workshop.id, { includeArchived: true });
	const store = getDocStore();
	const withCounts = boards.map((b) => ({ ...b, noteCount: store.read(b.docName, countNotes) }));
	const url = joinUrl(event.url.origin, workshop.join_code);
	return {
		workshop,
		project: { id: project.id, name: project.name },
		role,
		canEdit: can(role, 'workshop.edit'),
		boards: withCounts,
		participants: await listParticipants(db, workshop.id),
		join: { url, qr: await qrSvg(url), open: isJoiningOpen(workshop), deadline: joiningDeadline(workshop) }
	};
};

/** A board posted from this page must belong to this workshop. */
async function boardFromForm(event: RequestEvent, form: FormData) {
	const ctx = await requireBoard(event, String(form.get('boardId') ?? ''), 'board.edit');
	return String(ctx.board.workshop_id) === event.params.workshopId ? ctx : null;
}

export const actions: Actions = {
	update: async (event) => {
		const { db, workshop } = await requireWorkshop(event, event.params.workshopId, 'workshop.edit');
		const raw = formToObject(await event.request.formData());
		const parsed = parse(workshopSchema, raw);
		if (!parsed.ok) return fail(400, { message: parsed.message, fields: parsed.fields, values: raw, form: 'workshop' });
		await updateWorkshop(db, workshop.id, parsed.data);
		return { success: 'Atelier enregistré.' };
	},
	regenerateCode: async (event) => {
		const { db, workshop, user } = await requireWorkshop(event, event.params.workshopId, 'workshop.edit');
		await regenerateJoinCode(db, workshop.id, user.id);
		return { success: 'Nouveau code créé : l’ancien ne permet plus de rejoindre l’atelier.' };
	},
	setJoining: async (event) => {
		const { db, workshop, user } = await requireWorkshop(event, event.params.workshopId, 'workshop.edit');
		const open = (await event.request.formData()).get('open') === '1';
		await setJoiningOpen(db, workshop.id, open, user.id);
		return { success: open ? 'Les participants peuvent de nouveau rejoindre l’atelier.' : 'Inscriptions fermées : le code ne permet plus de rejoindre l’atelier.' };
	},
	eraseParticipant: async (event) => {
		const { db, workshop, user } = await requireWorkshop(event, event.params.workshopId, 'workshop.edit');
		const form = await event.request.formData();
		if (form.get('confirmation') !== 'oui') return fail(400, { message: 'Cochez la case pour confirmer l’effacement : il est définitif.' });
		const participantId = Number(form.get('participantId'));
		const row = Number.isInteger(participantId)
			? await db.selectFrom('participants').select('workshop_id').where('id', '=', participantId).executeTakeFirst()
			: undefined;
		if (!row || row.workshop_id !== workshop.id) return fail(404, { message: 'Participant introuvable dans cet atelier.' });
		const { notes } = await eraseParticipant(db, getDocStore(), participantId, { userId: user.id });
		revokeConnections({ participantId }, CLOSE.unauthenticated, 'Données effacées');
		await mirrorPeople(db, getDocStore(), workshop.id);
		return { success: `Données effacées : nom et structure retirés, ${notes} contribution${notes > 1 ? 's' : ''} supprimée${notes > 1 ? 's' : ''}.` };
	},
	archive: async (event) => {
		const { db, workshop, user } = await requireWorkshop(event, event.params.workshopId, 'workshop.edit');
		const archived = (await event.request.formData()).get('archived') !== '0';
		await setWorkshopArchived(db, workshop.id, archived, user.id);
		// Archiving ends the participants' sessions: their open boards close at once.
		if (archived) revokeConnections({ participantsOnly: true, workshopId: workshop.id }, CLOSE.forbidden, 'Atelier archivé');
		return { success: archived ? 'Atelier archivé.' : 'Atelier restauré.' };
	},
	createBoard: async (event) => {
		const { db, workshop, user } = await requireWorkshop(event, event.params.workshopId, 'board.edit');
		const raw = formToObject(await event.request.formData());
		const parsed = parse(boardSchema, raw);
		if (!parsed.ok) return fail(400, { message: parsed.message, fields: parsed.fields, values: raw, form: 'board' });
		await createBoard(db, workshop.id, parsed.data, user.id);
		await mirrorWorkshop(db, getDocStore(), workshop.id);
		return { success: `Table « ${parsed.data.theme} » ajoutée.` };
	},
	updateBoard: async (event) => {
		const form = await event.request.formData();
		const ctx = await boardFromForm(event, form);
		if (!ctx) return fail(404, { message: 'Table introuvable dans cet atelier.' });
		const parsed = parse(boardSchema, formToObject(form));
		if (!parsed.ok) return fail(400, { message: parsed.message });
		if (parsed.data.template !== ctx.board.template) {
			if (getDocStore().read(boardDocName(ctx.board.id), countNotes) > 0) return fail(400, { message: 'Cette table a déjà des contributions : son modèle de colonnes ne peut plus changer.' });
		}
		await updateBoard(ctx.db, ctx.board.id, parsed.data);
		await mirrorWorkshop(ctx.db, getDocStore(), ctx.workshop.id);
		return { success: 'Table enregistrée.' };
	},
	moveBoard: async (event) => {
		const form = await event.request.formData();
		const ctx = await boardFromForm(event, form);
		if (!ctx) return fail(404, { message: 'Table introuvable dans cet atelier.' });
		await moveBoard(ctx.db, ctx.board.id, form.get('direction') === 'up' ? 'up' : 'down');
		await mirrorWorkshop(ctx.db, getDocStore(), ctx.workshop.id);
		return { success: `Table « ${ctx.board.theme} » déplacée.` };
	},
	archiveBoard: async (event) => {
		const form = await event.request.formData();
		const ctx = await boardFromForm(event, form);
		if (!ctx) return fail(404, { message: 'Table introuvable dans cet atelier.' });
		const archived = form.get('archived') !== '0';
		await setBoardArchived(ctx.db, ctx.board.id, archived, ctx.user.id);
		const docName = boardDocName(ctx.board.id);
		if (archived) revokeConnections({ participantsOnly: true, docName }, CLOSE.forbidden, 'Table archivée');
		await mirrorWorkshop(ctx.db, getDocStore(), ctx.workshop.id);
		return { success: archived ? `Table « ${ctx.board.theme} » archivée.` : `Table « ${ctx.board.theme} » restaurée.` };
	}
};
