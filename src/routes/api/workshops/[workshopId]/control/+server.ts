import type { RequestHandler } from './$types';
import { workshopControlSchema } from '$lib/domain/control';
import { CLOSE, getDocStore, revokeConnections } from '$lib/server/realtime';
import { mergeParticipants, removeParticipant } from '$lib/server/workshops/participants.service';
import { mirrorTallies } from '$lib/server/votes';
import { answer, readJson } from '$lib/server/api';
import { staffForWorkshop } from '$lib/server/api-guards';
import { autoGroups, controlTimer, mirrorPeople, mirrorWorkshop, moveToGroup, renameGroup, setFocus, setRound } from '$lib/server/facilitation/workshop-control';

/** POST /api/workshops/:workshopId/control — timer, "tout le monde ici", sub-groups, rounds. */
export const POST: RequestHandler = async ({ params, request, locals }) => {
	const ctx = await staffForWorkshop(locals, params.workshopId);
	if (!ctx.ok) return ctx.error;
	const body = await readJson(request, workshopControlSchema);
	if (!body.ok) return body.response;
	const store = getDocStore();
	const { db, workshop, user } = ctx;
	const c = body.data;
	return answer(async () => {
		switch (c.action) {
			case 'timer.start':
				return controlTimer(db, store, workshop.id, { action: 'start', minutes: c.minutes, stopsWriting: c.stopsWriting }, user.id);
			case 'timer.pause':
				return controlTimer(db, store, workshop.id, { action: 'pause' }, user.id);
			case 'timer.resume':
				return controlTimer(db, store, workshop.id, { action: 'resume' }, user.id);
			case 'timer.add':
				return controlTimer(db, store, workshop.id, { action: 'add', minutes: c.minutes }, user.id);
			case 'timer.end':
				return controlTimer(db, store, workshop.id, { action: 'end' }, user.id);
			case 'focus':
				return setFocus(db, store, workshop.id, c.boardId, user.id);
			case 'groups.auto':
				return autoGroups(db, store, workshop.id, c.count, user.id);
			case 'groups.rename':
				return renameGroup(db, store, workshop.id, c.groupId, c.name);
			case 'groups.move':
				return moveToGroup(db, store, workshop.id, c.participantId, c.groupId);
			case 'round':
				return setRound(db, store, workshop.id, c.round, user.id);
			case 'participants.merge': {
				const merged = await mergeParticipants(db, workshop.id, c.keepId, c.dropId, user.id);
				for (const b of merged.boards) await mirrorTallies(db, store, b);
				await mirrorWorkshop(db, store, workshop.id);
				await mirrorPeople(db, store, workshop.id);
				return { withdrawnDots: merged.withdrawnDots };
			}
			case 'participants.remove': {
				const removed = await removeParticipant(db, workshop.id, c.participantId, user.id);
				// Their open screens end now (4401: the stock client does not come back).
				revokeConnections({ participantId: c.participantId }, CLOSE.unauthenticated, 'Retiré de l’atelier');
				for (const b of removed.boards) await mirrorTallies(db, store, b);
				await mirrorWorkshop(db, store, workshop.id);
				await mirrorPeople(db, store, workshop.id);
				return { removed: c.participantId };
			}
		}
	});
};
