import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDocStore, getSyncStats } from '$lib/server/realtime';

/**
 * GET /api/metrics — live docs, sockets and protocol counters of this process, for the instance
 * administrator (and the benchmarks, which sign in as the demo administrator).
 */
export const GET: RequestHandler = ({ locals }) => {
	if (!locals.user) return json({ message: 'Connexion requise.' }, { status: 401 });
	if (!locals.user.is_admin) return json({ message: 'Réservé à l’administrateur de l’instance.' }, { status: 403 });
	const mem = process.memoryUsage();
	return json({
		docsLoaded: getDocStore().loadedCount,
		...getSyncStats(),
		memory: { rss: mem.rss, heapUsed: mem.heapUsed },
		cpu: process.cpuUsage()
	});
};
