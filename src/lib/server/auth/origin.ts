// Cross-site request forgery, for every state-changing request (SvelteKit checks only form
// posts): a browser always sends Origin with a POST, PUT, PATCH or DELETE, so a request whose
// Origin is another site's, or "null", is refused, whatever its body (a body-less POST from a
// sibling sub-domain carries the session cookie: SameSite does not stop same-site requests).
// No Origin and no Sec-Fetch-Site: not a browser (a script with its own cookie), let through.

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const CROSS_SITE_MESSAGE = 'Requête refusée : elle ne vient pas de cette application (origine différente).';

/**
 * Whether a request may change state. `hosts` are the host[:port] this instance answers as (the
 * request's Host, and ORIGIN's when set).
 */
export function isAllowedOrigin(method: string, origin: string | null | undefined, fetchSite: string | null | undefined, hosts: readonly string[]): boolean {
	if (SAFE_METHODS.has(method.toUpperCase())) return true;
	if (origin === undefined || origin === null || origin === '') {
		return !fetchSite || fetchSite === 'same-origin' || fetchSite === 'none';
	}
	let host: string;
	try {
		host = new URL(origin).host;
	} catch {
		return false; // "null" (a sandboxed frame, a privacy redirect) and anything unparsable
	}
	return hosts.some((h) => h.toLowerCase() === host.toLowerCase());
}

/** The hosts this instance answers as: ORIGIN's when set (behind a proxy), else the request's. */
export function instanceHosts(requestHost: string | null | undefined, env: NodeJS.ProcessEnv = process.env): string[] {
	const hosts: string[] = [];
	if (env.ORIGIN) {
		try {
			hosts.push(new URL(env.ORIGIN).host);
		} catch {
			/* a malformed ORIGIN is reported by adapter-node */
		}
	}
	if (requestHost) hosts.push(requestHost);
	return hosts;
}
