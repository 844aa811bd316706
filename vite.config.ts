import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { tableeDevServer } from './server/dev-plugin.ts';

export default defineConfig({
	plugins: [sveltekit(), tableeDevServer()],
	test: {
		include: ['src/**/*.test.ts', 'tests/integration/**/*.test.ts'],
		pool: 'forks',
		testTimeout: 30_000,
		hookTimeout: 60_000
	}
});
