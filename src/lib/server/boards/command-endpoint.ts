import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '../db/database.ts';
import { boardRow, participantSession } from '../db/hot-queries.ts';
import { boardDecision, commandRefusal } from '../access/rules.ts';
import type { App } from '../app.ts';
import type { DocStore } from '../realtime/doc-store.ts';
import { AppError, isStorageFailure, UNAVAILABLE_MESSAGE } from '../errors.ts';
import { now } from '../clock.ts';
import { readCookie, hashToken } from '../auth/token.ts';
import { SESSION_COOKIE } from '../auth/session.ts';
import { PARTICIPANT_COOKIE, PARTICIPANT_SESSION_DURATION_MS } from '../auth/participant-session.ts';
import { commandSchema } from '../../domain/commands.ts';
import { parse } from '../../domain/schemas.ts';
import { boardDocName } from '../../docs/doc-names.ts';
import type { LiveRestitution } from '../restitution/live.ts';
import { applyNoteCommand, type CommandActor, type CommandBoard } from './note-commands.ts';
import { instanceHosts, isAllowedOrigin } from '../auth/origin.ts';
import { NON_PAGE_CSP } from '../security-headers.ts';

// A participant's command (POST /api/boards/:id/commands) is the request a workshop sends most:
// 200 phones, a note a second each. The SvelteKit route answers it; in production the server also
// answers the common case itself (valid participant session that needs no renewal, JSON body),
// without SvelteKit's request pipeline, which cost more than the command. Both run `runCommand`.

export interface CommandAnswer {
	status: number;
	body: Record<string, unknown>;
}

/** Validates the body and applies the command; the answer of both endpoints. */
export async function runCommand(db: Db, store: DocStore, live: LiveRestitution, board: CommandBoard, actor: CommandActor, raw: unknown): Promise<CommandAnswer> {
	const parsed = parse(commandSchema, raw);
	if (!parsed.ok) return { status: 400, body: { message: parsed.message, fields: parsed.fields } };
	try {
		const result = await applyNoteCommand(db, store, board, actor, parsed.data);
		// Votes live in SQL: the restitution slides following this table hear of them here.
		if (parsed.data.type.startsWith('vote.') && !result.duplicate) live.notify(boardDocName(board.id));
		return { status: 200, body: { ok: true, ...result } };
	} catch (e) {
		// Storage failing: nothing was stored and the command id was not recorded, so the phone's
		// outbox keeps the note ("en attente") and sends it again; the same id applies it once.
		if (isStorageFailure(e)) {
			logStorageFailure(e);
			return { status: 503, body: { message: UNAVAILABLE_MESSAGE, retryAfterMs: 2000 } };
		}
		if (e instanceof AppError) return { status: e.status, body: { message: e.message } };
		throw e;
	}
}

let lastStorageLog = 0;
/** One line per second at most: 200 phones retrying must not flood the log of a full disk. */
function logStorageFailure(e: unknown) {
	const t = Date.now();
	if (t - lastStorageLog < 1000) return;
	lastStorageLog = t;
	console.error(`[commands] storage failure, answered 503: ${(e as { detail?: string; message?: string }).detail ?? (e as Error).message}`);
}

const PATH = /^\/api\/boards\/([1-9]\d{0,11})\/commands$/;
const MAX_BODY = 64 * 1024;

/**
 * Answers the request when it is the common case and returns true; returns false (having read
 * nothing of the body) for anything else, which SvelteKit then answers: other paths, no or
 * another session, a session to renew or to end, a staff cookie, a body that is not JSON.
 */
export function tryFastCommand(app: App, req: IncomingMessage, res: ServerResponse): boolean {
	try {
		return fastCommand(app, req, res);
	} catch (e) {
		// The session and board reads failed (disk, I/O, a lock held too long): the phone retries.
		if (!isStorageFailure(e) || res.headersSent) throw e;
		logStorageFailure(e);
		const body = JSON.stringify({ message: UNAVAILABLE_MESSAGE, retryAfterMs: 2000 });
		res.writeHead(503, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'retry-after': '2' });
		res.end(body);
		return true;
	}
}

function fastCommand(app: App, req: IncomingMessage, res: ServerResponse): boolean {
	if (req.method !== 'POST') return false;
	const m = PATH.exec(req.url ?? '');
	if (!m) return false;
	if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return false;
	// Another site's request: SvelteKit's hooks refuse it (403) with the same rule.
	if (!isAllowedOrigin('POST', req.headers.origin, req.headers['sec-fetch-site'] as string | undefined, instanceHosts(req.headers.host))) return false;
	const cookies = req.headers.cookie;
	if (readCookie(cookies, SESSION_COOKIE)) return false;
	const token = readCookie(cookies, PARTICIPANT_COOKIE);
	if (!token) return false;
	const { db } = app;
	const row = participantSession(db, hashToken(token));
	const t = now();
	// Ended, archived or due for renewal: SvelteKit's hooks do that (and set the cookie).
	if (!row || row.archived_at !== null || row.expires_at - t < PARTICIPANT_SESSION_DURATION_MS / 2) return false;
	const board = boardRow(db, Number(m[1]));

	const send = (answer: CommandAnswer) => {
		const body = JSON.stringify(answer.body);
		res.writeHead(answer.status, {
			'content-type': 'application/json',
			'content-length': Buffer.byteLength(body),
			'x-content-type-options': 'nosniff',
			'referrer-policy': 'same-origin',
			'content-security-policy': NON_PAGE_CSP,
			...(answer.status === 503 ? { 'retry-after': '2' } : {})
		});
		res.end(body);
	};
	if (!board) return send({ status: 404, body: { message: 'Table introuvable.' } }), true;
	// The same rule as every other door (access/rules.ts).
	const d = boardDecision(
		{ signedIn: false, role: null, participantWorkshopId: row.workshop_id },
		{ workshopId: board.workshop_id, archived: board.archived_at !== null, workshopArchived: row.archived_at !== null },
		'command'
	);
	if (!d.ok) {
		const r = commandRefusal(d.reason);
		return send({ status: r.status, body: { message: r.message } }), true;
	}

	const chunks: Buffer[] = [];
	let size = 0;
	let tooLarge = false;
	req.on('data', (chunk: Buffer) => {
		size += chunk.length;
		if (size > MAX_BODY) tooLarge = true;
		else chunks.push(chunk);
	});
	req.on('end', () => {
		if (tooLarge) return send({ status: 413, body: { message: 'Requête trop grande.' } });
		let raw: unknown;
		try {
			raw = JSON.parse(Buffer.concat(chunks).toString('utf8'));
		} catch {
			return send({ status: 400, body: { message: 'Requête invalide : un objet JSON est attendu.' } });
		}
		const actor = { participantId: row.participant_id, displayName: row.display_name, organisation: row.organisation };
		runCommand(db, app.docs, app.live, board, actor, raw).then(send, (e) => {
			console.error(e);
			send({ status: 500, body: { message: 'Une erreur inattendue est survenue. Réessayez.' } });
		});
	});
	return true;
}
