import * as Y from 'yjs';

// The workshop's control doc (`workshop:<id>`): what every screen of the workshop follows live:
// the timer, the current round, the sub-groups and the table each sits at, "tout le monde ici",
// and each table's theme and phase. Only the server writes it (everyone connects read-only).

export interface WorkshopTimer {
	/** Running: the epoch ms when it ends. */
	endsAt: number | null;
	/** Paused: the ms left. */
	pausedRemainingMs: number | null;
	/** At the end, participants can no longer write. */
	stopsWriting: boolean;
}

export interface WorkshopGroup {
	id: number;
	name: string;
	/** The table the group sits at in the current round, if rotation has started. */
	boardId: number | null;
	participantIds: number[];
}

export interface WorkshopBoardSummary {
	id: number;
	theme: string;
	phase: string;
	locked: boolean;
}

/**
 * How many people joined, and when that list last changed (a join, a merge, a removal, an
 * erasure): the console reloads its list of participants when it moves. No names: every screen of
 * the workshop reads this doc.
 */
export interface WorkshopPeople {
	count: number;
	changedAt: number;
}

export interface WorkshopControl {
	round: number;
	timer: WorkshopTimer;
	focusBoardId: number | null;
	groups: WorkshopGroup[];
	boards: WorkshopBoardSummary[];
	people: WorkshopPeople;
}

const STATE = 'state';

export function getWorkshopControl(doc: Y.Doc): WorkshopControl {
	const m = doc.getMap<unknown>(STATE);
	return {
		round: (m.get('round') as number) ?? 0,
		timer: (m.get('timer') as WorkshopTimer) ?? { endsAt: null, pausedRemainingMs: null, stopsWriting: false },
		focusBoardId: (m.get('focusBoardId') as number | null) ?? null,
		groups: (m.get('groups') as WorkshopGroup[]) ?? [],
		boards: (m.get('boards') as WorkshopBoardSummary[]) ?? [],
		people: (m.get('people') as WorkshopPeople) ?? { count: 0, changedAt: 0 }
	};
}

/** Replaces the changed parts (plain JSON values: each is written whole, the doc stays small). */
export function writeWorkshopControl(doc: Y.Doc, control: Partial<WorkshopControl>, origin?: unknown): void {
	const m = doc.getMap<unknown>(STATE);
	doc.transact(() => {
		for (const [k, v] of Object.entries(control)) {
			if (v === undefined) continue;
			if (JSON.stringify(m.get(k)) !== JSON.stringify(v)) m.set(k, v);
		}
	}, origin);
}

/** Where a participant should be: the focus table, else their group's table this round. */
export function tableFor(control: WorkshopControl, participantId: number): number | null {
	if (control.focusBoardId) return control.focusBoardId;
	const group = control.groups.find((g) => g.participantIds.includes(participantId));
	return group?.boardId ?? null;
}

/** Milliseconds left on the timer at `now` (null: no timer). */
export function timerRemaining(timer: WorkshopTimer, now: number): number | null {
	if (timer.pausedRemainingMs !== null) return timer.pausedRemainingMs;
	if (timer.endsAt !== null) return Math.max(0, timer.endsAt - now);
	return null;
}
