import { now as defaultNow } from '../clock.ts';
import { currentApp } from '../app-instance.ts';
import { connectThrottleRedis, RedisFailureThrottle, RedisTokenBucket } from '../redis/throttles.ts';

type Awaitable<T> = T | Promise<T>;
/** A FailureThrottle, in this process or in Redis (REDIS_URL): always `await` its answers. */
export interface FailureCounter {
	retryAfter(key: string): Awaitable<number>;
	fail(key: string): Awaitable<void>;
	succeed(key: string): Awaitable<void>;
}
/** A TokenBucket, in this process or in Redis (REDIS_URL): always `await` its answers. */
export interface RateBucket {
	isFull(key: string): Awaitable<boolean>;
	retryAfter(key: string): Awaitable<number>;
	take(key: string): Awaitable<void>;
}

/**
 * Slows down repeated failures for a key (an IP address, an e-mail): after `freeFailures`
 * failures, each new attempt must wait `baseDelayMs`, doubling with every further failure,
 * capped at `maxDelayMs`. Failures are forgotten after `forgetAfterMs` of quiet, or on success.
 * In memory, per process; with REDIS_URL the same rules are kept in Redis (redis/throttles.ts).
 */
export class FailureThrottle {
	#entries = new Map<string, { failures: number; last: number }>();
	constructor(
		private readonly options: { freeFailures: number; baseDelayMs: number; maxDelayMs: number; forgetAfterMs: number },
		private readonly clock: () => number = defaultNow
	) {}

	/** Milliseconds the key must still wait before its next attempt (0: may try now). */
	retryAfter(key: string): number {
		const entry = this.#live(key);
		if (!entry || entry.failures < this.options.freeFailures) return 0;
		const over = entry.failures - this.options.freeFailures;
		const delay = Math.min(this.options.baseDelayMs * 2 ** over, this.options.maxDelayMs);
		return Math.max(0, entry.last + delay - this.clock());
	}

	fail(key: string): void {
		const entry = this.#live(key);
		this.#entries.set(key, { failures: (entry?.failures ?? 0) + 1, last: this.clock() });
		if (this.#entries.size > 50_000) this.#sweep();
	}

	succeed(key: string): void {
		this.#entries.delete(key);
	}

	#live(key: string) {
		const entry = this.#entries.get(key);
		if (entry && this.clock() - entry.last > this.options.forgetAfterMs) {
			this.#entries.delete(key);
			return undefined;
		}
		return entry;
	}

	#sweep() {
		for (const key of [...this.#entries.keys()]) this.#live(key);
	}
}

/**
 * A token bucket per key: `capacity` attempts at once, then one more every `refillMs`.
 * Used where a sustained rate is what must be bounded (join codes: the guessing bound in the
 * README is this rate times the time a workshop stays open).
 */
export class TokenBucket {
	#entries = new Map<string, { tokens: number; at: number }>();
	constructor(
		private readonly options: { capacity: number; refillMs: number },
		private readonly clock: () => number = defaultNow
	) {}

	#tokens(key: string): number {
		const entry = this.#entries.get(key);
		if (!entry) return this.options.capacity;
		const refilled = entry.tokens + (this.clock() - entry.at) / this.options.refillMs;
		if (refilled >= this.options.capacity) {
			this.#entries.delete(key);
			return this.options.capacity;
		}
		return refilled;
	}

	/** True when the key has used none of its capacity lately (a full bucket). */
	isFull(key: string): boolean {
		return this.#tokens(key) >= this.options.capacity;
	}

	/** Milliseconds until the key has one attempt (0: may try now). */
	retryAfter(key: string): number {
		const tokens = this.#tokens(key);
		return tokens >= 1 ? 0 : Math.ceil((1 - tokens) * this.options.refillMs);
	}

