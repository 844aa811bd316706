import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { readHealthz } from '$lib/server/ops/healthz';

/** GET /healthz: 200 {status: 'ok', checks} or 503 {status: 'degraded', problems, checks}; see ops/healthz.ts. */
export const GET: RequestHandler = () => {
	const health = readHealthz();
	return json(health, { status: health.status === 'ok' ? 200 : 503, headers: { 'cache-control': 'no-store' } });
};
