import AxeBuilder from '@axe-core/playwright';
import { expect, type Browser, type Page } from '@playwright/test';
import { E2E } from '../../playwright.config';
import { mkdirSync } from 'node:fs';

/**
 * No Content-Security-Policy violation so far on this page (Chromium reports each one on the
 * console: "Refused to ... because it violates the following Content Security Policy directive").
 */
export async function expectNoCspViolation(page: Page, label: string) {
	const violations = (await page.consoleMessages()).map((m) => m.text()).filter((t) => /Content Security Policy/i.test(t));
	expect(violations, `CSP sur ${label}`).toEqual([]);
}

/** axe-core on the page as it is now: no serious or critical violation allowed; no CSP violation either. */
export async function expectAccessible(page: Page, label: string) {
	await expectNoCspViolation(page, label);
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	const blocking = results.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`);
	expect(blocking, `axe sur ${label}`).toEqual([]);
}

export const PHONE = { width: 390, height: 844 };
export const PROJECTOR = { width: 1920, height: 1080 };

/** Full-page screenshots at phone and projector sizes, kept in tests/e2e/screenshots/ to look at. */
export async function screenshots(page: Page, name: string) {
	mkdirSync('tests/e2e/screenshots', { recursive: true });
	const original = page.viewportSize();
	for (const [size, vp] of [['phone', PHONE], ['projector', PROJECTOR]] as const) {
		await page.setViewportSize(vp);
		await page.screenshot({ path: `tests/e2e/screenshots/${name}-${size}.png`, fullPage: size === 'phone' });
	}
	if (original) await page.setViewportSize(original);
}

export const LAPTOP = { width: 1366, height: 768 };

/** A new browser context signed in as the demo facilitator, on /projets. */
export async function signInFacilitator(browser: Browser, viewport: { width: number; height: number } = LAPTOP) {
	const ctx = await browser.newContext({ viewport });
	const page = await ctx.newPage();
	await page.goto('/connexion');
	await page.getByLabel('Adresse e-mail').fill(E2E.demoEmail);
	await page.getByLabel('Mot de passe').fill(E2E.demoPassword);
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await page.waitForURL('**/projets');
	return { ctx, page };
}
