// One error class with a closed set of codes. Services throw it with a message in French that
// can be shown to the user as it is; routes turn it into fail(), error() or a JSON answer.
export const ERROR_STATUS = {
	invalid: 400,
	unauthenticated: 401,
	forbidden: 403,
	not_found: 404,
	conflict: 409,
	rate_limited: 429
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
