import type { PageServerLoad } from './$types';
import { loadBoardView } from '$lib/server/boards/board-view';

export const load: PageServerLoad = (event) => loadBoardView(event);
