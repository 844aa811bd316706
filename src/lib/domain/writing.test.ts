import { describe, expect, it } from 'vitest';
import { TIME_UP, WRITING_GRACE_MS, writingState } from './writing';

const open = { phase: 'ecriture', locked: false };
const T = 1_000_000;

describe('writingState: one rule for phones and server', () => {
	it('[TB1] a time-box that stops writing closes at its end on phones and a grace period later on the server', () => {
		const timer = { endsAt: T, pausedRemainingMs: null, stopsWriting: true };
		expect(writingState(open, timer, T - 25_000)).toEqual({ open: true, closesIn: 25_000 });
		expect(writingState(open, timer, T)).toEqual({ open: false, reason: 'time', message: TIME_UP });
		expect(writingState(open, timer, T + WRITING_GRACE_MS - 1, WRITING_GRACE_MS).open).toBe(true);
		expect(writingState(open, timer, T + WRITING_GRACE_MS, WRITING_GRACE_MS).open).toBe(false);
	});

	it('[TB1] a timer that does not stop writing, or paused with time left, leaves writing open; paused at 0 closes it without grace', () => {
		expect(writingState(open, { endsAt: T, pausedRemainingMs: null, stopsWriting: false }, T + 3_600_000)).toEqual({ open: true, closesIn: null });
		expect(writingState(open, { endsAt: null, pausedRemainingMs: 5_000, stopsWriting: true }, T).open).toBe(true);
		expect(writingState(open, { endsAt: null, pausedRemainingMs: 0, stopsWriting: true }, T, WRITING_GRACE_MS).open).toBe(false);
		expect(writingState(open, null, T)).toEqual({ open: true, closesIn: null });
	});

	it('[TB1] lock and phase close writing with a French reason', () => {
		expect(writingState({ phase: 'ecriture', locked: true }, null, T)).toMatchObject({ open: false, reason: 'locked' });
		expect(writingState({ phase: 'vote', locked: false }, null, T)).toMatchObject({ open: false, reason: 'phase', message: expect.stringMatching(/vote/) });
	});
});
