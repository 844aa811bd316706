/**
 * A tiny cookie-keeping HTTP client for integration tests: posts forms as a browser would
 * (with an Origin header, so SvelteKit's CSRF check passes) and never follows redirects,
 * so tests can assert on them.
 */
export class Client {
	readonly cookies = new Map<string, string>();
	constructor(readonly base: string, readonly ip?: string) {}

	cookieHeader(): string {
		return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
	}

	async request(path: string, init: RequestInit = {}): Promise<Response> {
		const headers = new Headers(init.headers);
		if (this.cookies.size) headers.set('cookie', this.cookieHeader());
		// What a browser sends: without it SvelteKit answers a form POST as an `enhance` fetch (JSON).
		if (!headers.has('accept')) headers.set('accept', 'text/html,application/xhtml+xml,*/*;q=0.8');
		if (init.method && init.method !== 'GET') headers.set('origin', this.base);
		const res = await fetch(this.base + path, { ...init, headers, redirect: 'manual' });
		for (const line of res.headers.getSetCookie()) {
			const [pair, ...attrs] = line.split(';');
			const eq = pair.indexOf('=');
			const name = pair.slice(0, eq).trim();
			const value = pair.slice(eq + 1).trim();
			const expired = attrs.some((a) => /max-age=0/i.test(a) || /expires=Thu, 01 Jan 1970/i.test(a));
			if (!value || expired) this.cookies.delete(name);
			else this.cookies.set(name, value);
		}
		return res;
	}

	get(path: string) {
		return this.request(path);
	}

	/** Posts a form (a SvelteKit form action: `?/name` in the path for named actions). */
	post(path: string, fields: Record<string, string | string[]>) {
		const body = new URLSearchParams();
		for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
		return this.request(path, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body
		});
	}

	postJson(path: string, data: unknown) {
		return this.request(path, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: typeof data === 'string' ? data : JSON.stringify(data)
		});
	}
}
