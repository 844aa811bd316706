import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireProject } from '$lib/server/guards';
import { loadCharte } from '$lib/server/exports/charte';

/** GET /projets/:projectId/logo — the project's logo (PNG or JPEG, never an uploaded SVG), for members. */
export const GET: RequestHandler = async (event) => {
	const { db, project } = await requireProject(event, event.params.projectId, 'project.view');
	const { logo } = await loadCharte(db, project.id);
	if (!logo) error(404, 'Ce projet n’a pas de logo.');
	return new Response(new Uint8Array(logo.data), {
		headers: {
			'content-type': logo.type === 'png' ? 'image/png' : 'image/jpeg',
			'cache-control': 'private, max-age=3600',
			'x-content-type-options': 'nosniff'
		}
	});
};
