import { expect, test } from '@playwright/test';
import { E2E } from '../../playwright.config';
import { expectAccessible, LAPTOP, PHONE, PROJECTOR, signInFacilitator } from './helpers';
import { mkdirSync } from 'node:fs';

// Issue 13, point 1, as people see it: the join page takes a browser that already joined back to
// its place; the personal code, shown once, brings a person back on another device; the console
// shows a probable duplicate and merges it.
const stamp = Date.now();

test('[ID5] [PO1] "déjà inscrit·e", the personal code on another device, the poster\'s live count, and the console merging a duplicate', async ({ browser }) => {
	mkdirSync('tests/e2e/screenshots', { recursive: true });
	const f = await signInFacilitator(browser);
	const created = await f.page.request.post('/projets/1/ateliers/nouveau', { form: { title: `Atelier des identités ${stamp}`, phase: 'diagnostic' }, headers: { origin: E2E.baseURL, accept: 'text/html' }, maxRedirects: 0 });
	const workshopId = Number(/\/ateliers\/(\d+)/.exec(created.headers()['location'] ?? '')?.[1]);
	await f.page.goto(`/ateliers/${workshopId}`);
	const code = (await f.page.locator('.join .code').textContent())!.replace(/\s/g, '');

	const phone = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
	const page = await phone.newPage();
	await page.goto(`/rejoindre/${code}`);
	await page.getByLabel('Votre nom').fill('Ginette Lacroix');
	await page.getByLabel('Votre structure').fill('EHPAD Les Tilleuls');
	await page.getByRole('button', { name: 'Rejoindre l’atelier' }).click();
	const codeCard = page.getByRole('region', { name: /Votre code personnel/ });
	await expect(codeCard).toBeVisible();
	const personal = (await codeCard.locator('.code').textContent())!.trim();
	expect(personal).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
	await expectAccessible(page, 'atelier, code personnel');
	await page.screenshot({ path: 'tests/e2e/screenshots/identite-code-personnel-phone.png' });

	// The QR code scanned again: taken back, not joined twice.
	await page.goto(`/rejoindre/${code}`);
	await expect(page.getByRole('heading', { name: 'Vous êtes déjà inscrit·e comme Ginette Lacroix (EHPAD Les Tilleuls)' })).toBeVisible();
	await expectAccessible(page, 'rejoindre, déjà inscrit·e');
	for (const [label, vp] of [['phone', PHONE], ['laptop', LAPTOP], ['projector', PROJECTOR]] as const) {
		await page.setViewportSize(vp);
		await page.screenshot({ path: `tests/e2e/screenshots/identite-deja-inscrite-${label}.png` });
	}
	await page.setViewportSize(PHONE);
	await page.getByRole('link', { name: 'Continuer comme Ginette Lacroix' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Atelier des identités ${stamp}`);
	await expect(page.getByText('Votre code personnel')).toHaveCount(0);

	// A borrowed laptop: the personal code gives her place back.
	const laptop = await browser.newContext({ viewport: LAPTOP });
	const lp = await laptop.newPage();
	await lp.goto(`/rejoindre/${code}`);
	await lp.getByRole('link', { name: /Reprendre avec mon code personnel/ }).click();
	await expect(lp.getByLabel('Code de l’atelier')).toHaveValue(code);
	await lp.getByLabel('Votre code personnel').fill(personal.toLowerCase());
	await expectAccessible(lp, 'reprendre ma place');
	await lp.screenshot({ path: 'tests/e2e/screenshots/identite-reprendre-laptop.png' });
	await lp.getByRole('button', { name: 'Reprendre ma place' }).click();
	await expect(lp.getByText('Bienvenue Ginette Lacroix (EHPAD Les Tilleuls)')).toBeVisible();

	// [PO1] The poster counts the people joined, live, and F puts it full screen.
	await f.page.goto(`/ateliers/${workshopId}/affiche`);
	await expect(f.page.getByRole('status')).toHaveText('1 personne a rejoint l’atelier');
	await f.page.keyboard.press('f');
	await expect.poll(() => f.page.evaluate(() => !!document.fullscreenElement)).toBe(true);
	await f.page.keyboard.press('f');
	await expect.poll(() => f.page.evaluate(() => !!document.fullscreenElement)).toBe(false);
	await expectAccessible(f.page, 'affiche');

	// Someone else on a shared phone joins twice under the same name: the console shows it and merges.
	for (let i = 0; i < 2; i++) {
		const ctx = await browser.newContext();
		expect((await ctx.request.post('/api/join', { data: { code, name: 'Bernard Petit', organisation: 'MSA' }, headers: { origin: E2E.baseURL } })).status()).toBe(200);
		await ctx.close();
	}
	await f.page.goto(`/ateliers/${workshopId}/affiche`);
	await expect(f.page.getByRole('status')).toHaveText('3 personnes ont rejoint l’atelier');
	await f.page.screenshot({ path: 'tests/e2e/screenshots/affiche-compte-laptop.png' });
	await f.page.goto(`/ateliers/${workshopId}/console`);
	const people = f.page.getByRole('region', { name: /^Participants/ });
	await expect(people.getByRole('heading')).toHaveText('Participants (3)');
	await expect(people.getByText('Doublon probable')).toHaveCount(1);
	await expect(f.page.getByRole('button', { name: 'Former les groupes (3 participants)' })).toBeVisible();
	await expectAccessible(f.page, 'console, participants');
	await people.screenshot({ path: 'tests/e2e/screenshots/identite-console-participants-laptop.png' });
	await people.getByRole('button', { name: /Fusionner avec la 1re inscription/ }).click();
	await expect(people.getByRole('heading')).toHaveText('Participants (2)');
	await expect(people.getByText('Doublon probable')).toHaveCount(0);
	await expect(f.page.getByRole('button', { name: 'Former les groupes (2 participants)' })).toBeVisible();
	await f.page.goto(`/ateliers/${workshopId}/affiche`);
	await expect(f.page.getByRole('status')).toHaveText('2 personnes ont rejoint l’atelier');

	await Promise.all([phone.close(), laptop.close(), f.ctx.close()]);
});
