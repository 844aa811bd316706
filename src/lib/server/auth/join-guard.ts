import type { Db } from '../db/database.ts';
import { now } from '../clock.ts';
import { AppError } from '../errors.ts';
import { audit } from '../audit.ts';
import { THROTTLE_SETTINGS, frenchDelay, throttles } from './rate-limit.ts';

const throttleRefillMs = () => THROTTLE_SETTINGS.joinFailuresByIp.refillMs;

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** Hours after the end of a workshop's day when joining closes by itself (JOIN_CLOSE_AFTER_HOURS, default 48). */
export function joinCloseAfterMs(env: NodeJS.ProcessEnv = process.env): number {
	const raw = env.JOIN_CLOSE_AFTER_HOURS?.trim();
	const hours = raw ? Number(raw) : NaN;
	return (Number.isFinite(hours) && hours >= 0 ? hours : 48) * HOUR;
}

/**
 * When joining a workshop stops by itself: `JOIN_CLOSE_AFTER_HOURS` after the end of its day (UTC;
 * an hour or two off Paris time does not matter at that scale), or the deadline a facilitator set
 * by reopening, whichever is later. Null: no date and never reopened, open until closed by hand.
 */
export function joiningDeadline(workshop: { date: string | null; joining_until: number | null }): number | null {
	const day = workshop.date && /^\d{4}-\d{2}-\d{2}$/.test(workshop.date) ? Date.parse(`${workshop.date}T00:00:00Z`) : NaN;
	const fromDate = Number.isNaN(day) ? null : day + DAY + joinCloseAfterMs();
	if (fromDate === null) return workshop.joining_until;
	return Math.max(fromDate, workshop.joining_until ?? 0);
}

/** Whether the code lets someone join now (the facilitator's switch, the deadline, archiving). */
export function isJoiningOpen(
	workshop: { joining_open: number; archived_at: number | null; date: string | null; joining_until: number | null },
	at = now()
): boolean {
	if (!workshop.joining_open || workshop.archived_at !== null) return false;
	const deadline = joiningDeadline(workshop);
	return deadline === null || at < deadline;
}

function tooMany(wait: number, message: string): never {
	throw new AppError('rate_limited', `${message} Réessayez dans ${frenchDelay(wait)}.`, wait);
}

/**
 * Before a code is looked up: an address that tried too many wrong codes waits (its own bucket);
 * when the whole instance sees more wrong codes than its budget, only addresses with no recent
 * wrong code may try (so a participant on another network still joins during an attack).
 */
export async function checkJoinAttempt(ip: string): Promise<void> {
	const t = throttles();
	const own = await t.joinFailuresByIp.retryAfter(ip);
	if (own > 0) tooMany(own, 'Trop de codes erronés depuis cette connexion.');
	const global = await t.joinFailuresGlobal.retryAfter('*');
	if (global > 0 && !(await t.joinFailuresByIp.isFull(ip))) tooMany(global, 'Trop de codes erronés en ce moment.');
}

/** A wrong, closed or archived code: counted against the address and the instance, and logged. */
export async function recordJoinFailure(db: Db, ip: string, reason: 'unknown' | 'closed'): Promise<void> {
	const t = throttles();
	await t.joinFailuresByIp.take(ip);
	await t.joinFailuresGlobal.take('*');
	// The throttle bounds how many of these rows an address can write (2 a minute sustained).
	await audit(db, { action: 'join.refused', subject: `ip:${ip}`, detail: reason });
	// Once per burst: the moment this address runs out of attempts.
	const wait = await t.joinFailuresByIp.retryAfter(ip);
	if (wait > 0 && wait >= throttleRefillMs() - 1000) {
		console.warn(`Rejoindre : trop de codes erronés depuis ${ip}, tentatives ralenties.`);
	}
}

/** A right code: a workshop takes at most a room at once, then two arrivals a second. */
export async function admitJoin(workshopId: number): Promise<void> {
	const t = throttles();
	const key = String(workshopId);
	const wait = await t.joinsByWorkshop.retryAfter(key);
	if (wait > 0) tooMany(wait, 'Trop d’arrivées en même temps dans cet atelier.');
	await t.joinsByWorkshop.take(key);
}
