import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// Form posts are checked against the request origin by SvelteKit (CSRF) by default; other
		// state-changing requests by hooks.server.ts (src/lib/server/auth/origin.ts).
		adapter: adapter({ out: 'build' }),
		// A strict policy for every page: scripts only from this origin and with this response's
		// nonce (SvelteKit adds it to its own inline start-up script), no plugin, never framed.
		// Styles may be inline (Svelte renders style="" attributes); a style cannot run code.
		// 'self' covers the WebSocket to /sync on the same host. Nothing needs to be embeddable.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'worker-src': ['self'],
				'manifest-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
