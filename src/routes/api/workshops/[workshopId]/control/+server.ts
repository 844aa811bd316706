import type { RequestHandler } from './$types';
import { workshopControlSchema } from '$lib/domain/control';
import { getDocStore } from '$lib/server/realtime';
import { answer, readJson } from '$lib/server/api';
import { staffForWorkshop } from '$lib/server/api-guards';
import { autoGroups, controlTimer, moveToGroup, renameGroup, setFocus, setRound } from '$lib/server/facilitation/workshop-control';

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
		}
	});
};
