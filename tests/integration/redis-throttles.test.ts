// REDIS_URL: the join and sign-in throttles are kept in Redis, with the same rules as in one
// process (src/lib/server/auth/rate-limit.ts), so that instances behind one proxy count together.
// Against the run's own redis-server; each test uses its own key prefix.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { connectThrottleRedis, RedisFailureThrottle, RedisTokenBucket } from '../../src/lib/server/redis/throttles.ts';
import { FailureThrottle, TokenBucket, THROTTLE_SETTINGS } from '../../src/lib/server/auth/rate-limit.ts';
import { testRedisUrl } from '../helpers/engines.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { IpClient, PASSWORD, createProject, createWorkshop, openDb, joinCodeOf, signUp } from './support.ts';

let redis: Redis;
const prefix = `t${randomBytes(4).toString('hex')}:`;

beforeAll(() => {
	process.env.REDIS_KEY_PREFIX = prefix;
	redis = connectThrottleRedis(testRedisUrl());
});
afterAll(() => {
	redis?.disconnect();
	delete process.env.REDIS_KEY_PREFIX;
});

describe('Redis throttles keep the rules of the in-process ones', () => {
	it('sign-in failures: 5 free, then 2 s doubling to the cap; counted down by time; a success forgets', async () => {
		let t = 1_000_000;
		const clock = () => t;
		const opts = THROTTLE_SETTINGS.loginByIpAccount;
		const inRedis = new RedisFailureThrottle(redis, `login-${randomBytes(3).toString('hex')}`, opts, clock);
		const inMemory = new FailureThrottle(opts, clock);
		const waits: Array<[number, number]> = [];
		for (let i = 0; i < 12; i++) {
			waits.push([await inRedis.retryAfter('k'), inMemory.retryAfter('k')]);
			await inRedis.fail('k');
			inMemory.fail('k');
			t += 1500;
		}
		for (const [r, m] of waits) expect(r).toBe(m);
		expect(waits.at(-1)![0]).toBeGreaterThan(0);
		t += 10_000;
		expect(await inRedis.retryAfter('k')).toBe(inMemory.retryAfter('k'));
		await inRedis.succeed('k');
		expect(await inRedis.retryAfter('k')).toBe(0);
		for (let i = 0; i < 9; i++) await inRedis.fail('quiet');
		expect(await inRedis.retryAfter('quiet')).toBeGreaterThan(0);
		t += opts.forgetAfterMs + 1;
		expect(await inRedis.retryAfter('quiet')).toBe(0);
		expect(await inRedis.retryAfter('other')).toBe(0);
	});

	it('token bucket: the capacity at once, then one per refill period, full again when quiet', async () => {
		let t = 0;
		const clock = () => t;
		const opts = { capacity: 3, refillMs: 30_000 };
		const b = new RedisTokenBucket(redis, `bucket-${randomBytes(3).toString('hex')}`, opts, clock);
		const m = new TokenBucket(opts, clock);
		for (let i = 0; i < 3; i++) {
			expect(await b.retryAfter('ip')).toBe(0);
			await b.take('ip');
			m.take('ip');
		}
		expect(await b.retryAfter('ip')).toBe(30_000);
		expect(await b.isFull('ip')).toBe(false);
		t += 12_345;
		expect(await b.retryAfter('ip')).toBe(m.retryAfter('ip'));
		t += 30_000 - 12_345;
		expect(await b.retryAfter('ip')).toBe(0);
		await b.take('ip');
		expect(await b.retryAfter('ip')).toBe(30_000);
		t += 90_000;
		expect(await b.isFull('ip')).toBe(true);
		expect(await b.isFull('other')).toBe(true);
	});

	it('two processes counting one key see one count (atomic scripts)', async () => {
		const name = `shared-${randomBytes(3).toString('hex')}`;
		const other = connectThrottleRedis(testRedisUrl());
		try {
			const opts = { capacity: 10, refillMs: 3_600_000 };
			const a = new RedisTokenBucket(redis, name, opts);
			const b = new RedisTokenBucket(other, name, opts);
			await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).take('ip')));
			expect(await a.retryAfter('ip')).toBeGreaterThan(0);
			expect(await b.retryAfter('ip')).toBeGreaterThan(0);
		} finally {
			other.disconnect();
		}
	});

	it('a Redis that does not answer lets attempts through instead of locking everyone out', async () => {
		const dead = connectThrottleRedis('redis://127.0.0.1:1');
		try {
			const b = new RedisTokenBucket(dead, 'dead', { capacity: 1, refillMs: 60_000 });
			await b.take('ip');
			await b.take('ip');
			expect(await b.retryAfter('ip')).toBe(0);
		} finally {
			dead.disconnect();
		}
	});
});

describe('two instances behind one proxy share the join and sign-in throttles', () => {
	let a: RunningServer;
	let b: RunningServer;
	beforeAll(async () => {
		const env = { REDIS_URL: testRedisUrl(), REDIS_KEY_PREFIX: `${prefix}srv:`, ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1' };
		[a, b] = await Promise.all([startServer(env), startServer(env)]);
	});
	afterAll(async () => {
		await Promise.all([a?.stop(), b?.stop()]);
	});

	it('wrong join codes sent alternately to A and B are counted once: the 11th is refused with 429 on either', async () => {
		const statuses: number[] = [];
		for (let i = 0; i < 12; i++) {
			const server = i % 2 ? b : a;
			const res = await new IpClient(server.url, '203.0.113.77').postJson('/api/join', { code: 'ZZZZZ2', name: 'Nadia B.', organisation: 'CAF' });
			statuses.push(res.status);
		}
		expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
		expect(statuses.slice(10)).toEqual([429, 429]);
		// Another address is not slowed down.
		const res = await new IpClient(b.url, '203.0.113.78').postJson('/api/join', { code: 'ZZZZZ2', name: 'Nadia B.', organisation: 'CAF' });
		expect(res.status).toBe(401);
	});

	it('a right code still joins on both instances (each server has its own database here)', async () => {
		for (const server of [a, b]) {
			const owner = new IpClient(server.url, '198.51.100.9');
			await signUp(server, 'Claire Martin', 'claire@ain.fr', undefined, owner);
			const workshopId = await createWorkshop(owner, await createProject(owner), { title: 'Diagnostic' });
			const db = openDb(server);
			const code = joinCodeOf(db, workshopId);
			db.close();
			const res = await new IpClient(server.url, '203.0.113.90').postJson('/api/join', { code, name: 'Paul', organisation: 'Mairie' });
			expect(res.status).toBe(200);
		}
	});

	it('sign-in failures on A slow the same address and account down on B', async () => {
		const fail = (server: RunningServer) =>
			new IpClient(server.url, '203.0.113.50').post('/connexion', { email: 'claire@ain.fr', password: 'pas-le-bon-mot-de-passe' });
		const statuses: number[] = [];
		for (let i = 0; i < 5; i++) statuses.push((await fail(i % 2 ? b : a)).status);
		expect(statuses).toEqual(Array(5).fill(401));
		const sixth = await fail(b);
		expect(sixth.status).toBe(429);
		expect(await sixth.text()).toContain('Trop de tentatives de connexion');
		// The right password from another address still signs in on A.
		const ok = await new IpClient(a.url, '203.0.113.51').post('/connexion', { email: 'claire@ain.fr', password: PASSWORD });
		expect(ok.status).toBe(303);
	});
});
