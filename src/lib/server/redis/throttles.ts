import { Redis } from 'ioredis';
import { now as defaultNow } from '../clock.ts';

// The join and sign-in throttles of src/lib/server/auth/rate-limit.ts, kept in Redis when
// REDIS_URL is set, so that every instance behind one proxy counts the same attempts (an attacker
// spreading guesses over the instances gets no more than against one). Same rules, same numbers:
// each operation is one Lua script, atomic in Redis whatever the number of instances.
//
// Times come from the application's clock (passed to each script), not Redis's: the tests move the
// server's clock (TABLEE_TEST_CLOCK_FILE), and the instances of a deployment share NTP time. The
// keys expire by themselves once they would be forgotten anyway.
//
// A Redis that does not answer lets the attempt through (and says so in the log, once a minute):
// the throttles slow guessers down, they must not lock every partner out of a workshop.

const FAILURE_RETRY_AFTER = `
local f = tonumber(redis.call('HGET', KEYS[1], 'f') or '0')
local last = tonumber(redis.call('HGET', KEYS[1], 'l') or '0')
local now, free, base, max, forget = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
if f == 0 or now - last > forget then return 0 end
if f < free then return 0 end
local delay = math.min(base * 2 ^ (f - free), max)
return math.max(0, math.ceil(last + delay - now))
`;

const FAILURE_FAIL = `
local f = tonumber(redis.call('HGET', KEYS[1], 'f') or '0')
local last = tonumber(redis.call('HGET', KEYS[1], 'l') or '0')
local now, forget = tonumber(ARGV[1]), tonumber(ARGV[2])
if now - last > forget then f = 0 end
redis.call('HSET', KEYS[1], 'f', f + 1, 'l', now)
redis.call('PEXPIRE', KEYS[1], forget + 60000)
return f + 1
`;

// Tokens left for a key at `now` (a missing key is a full bucket).
const BUCKET_TOKENS = `
local function tokens(key, now, cap, refill)
  local t = redis.call('HGET', key, 't')
  if not t then return cap end
  local at = tonumber(redis.call('HGET', key, 'a'))
  return math.min(cap, tonumber(t) + (now - at) / refill)
end
`;

const BUCKET_RETRY_AFTER = `${BUCKET_TOKENS}
local t = tokens(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]))
if t >= 1 then return 0 end
return math.ceil((1 - t) * tonumber(ARGV[3]))
`;

const BUCKET_IS_FULL = `${BUCKET_TOKENS}
local cap = tonumber(ARGV[2])
if tokens(KEYS[1], tonumber(ARGV[1]), cap, tonumber(ARGV[3])) >= cap then return 1 end
return 0
`;

const BUCKET_TAKE = `${BUCKET_TOKENS}
local now, cap, refill = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local t = tokens(KEYS[1], now, cap, refill) - 1
redis.call('HSET', KEYS[1], 't', tostring(t), 'a', now)
redis.call('PEXPIRE', KEYS[1], math.ceil((cap - t) * refill) + 1000)
return 0
`;

/**
 * Prefix of every key and channel Tablée uses in Redis (REDIS_KEY_PREFIX, default "tablee:"): one
 * Redis may serve several deployments (or test runs) without them counting each other's attempts.
 */
export function redisKeyPrefix(): string {
	return process.env.REDIS_KEY_PREFIX || 'tablee:';
}

type Scripts = {
	failureRetryAfter(key: string, now: number, free: number, base: number, max: number, forget: number): Promise<number>;
	failureFail(key: string, now: number, forget: number): Promise<number>;
	bucketRetryAfter(key: string, now: number, cap: number, refill: number): Promise<number>;
	bucketIsFull(key: string, now: number, cap: number, refill: number): Promise<number>;
	bucketTake(key: string, now: number, cap: number, refill: number): Promise<number>;
};

/**
 * One connection per process for the throttles. A command waits for the connection at most
 * `commandTimeout` (the first ones while it opens), then the attempt is let through.
 */
export function connectThrottleRedis(url: string): Redis {
	const redis = new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: 1000 });
	redis.on('error', (e) => logOnce(`[throttles] Redis injoignable (${e.message}) : les tentatives ne sont pas limitées entre les instances.`));
	redis.defineCommand('failureRetryAfter', { numberOfKeys: 1, lua: FAILURE_RETRY_AFTER });
	redis.defineCommand('failureFail', { numberOfKeys: 1, lua: FAILURE_FAIL });
	redis.defineCommand('bucketRetryAfter', { numberOfKeys: 1, lua: BUCKET_RETRY_AFTER });
	redis.defineCommand('bucketIsFull', { numberOfKeys: 1, lua: BUCKET_IS_FULL });
	redis.defineCommand('bucketTake', { numberOfKeys: 1, lua: BUCKET_TAKE });
	return redis;
}

let lastLog = 0;
function logOnce(line: string) {
	const t = Date.now();
	if (t - lastLog < 60_000) return;
	lastLog = t;
	console.error(line);
}

async function orOpen<T>(op: () => Promise<T>, open: T): Promise<T> {
	try {
		return await op();
	} catch (e) {
		logOnce(`[throttles] Redis n'a pas répondu (${(e as Error).message}) : tentative laissée passer.`);
		return open;
	}
}

/** FailureThrottle's rules (rate-limit.ts) in Redis. */
export class RedisFailureThrottle {
	readonly #r: Redis & Scripts;
	constructor(
		redis: Redis,
		private readonly name: string,
		private readonly options: { freeFailures: number; baseDelayMs: number; maxDelayMs: number; forgetAfterMs: number },
		private readonly clock: () => number = defaultNow
	) {
		this.#r = redis as Redis & Scripts;
	}
	#key(key: string) {
		return `${redisKeyPrefix()}throttle:${this.name}:${key}`;
	}
	retryAfter(key: string): Promise<number> {
		const o = this.options;
		return orOpen(() => this.#r.failureRetryAfter(this.#key(key), this.clock(), o.freeFailures, o.baseDelayMs, o.maxDelayMs, o.forgetAfterMs).then(Number), 0);
	}
	async fail(key: string): Promise<void> {
		await orOpen(() => this.#r.failureFail(this.#key(key), this.clock(), this.options.forgetAfterMs), 0);
	}
	async succeed(key: string): Promise<void> {
		await orOpen(() => this.#r.del(this.#key(key)), 0);
	}
}

/** TokenBucket's rules (rate-limit.ts) in Redis. */
export class RedisTokenBucket {
	readonly #r: Redis & Scripts;
	constructor(
		redis: Redis,
		private readonly name: string,
		private readonly options: { capacity: number; refillMs: number },
		private readonly clock: () => number = defaultNow
	) {
		this.#r = redis as Redis & Scripts;
	}
	#key(key: string) {
		return `${redisKeyPrefix()}throttle:${this.name}:${key}`;
	}
	isFull(key: string): Promise<boolean> {
		return orOpen(() => this.#r.bucketIsFull(this.#key(key), this.clock(), this.options.capacity, this.options.refillMs).then((v) => Number(v) === 1), true);
	}
	retryAfter(key: string): Promise<number> {
		return orOpen(() => this.#r.bucketRetryAfter(this.#key(key), this.clock(), this.options.capacity, this.options.refillMs).then(Number), 0);
	}
	async take(key: string): Promise<void> {
		await orOpen(() => this.#r.bucketTake(this.#key(key), this.clock(), this.options.capacity, this.options.refillMs), 0);
	}
}
