import { expect, test, type Browser } from '@playwright/test';
import { E2E } from '../../playwright.config';
import { expectAccessible, PROJECTOR, screenshots, signInFacilitator } from './helpers';

// Restitution in front of elected officials: slides from the live data, keyboard and clicker,
// live when a vote comes in, and a public read-only link. Runs after the fiches spec (board 2
// has the cluster "Accès aux droits des jeunes" and its fiche).

const slide = (page: import('@playwright/test').Page) => page.locator('section[aria-roledescription="diapositive"]');

test('the slides follow the keyboard and a presenter clicker, and a vote shows up live', async ({ browser }) => {
	const { ctx, page } = await signInFacilitator(browser);
	await page.goto('/ateliers/1');
	await page.getByRole('link', { name: 'Présenter la restitution' }).click();
	await expect(page.getByText('En direct')).toBeVisible();
	await expect(page.getByRole('heading', { level: 1, name: 'Diagnostic partagé : tables rondes insertion' })).toBeVisible();
	await expect(page.getByRole('list', { name: 'Chiffres clés' })).toContainText('contributions');
	await expectAccessible(page, 'restitution, diapositive de titre');
	await screenshots(page, 'restitution-titre');

	// Arrow keys and PageDown/PageUp (what a clicker sends).
	await page.keyboard.press('ArrowRight');
	await expect(slide(page)).toHaveAccessibleName(/^Diapositive 2 sur \d+$/);
	await expect(page.getByRole('heading', { level: 1, name: 'Insertion socioprofessionnelle' })).toBeVisible();
	await page.keyboard.press('PageDown');
	await expect(page.getByRole('heading', { level: 1, name: 'Insertion sociale / précarité' })).toBeVisible();
	await page.keyboard.press('PageUp');
	await expect(page.getByRole('heading', { level: 1, name: 'Insertion socioprofessionnelle' })).toBeVisible();
	await page.keyboard.press('PageDown');
	const cluster = slide(page).locator('li', { hasText: 'Accès aux droits des jeunes' });
	await expect(cluster).toContainText('→ fiche');
	await expectAccessible(page, 'restitution, diapositive d’une table');
	await screenshots(page, 'restitution-table');

	// A participant votes on that cluster: the slide shows it without a reload.
	const clusterId = (await cluster.getAttribute('data-cluster'))!;
	const before = Number(await cluster.locator('.votes').innerText());
	const control = await page.request.post('/api/boards/2/control', { data: { action: 'phase', phase: 'vote' }, headers: { origin: E2E.baseURL } });
	expect(control.status()).toBe(200);
	await page.request.post('/api/boards/2/control', { data: { action: 'modes', votesHidden: false }, headers: { origin: E2E.baseURL } });
	const voter = await browser.newContext();
	const joined = await voter.request.post('/api/join', { data: { code: E2E.demoJoinCode, name: 'Élu local', organisation: 'Mairie de Trévoux' }, headers: { origin: E2E.baseURL } });
	expect(joined.status()).toBe(200);
	const vote = await voter.request.post('/api/boards/2/commands', { data: { id: `vote-${Date.now()}`, type: 'vote.cast', targetId: clusterId }, headers: { origin: E2E.baseURL } });
	expect(vote.status()).toBe(200);
	await expect(cluster.locator('.votes')).toHaveText(String(before + 1));
	await voter.close();
	await ctx.close();
});

test('the public link shows the restitution read-only, and stops when revoked', async ({ browser }) => {
	const { ctx, page } = await signInFacilitator(browser);
	await page.goto('/ateliers/1/restitution');
	await page.getByRole('button', { name: 'Créer un lien public' }).click();
	const link = await page.getByLabel('Lien public (lecture seule)').inputValue();
	expect(link).toMatch(/\/restitution\/[a-z2-7]+$/);

	const publicCtx = await browser.newContext({ viewport: PROJECTOR });
	const viewer = await publicCtx.newPage();
	await viewer.goto(link);
	await expect(viewer.getByText('En direct')).toBeVisible();
	await expect(viewer.getByRole('heading', { level: 1, name: 'Diagnostic partagé : tables rondes insertion' })).toBeVisible();
	// Nothing to edit: no field, no form, only the slide navigation.
	await expect(viewer.getByRole('textbox')).toHaveCount(0);
	await expect(viewer.locator('form')).toHaveCount(0);
	await expect(viewer.getByRole('button')).toHaveText(['←', '→']);
	await viewer.keyboard.press('End');
	await expect(viewer.getByRole('heading', { level: 1, name: 'Merci !' })).toBeVisible();
	await expectAccessible(viewer, 'restitution publique');
	// And it cannot write: the link opens no socket and no command.
	const write = await viewer.request.post('/api/boards/2/commands', { data: { id: 'x'.repeat(12), type: 'vote.cast', targetId: 'y' }, headers: { origin: E2E.baseURL } });
	expect(write.status()).toBe(401);

	await page.getByRole('button', { name: /^Retirer le lien public/ }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Lien public retiré' })).toBeVisible();
	await viewer.reload();
	await expect(viewer.getByRole('heading', { level: 1, name: 'Cette restitution n’est plus partagée' })).toBeVisible();
	await publicCtx.close();
	await ctx.close();
});
