import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { loadBoardView } from '$lib/server/boards/board-view';

export const load: PageServerLoad = (event) => {
	// A table's link opened by someone who has not joined yet (a partner scanning a table's QR code):
	// the join page, which brings them back to this table, rather than the facilitators' login.
	if (!event.locals.user && !event.locals.participant && /^\d{1,9}$/.test(event.params.boardId)) {
		redirect(303, `/rejoindre?table=${event.params.boardId}`);
	}
	return loadBoardView(event);
};
