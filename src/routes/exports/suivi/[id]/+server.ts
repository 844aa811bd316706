import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { readProgress } from '$lib/server/exports/export-progress';

/**
 * GET /exports/suivi/:id — how far the download the page named `id` is (step, count, percent), for
 * its progress bar. 404 when no such download is known for this person (not begun, or long over).
 */
export const GET: RequestHandler = ({ params, locals }) => {
	const view = readProgress(params.id, locals.user?.id ?? null);
	if (!view) return json({ message: 'Aucun téléchargement en cours sous ce nom.' }, { status: 404, headers: { 'cache-control': 'no-store' } });
	return json(view, { headers: { 'cache-control': 'no-store' } });
};
