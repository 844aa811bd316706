import { expect, test } from '@playwright/test';
import { E2E } from '../../playwright.config';
import { expectAccessible, expectNoCspViolation, signInFacilitator } from './helpers';

// The pages run under a strict Content-Security-Policy (kit.csp): SvelteKit's own scripts run
// (the page hydrates and works), an injected inline script does not, and the page cannot be framed.

test('[HDR4] a page hydrates under the CSP, and an injected inline script is refused and reported', async ({ page }) => {
	await page.goto('/rejoindre');
	await page.getByLabel('Code de l’atelier').fill('k7m 2pq');
	await expectNoCspViolation(page, '/rejoindre');
	const blocked = await page.evaluate(
		() =>
			new Promise<string>((resolve) => {
				document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), { once: true });
				const s = document.createElement('script');
				s.textContent = 'window.__injected = true';
				document.body.append(s);
			})
	);
	expect(blocked).toMatch(/^script-src/);
	expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
	// The check every spec runs through expectAccessible sees it.
	const messages = (await page.consoleMessages()).map((m) => m.text());
	expect(messages.some((t) => /Content Security Policy/.test(t))).toBe(true);
});

test('[HDR5] a facilitator page cannot be framed by another site', async ({ browser }) => {
	const { ctx, page } = await signInFacilitator(browser);
	await expectAccessible(page, '/projets');
	// Another page tries to frame /projets: Chromium refuses to display it, citing frame-ancestors.
	const framer = await ctx.newPage();
	const refused = framer.waitForEvent('console', (m) => /frame-ancestors 'none'/.test(m.text()));
	await framer.setContent(`<iframe src="${E2E.baseURL}/projets" title="cadre"></iframe>`);
	expect((await refused).text()).toContain('has been blocked');
	await ctx.close();
});
