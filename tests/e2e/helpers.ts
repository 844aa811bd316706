import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';

/** axe-core on the page as it is now: no serious or critical violation allowed. */
export async function expectAccessible(page: Page, label: string) {
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
