import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { readHealth } from '$lib/server/health';

/**
 * GET /api/health — for the operator's monitoring: 200 {status: 'ok'} when storage works, 503
 * {status: 'degraded', problems} when appends fail, a doc had to be reloaded or repaired, or the
 * disk is low. Counters only: no note text, no name.
 */
export const GET: RequestHandler = () => {
	const health = readHealth();
	return json(health, { status: health.status === 'ok' ? 200 : 503, headers: { 'cache-control': 'no-store' } });
};
