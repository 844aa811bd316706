import { describe, expect, it } from 'vitest';
import { FailureThrottle, frenchDelay } from './rate-limit.ts';

function throttle() {
	let t = 1_000_000;
	const clock = () => t;
	const th = new FailureThrottle({ freeFailures: 5, baseDelayMs: 30_000, maxDelayMs: 15 * 60_000, forgetAfterMs: 30 * 60_000 }, clock);
	return { th, advance: (ms: number) => (t += ms) };
}

describe('login throttle', () => {
	it('lets the first five failures through, then makes the next attempt wait', () => {
		const { th } = throttle();
		for (let i = 0; i < 5; i++) {
			expect(th.retryAfter('a@ain.fr')).toBe(0);
			th.fail('a@ain.fr');
		}
		expect(th.retryAfter('a@ain.fr')).toBe(30_000);
	});

	it('doubles the wait with each further failure, up to 15 minutes', () => {
		const { th, advance } = throttle();
		for (let i = 0; i < 5; i++) th.fail('k');
		const waits: number[] = [];
		for (let i = 0; i < 8; i++) {
			advance(th.retryAfter('k'));
			th.fail('k');
			waits.push(th.retryAfter('k'));
		}
		expect(waits).toEqual([60_000, 120_000, 240_000, 480_000, 900_000, 900_000, 900_000, 900_000]);
	});

	it('counts down as time passes', () => {
		const { th, advance } = throttle();
		for (let i = 0; i < 5; i++) th.fail('k');
		advance(10_000);
		expect(th.retryAfter('k')).toBe(20_000);
		advance(20_000);
		expect(th.retryAfter('k')).toBe(0);
	});

	it('forgets after a success, or after 30 quiet minutes', () => {
		const { th, advance } = throttle();
		for (let i = 0; i < 6; i++) th.fail('a');
		th.succeed('a');
		expect(th.retryAfter('a')).toBe(0);
		for (let i = 0; i < 6; i++) th.fail('b');
		advance(30 * 60_000 + 1);
		expect(th.retryAfter('b')).toBe(0);
	});

	it('keeps keys apart', () => {
		const { th } = throttle();
		for (let i = 0; i < 9; i++) th.fail('a');
		expect(th.retryAfter('b')).toBe(0);
	});

	it('says the wait in French', () => {
		expect(frenchDelay(1000)).toBe('1 seconde');
		expect(frenchDelay(45_000)).toBe('45 secondes');
		expect(frenchDelay(60_000)).toBe('1 minute');
		expect(frenchDelay(61_000)).toBe('2 minutes');
	});
});

describe('token bucket (join codes)', () => {
	it('allows the capacity at once, then one attempt per refill period', async () => {
		const { TokenBucket } = await import('./rate-limit.ts');
		let t = 0;
		const b = new TokenBucket({ capacity: 3, refillMs: 30_000 }, () => t);
		for (let i = 0; i < 3; i++) {
			expect(b.retryAfter('ip')).toBe(0);
			b.take('ip');
		}
		expect(b.retryAfter('ip')).toBe(30_000);
		expect(b.isFull('ip')).toBe(false);
		t += 30_000;
		expect(b.retryAfter('ip')).toBe(0);
		b.take('ip');
		expect(b.retryAfter('ip')).toBe(30_000);
		t += 90_000;
		expect(b.isFull('ip')).toBe(true);
		expect(b.isFull('other')).toBe(true);
	});
});
