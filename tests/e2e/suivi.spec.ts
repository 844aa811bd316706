import { mkdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { expectAccessible, LAPTOP, PHONE, signInFacilitator } from './helpers';

// The suivi of the demo plan (issue 17): a facilitator makes a porteur's "mise à jour" link on
// the tableau de suivi; the porteur opens it on a phone, marks a due step done with its result,
// and the facilitator's open tableau changes by itself (server-sent events), no reload.

test('a porteur on a phone marks a step done with a result; the tableau de suivi changes live', async ({ browser }) => {
	// Five axe runs and two browsers on a shared 2-core machine.
	test.setTimeout(240_000);
	const { ctx, page } = await signInFacilitator(browser, LAPTOP);
	await page.goto('/projets/1/suivi');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tableau de suivi');
	await expect(page.locator('[data-live="live"]')).toBeVisible();
	await expectAccessible(page, 'tableau de suivi');

	const doneFigure = page.locator('.figure[data-progress="realisee"] dt');
	const lateSteps = page.locator('.figure[data-figure="late-steps"] dd');
	const lateBefore = Number(await lateSteps.textContent());
	const porteurs = page.locator('#porteurs');
	const row = porteurs.getByRole('row', { name: /^DT Val de Saône Dombes \d/ });
	const updatedBefore = await row.locator('td').nth(3).textContent();

	// The link, made for the porteur with the most actions.
	await row.getByRole('button', { name: 'Faire un lien de mise à jour pour DT Val de Saône Dombes' }).click();
	const linkField = page.getByLabel('Lien de mise à jour de DT Val de Saône Dombes');
	await expect(linkField).toBeVisible();
	const link = await linkField.inputValue();
	expect(link).toMatch(/\/suivi\/[a-z0-9]+$/);

	// The porteur, no account, on a phone.
	const phone = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
	const porteur = await phone.newPage();
	await porteur.goto(link);
	await expect(porteur.getByRole('heading', { level: 1 })).toHaveText('Suivi des actions de DT Val de Saône Dombes');
	await expectAccessible(porteur, 'lien de mise à jour (téléphone)');
	mkdirSync('tests/e2e/screenshots', { recursive: true });
	await porteur.screenshot({ path: 'tests/e2e/screenshots/suivi-porteur-phone.png', fullPage: false });

	// The first step asked about (due or late): done, in a month, with what happened.
	const card = porteur.locator('li.step').first();
	const stepName = (await card.locator('h3').textContent())!.trim();
	await card.getByRole('radio', { name: 'Réalisée' }).check();
	await card.getByLabel('Date de réalisation').fill('novembre 2026');
	await card.getByLabel(/Principaux éléments/).fill('Réunion tenue avec 14 partenaires ; fiche de liaison adoptée.');
	await card.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(porteur.getByRole('status')).toHaveText('Enregistré : réalisée.');
	await porteur.screenshot({ path: 'tests/e2e/screenshots/suivi-porteur-done-phone.png', fullPage: false });
	await expectAccessible(porteur, 'lien de mise à jour après l’enregistrement');

	// The facilitator's page, left open: the porteur's update arrives without a reload.
	await expect(row.locator('td').nth(3)).not.toHaveText(updatedBefore ?? '');
	await expect(page.getByRole('img', { name: /^Calendrier et avancement des étapes/ }).locator('text.mark-realisee').first()).toBeVisible();
	const after = Number(await lateSteps.textContent());
	expect(after).toBeLessThanOrEqual(lateBefore);
	await expect(doneFigure).toBeVisible();
	await page.goto('/projets/1/suivi');
	await expect(page.locator('[data-live="live"]')).toBeVisible();
	await page.evaluate(() => window.scrollTo(0, 0));
	await page.screenshot({ path: 'tests/e2e/screenshots/suivi-tableau-laptop.png', fullPage: false });
	await page.setViewportSize(PHONE);
	await page.evaluate(() => window.scrollTo(0, 0));
	await page.screenshot({ path: 'tests/e2e/screenshots/suivi-tableau-phone.png', fullPage: false });
	await expectAccessible(page, 'tableau de suivi (téléphone)');
	expect(stepName.length).toBeGreaterThan(0);

	await phone.close();
	await ctx.close();
});
