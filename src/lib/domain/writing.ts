// When participants may write on a table: one rule for the server (which enforces it) and the phone
// (which shows it), so a phone never offers a composer the server would refuse.

/** Notes sent up to this long after a writing time-box ends are still accepted (in flight, slow Wi-Fi). */
export const WRITING_GRACE_MS = 10_000;
/** The composer shows the countdown during the last seconds of a time-box that stops writing. */
export const WRITING_WARNING_MS = 30_000;

export interface WritingBoard {
	phase: string;
	locked: boolean;
}

export interface WritingTimer {
	/** Running: the epoch ms when it ends. */
	endsAt: number | null;
	/** Paused: the ms left (0: it ran out, then was paused). */
	pausedRemainingMs: number | null;
	stopsWriting: boolean;
}

export type WritingState =
	| { open: true; /** ms before the time-box closes writing, when one will. */ closesIn: number | null }
	| { open: false; reason: 'locked' | 'phase' | 'time'; message: string };

const PHASE_CLOSED: Record<string, string> = {
	regroupement: 'La table est passée au regroupement : l’écriture est terminée.',
	vote: 'La table est passée au vote : l’écriture est terminée.',
	clos: 'Cette table est close.'
};

/**
 * Whether writing is open at `now`. `graceMs` is the server's allowance after a time-box ends;
 * phones pass 0, so they close on time and the server still takes what was already on its way.
 */
export function writingState(board: WritingBoard, timer: WritingTimer | null | undefined, now: number, graceMs = 0): WritingState {
	if (board.locked) return { open: false, reason: 'locked', message: 'L’animation a verrouillé cette table.' };
	if (board.phase !== 'ecriture') {
		return { open: false, reason: 'phase', message: PHASE_CLOSED[board.phase] ?? 'L’écriture est terminée sur cette table.' };
	}
	if (!timer?.stopsWriting) return { open: true, closesIn: null };
	// Paused with time left: writing stays open; paused at 0 (ran out, then paused): closed, no grace
	// since when it ran out is unknown.
	if (timer.pausedRemainingMs !== null) {
		return timer.pausedRemainingMs > 0 ? { open: true, closesIn: null } : { open: false, reason: 'time', message: TIME_UP };
	}
	if (timer.endsAt === null) return { open: true, closesIn: null };
	if (now < timer.endsAt + graceMs) return { open: true, closesIn: Math.max(0, timer.endsAt - now) };
	return { open: false, reason: 'time', message: TIME_UP };
}

export const TIME_UP = 'Le temps d’écriture est écoulé.';
