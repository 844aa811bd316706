// Security headers on every response. The pages' Content-Security-Policy comes from SvelteKit
// (`kit.csp` in svelte.config.js: a nonce per page for its scripts); everything else gets a
// policy that loads nothing and cannot be framed. Behind a TLS proxy (ORIGIN in https), HSTS.

/** Headers for every response, static files included (set by the server entry and the hooks). */
export function baseSecurityHeaders(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
	const headers: Record<string, string> = {
		'X-Content-Type-Options': 'nosniff',
		'Referrer-Policy': 'same-origin',
		// frame-ancestors 'none' in the CSP says it to current browsers; this to older ones.
		'X-Frame-Options': 'DENY',
		'Cross-Origin-Opener-Policy': 'same-origin',
		// Nothing in Tablée uses these; full screen is for the slides and the poster (this origin).
		'Permissions-Policy':
			'accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=(), fullscreen=(self)'
	};
	if (env.ORIGIN?.startsWith('https://')) headers['Strict-Transport-Security'] = 'max-age=31536000; includeSubDomains';
	return headers;
}

/** For responses that are not pages (JSON, CSV, Word, SVG, events): load nothing, never framed. */
export const NON_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** For HTML that SvelteKit did not render as a page (an error answered by the hooks): styles only. */
export const PLAIN_HTML_CSP = "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