	take(key: string): void {
		this.#entries.set(key, { tokens: this.#tokens(key) - 1, at: this.clock() });
		if (this.#entries.size > 50_000) for (const k of [...this.#entries.keys()]) this.#tokens(k);
	}
}

const SECOND = 1000;
const MINUTE = 60_000;
export interface Throttles {
	/** The connection the shared throttles use (REDIS_URL), or null. */
	redis: import('ioredis').Redis | null;
	/** Sign-in failures per (IP, account): slows a guesser on one account without touching the owner elsewhere. */
	loginByIpAccount: FailureCounter;
	/** Sign-in failures per IP across accounts (credential stuffing); reset when that IP signs in. */
	loginByIp: FailureCounter;
	/** Wrong join codes per IP: 10 at once, then one every 30 s (2 a minute sustained). */
	joinFailuresByIp: RateBucket;
	/** Wrong join codes on the whole instance: 300 at once, then one a second, whatever the addresses. */
	joinFailuresGlobal: RateBucket;
	/** Successful joins per workshop: a room of 400 at once, then 2 a second (a leaked code cannot flood a workshop). */
	joinsByWorkshop: RateBucket;
	/** Sign-up requests per IP (when sign-up is open). */
	signupsByIp: RateBucket;
	/** Submissions of account links (setup, invitation, reset) per IP: each costs an argon2 hash. */
	linkUsesByIp: TokenBucket;
	/** Invitation and reset links made per account (administrator, project owner). */
	linksByAccount: TokenBucket;
}
export const THROTTLE_SETTINGS = {
	loginByIpAccount: { freeFailures: 5, baseDelayMs: 2 * SECOND, maxDelayMs: MINUTE, forgetAfterMs: 30 * MINUTE },
	loginByIp: { freeFailures: 30, baseDelayMs: 2 * SECOND, maxDelayMs: 5 * MINUTE, forgetAfterMs: 30 * MINUTE },
	joinFailuresByIp: { capacity: 10, refillMs: 30 * SECOND },
	joinFailuresGlobal: { capacity: 300, refillMs: SECOND },
	joinsByWorkshop: { capacity: 400, refillMs: SECOND / 2 },
	signupsByIp: { capacity: 10, refillMs: MINUTE },
	linkUsesByIp: { capacity: 20, refillMs: 30 * SECOND },
	linksByAccount: { capacity: 50, refillMs: 6 * SECOND }
} as const;

/**
 * The throttles of one app instance (createApp builds them; tests build their own). With
 * `redisUrl` (REDIS_URL), those that guard joining and signing in (and sign-ups) are kept in Redis,
 * shared by every instance; the links' throttles (per account, per address on an account link) stay
 * per process.
 */
export function createThrottles(redisUrl: string | undefined = process.env.REDIS_URL): Throttles {
	const redis = redisUrl ? connectThrottleRedis(redisUrl) : null;
	const failures = (name: 'loginByIpAccount' | 'loginByIp'): FailureCounter =>
		redis ? new RedisFailureThrottle(redis, name, THROTTLE_SETTINGS[name]) : new FailureThrottle(THROTTLE_SETTINGS[name]);
	const bucket = (name: 'joinFailuresByIp' | 'joinFailuresGlobal' | 'joinsByWorkshop' | 'signupsByIp'): RateBucket =>
		redis ? new RedisTokenBucket(redis, name, THROTTLE_SETTINGS[name]) : new TokenBucket(THROTTLE_SETTINGS[name]);
	return {
		redis,
		loginByIpAccount: failures('loginByIpAccount'),
		loginByIp: failures('loginByIp'),
		joinFailuresByIp: bucket('joinFailuresByIp'),
		joinFailuresGlobal: bucket('joinFailuresGlobal'),
		joinsByWorkshop: bucket('joinsByWorkshop'),
		signupsByIp: bucket('signupsByIp'),
		linkUsesByIp: new TokenBucket(THROTTLE_SETTINGS.linkUsesByIp),
		linksByAccount: new TokenBucket(THROTTLE_SETTINGS.linksByAccount)
	};
}

/** The running app's throttles. */
export function throttles(): Throttles {
	return currentApp().throttles;
}

/**
 * Opens the throttles' Redis connection (REDIS_URL) and waits until it answers, so that the first
 * attempts after a start are counted like the others. At most `timeoutMs`; a Redis that does not
 * answer is said in the log and the throttles let attempts through until it does.
 */
export async function readyThrottles(timeoutMs = 5000): Promise<void> {
	const redis = throttles().redis;
	if (!redis || redis.status === 'ready') return;
	await Promise.race([
		new Promise<void>((resolve) => redis.once('ready', () => resolve())),
		new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref())
	]);
	if ((redis.status as string) !== 'ready') console.error('[throttles] Redis (REDIS_URL) ne répond pas : les tentatives ne sont pas limitées entre les instances.');
}

/** "2 minutes", "45 secondes": how long to wait, in French. */
export function frenchDelay(ms: number): string {
	const s = Math.ceil(ms / 1000);
	if (s < 60) return `${s} seconde${s > 1 ? 's' : ''}`;
	const m = Math.ceil(s / 60);
	return `${m} minute${m > 1 ? 's' : ''}`;
}
