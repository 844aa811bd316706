import { defineConfig, devices } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Debian's Chromium: Playwright's own browser download is impossible here.
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const port = Number(process.env.E2E_PORT ?? 4317);
const databasePath = join(mkdtempSync(join(tmpdir(), 'tablee-e2e-')), 'tablee.sqlite');

export const E2E = {
	baseURL: `http://127.0.0.1:${port}`,
	demoEmail: 'animatrice@demo.tablee.fr',
	demoPassword: 'demo-e2e-mot-de-passe',
	demoJoinCode: 'K7M2PQ'
};

export default defineConfig({
	testDir: 'tests/e2e',
	fullyParallel: false,
	workers: 1,
	retries: 0,
	forbidOnly: true,
	reporter: process.env.CI ? [['list']] : [['list']],
	timeout: 60_000,
	expect: { timeout: 10_000 },
	use: {
		baseURL: E2E.baseURL,
		locale: 'fr-FR',
		trace: 'retain-on-failure',
		launchOptions: {
			executablePath,
			args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
		}
	},
	projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], launchOptions: { executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] } } }],
	webServer: {
		command: 'node --import tsx server/index.ts',
		url: `${E2E.baseURL}/`,
		reuseExistingServer: false,
		timeout: 60_000,
		stdout: 'pipe',
		env: {
			NODE_ENV: 'production',
			HOST: '127.0.0.1',
			PORT: String(port),
			DATABASE_PATH: databasePath,
			SEED_DEMO: '1',
			// The specs sign up through /inscription and visit /admin with the demo account.
			OPEN_SIGNUP: '1',
			DEMO_IS_ADMIN: '1',
			DEMO_EMAIL: E2E.demoEmail,
			DEMO_PASSWORD: E2E.demoPassword,
			DEMO_JOIN_CODE: E2E.demoJoinCode,
			// One JSON line per request would bury the specs' own output (errors are still logged).
			TABLEE_ACCESS_LOG: 'off'
		}
	}
});
