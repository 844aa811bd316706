// Vitest global setup: the run's own PostgreSQL and Redis (tests/helpers/engines.ts), started once
// before any test file and stopped after the last. Their addresses reach the test files (forked
// after this runs) and the servers they start through the environment.
import { startPostgres, startRedis, type Engine } from './engines.ts';

export default async function setup(): Promise<() => Promise<void>> {
	const t0 = Date.now();
	const results = await Promise.allSettled([startPostgres(), startRedis()]);
	const started = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])) as Engine[];
	const failure = results.find((r) => r.status === 'rejected');
	if (failure) {
		// Whatever did start is stopped: no engine outlives a failed run.
		await Promise.all(started.map((s) => s.stop()));
		throw failure.reason;
	}
	const [postgres, redis] = started;
	process.env.TABLEE_TEST_PG_URL = postgres.url;
	process.env.TABLEE_TEST_REDIS_URL = redis.url;
	if (process.env.TABLEE_ENGINES_VERBOSE) console.log(`PostgreSQL et Redis de test prêts en ${Date.now() - t0} ms`);
	return async () => {
		await Promise.all(started.map((s) => s.stop()));
	};
}
