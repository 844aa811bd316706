// One error class with a closed set of codes. Services throw it with a message in French that
// can be shown to the user as it is; routes turn it into fail(), error() or a JSON answer.
export const ERROR_STATUS = {
	invalid: 400,
	unauthenticated: 401,
	forbidden: 403,
	not_found: 404,
	conflict: 409,
	rate_limited: 429,
	/** Storage failing (disk full, I/O error, database busy): nothing was stored, try again. */
	unavailable: 503
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
	readonly status: number;
	constructor(
		readonly code: ErrorCode,
		message: string,
		readonly retryAfterMs?: number
	) {
		super(message);
		this.status = ERROR_STATUS[code];
	}
}

export const UNAVAILABLE_MESSAGE = 'L’enregistrement est momentanément impossible : rien n’a été perdu, réessayez dans quelques secondes.';

/** SQLite errors that say the storage failed, not the request: the request may be tried again. */
const STORAGE_CODES = /^SQLITE_(FULL|IOERR|BUSY|LOCKED|READONLY|CANTOPEN|NOMEM|PROTOCOL)/;

export function isStorageFailure(e: unknown): boolean {
	if (e instanceof AppError) return e.code === 'unavailable';
	const code = (e as { code?: unknown } | null)?.code;
	return typeof code === 'string' && STORAGE_CODES.test(code);
}
