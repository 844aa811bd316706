import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { expectAccessible, PHONE, signInFacilitator } from './helpers';

// A download that takes more than a moment shows how far it is: a progress bar named after the
// document, the step in words (and the count and percentage while the server can count), then
// the file arrives and the bar goes.

test('the plan as PDF shows its progress, accessibly, until the file arrives', async ({ browser }) => {
	test.setTimeout(240_000);
	const { ctx, page } = await signInFacilitator(browser);
	await page.goto('/projets');
	await page.getByRole('link', { name: /Val de Saône/ }).first().click();
	await page.getByRole('link', { name: 'Fiches-actions · sommaire' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Sommaire des actions' })).toBeVisible();

	const downloaded = page.waitForEvent('download', { timeout: 200_000 });
	await page.getByRole('link', { name: 'Plan complet (PDF)' }).click();
	const bar = page.getByRole('progressbar', { name: 'Préparation : Plan complet (PDF)' });
	await expect(bar).toBeVisible();
	// The server's steps reach the page: LibreOffice's conversion, the longest, says its name and no
	// percentage it could not know.
	await expect(bar).toHaveAttribute('aria-valuetext', 'Conversion en PDF par LibreOffice', { timeout: 120_000 });
	await expect(bar).not.toHaveAttribute('aria-valuenow');
	// Seen next to the bar, and said once by the polite live region (which holds the step only).
	await expect(page.getByText('Conversion en PDF par LibreOffice…', { exact: true }).first()).toBeVisible();
	await expect(page.locator('[aria-live="polite"]', { hasText: 'Conversion en PDF par LibreOffice…' })).toHaveCount(1);
	mkdirSync('tests/e2e/screenshots', { recursive: true });
	await page.screenshot({ path: 'tests/e2e/screenshots/export-progress-laptop.png' });
	await expectAccessible(page, 'téléchargement en cours');
	const file = await downloaded;
	expect(file.suggestedFilename()).toMatch(/^plan-.*\.pdf$/);
	await expect(bar).toBeHidden();

	// On a phone, the same.
	await page.setViewportSize(PHONE);
	const again = page.waitForEvent('download', { timeout: 200_000 });
	await page.getByRole('link', { name: 'Plan complet (Word)' }).click();
	const wordBar = page.getByRole('progressbar', { name: 'Préparation : Plan complet (Word)' });
	// A Word file of the demo's 20 fiches may come before the bar is due (300 ms): either is right.
	await Promise.race([
		wordBar.waitFor({ state: 'visible' }).then(async () => {
			await expect(wordBar).toHaveAttribute('aria-valuenow', /^\d+$/);
			await page.screenshot({ path: 'tests/e2e/screenshots/export-progress-phone.png' });
		}),
		again
	]);
	expect((await again).suggestedFilename()).toMatch(/^plan-.*\.docx$/);
	await expect(wordBar).toBeHidden();
	await ctx.close();
});
