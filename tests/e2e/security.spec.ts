import { expect, test } from '@playwright/test';
import { E2E } from '../../playwright.config';
import { PHONE, expectAccessible, expectNoCspViolation, screenshots, signInFacilitator } from './helpers';

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

test('[ACC8] the administrator invites a facilitator, who sets a password through the link; legal pages', async ({ browser }) => {
	const { ctx, page } = await signInFacilitator(browser);
	await page.goto('/admin');
	const email = `invite-${Date.now()}@ain.fr`;
	await page.getByRole('textbox', { name: 'Adresse e-mail' }).fill(email);
	await page.getByRole('button', { name: 'Créer un lien d’invitation' }).click();
	const link = await page.getByLabel('Lien à transmettre').inputValue();
	expect(link).toMatch(/\/compte\/[a-z2-7]{32}$/);
	await expectAccessible(page, '/admin (lien créé)');
	await screenshots(page, '20-admin-invitation');
	await ctx.close();

	const invitee = await browser.newContext({ viewport: PHONE });
	const p = await invitee.newPage();
	await p.goto(link);
	await expect(p.getByRole('heading', { name: 'Créer votre compte' })).toBeVisible();
	await p.getByLabel('Nom affiché').fill('Samia Animatrice');
	await p.getByLabel(/^Mot de passe/).fill('azertyuiop12');
	await p.getByLabel('Confirmer le mot de passe').fill('azertyuiop12');
	await p.getByRole('button', { name: 'Créer le compte' }).click();
	await expect(p.getByRole('alert')).toContainText('trop facile à deviner');
	await expectAccessible(p, '/compte (mot de passe refusé)');
	await screenshots(p, '21-compte-invitation');
	await p.getByLabel(/^Mot de passe/).fill('tisane caillou vélo bleu');
	await p.getByLabel('Confirmer le mot de passe').fill('tisane caillou vélo bleu');
	await p.getByRole('button', { name: 'Créer le compte' }).click();
	await expect(p.getByRole('heading', { name: 'Mes projets sociaux de territoire' })).toBeVisible();

	for (const [path, heading, shot] of [
		['/donnees-personnelles', 'Données personnelles', '22-donnees-personnelles'],
		['/mentions-legales', 'Mentions légales', '23-mentions-legales'],
		['/accessibilite', 'Déclaration d’accessibilité', '24-accessibilite']
	] as const) {
		await p.goto(path);
		await expect(p.getByRole('heading', { level: 1, name: heading })).toBeVisible();
		await expectAccessible(p, path);
		await screenshots(p, shot);
	}
	await invitee.close();
});

test('[RGPD6] a participant sees and erases their data from their phone', async ({ browser }) => {
	const ctx = await browser.newContext({ viewport: PHONE });
	const page = await ctx.newPage();
	await page.goto(`/rejoindre/${E2E.demoJoinCode}`);
	await page.getByLabel('Votre nom').fill('Lina Testeuse');
	await page.getByLabel('Votre structure').fill('CCAS de Trévoux');
	await page.getByRole('button', { name: /Rejoindre/ }).click();
	await page.getByRole('link', { name: /Mes données/ }).click();
	await expect(page.getByRole('heading', { name: 'Mes données dans cet atelier' })).toBeVisible();
	await expect(page.locator('dd', { hasText: 'CCAS de Trévoux' })).toBeVisible();
	await expectAccessible(page, '/atelier/mes-donnees');
	await screenshots(page, '25-mes-donnees');
	await page.getByLabel('Je confirme l’effacement de mes données').check();
	await page.getByRole('button', { name: 'Effacer mes données' }).click();
	await expect(page.getByRole('status')).toContainText('Vos données ont été effacées');
	await expectAccessible(page, '/donnees-personnelles (après effacement)');
	await ctx.close();
});
