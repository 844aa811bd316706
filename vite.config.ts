import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { tableeDevServer } from './server/dev-plugin.ts';

export default defineConfig({
	plugins: [sveltekit(), tableeDevServer()],
	server: {
		// Build output, databases and test reports are not sources: watching them only slows the dev server.
		watch: { ignored: ['**/build/**', '**/data/**', '**/.reports/**', '**/test-results/**', '**/bench/results/**', '**/tests/e2e/screenshots/**'] }
	},
	test: {
		include: ['src/**/*.test.ts', 'tests/integration/**/*.test.ts', 'tests/contracts/**/*.test.ts'],
		pool: 'forks',
		// The run's own PostgreSQL and Redis (started once, stopped at the end; never a system service).
		globalSetup: ['tests/helpers/engines-setup.ts'],
		// The built server (the in-process test server imports it) is plain JavaScript for Node as it
		// is: Vite would compile its `.svelte.js` chunks again as Svelte sources.
		server: { deps: { external: [/\/build\//] } },
		testTimeout: 30_000,
		hookTimeout: 60_000
	}
});
