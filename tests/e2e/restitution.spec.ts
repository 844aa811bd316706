import { expect, test, type Browser } from '@playwright/test';
import { E2E } from '../../playwright.config';
import { expectAccessible, PROJECTOR, screenshots, signInFacilitator } from './helpers';

// Restitution in front of elected officials: slides from the live data, keyboard and clicker,
// live when a vote comes in, and a public read-only link.

const CLUSTER = 'Mobilité en zone rurale';
const slide = (page: import('@playwright/test').Page) => page.locator('section[aria-roledescription="diapositive"]');

test('the slides follow the keyboard and a presenter clicker, and a vote shows up live', async ({ browser }) => {
	const { ctx, page } = await signInFacilitator(browser, PROJECTOR);
	// A partner in the room (the vote below is theirs).
	const voter = await browser.newContext();
	const joined = await voter.request.post('/api/join', { data: { code: E2E.demoJoinCode, name: 'Élu local', organisation: 'Mairie de Trévoux' }, headers: { origin: E2E.baseURL } });
	expect(joined.status()).toBe(200);
	// On table 2, two problems grouped and turned into a fiche (by the facilitator, on the board).
	await page.goto('/tables/2');
	await expect(page.getByText('En direct')).toBeVisible();
	const loose = page.getByRole('region', { name: /^Problématiques/ }).locator('ul.notes article.note');
	for (const i of [0, 1]) {
		await loose.nth(i).focus();
		await page.keyboard.press('Space');
	}
	await page.getByRole('region', { name: 'Sélection' }).getByRole('button', { name: 'Regrouper la sélection' }).click();
	const name = page.getByRole('region', { name: /^Regroupement « Nouveau regroupement »/ }).getByLabel('Nom du regroupement');
	await name.fill(CLUSTER);
	await name.press('Enter');
	await page.getByRole('region', { name: new RegExp(`^Regroupement « ${CLUSTER} »`) }).getByRole('button', { name: /^Créer une fiche-action/ }).click();
	await page.waitForURL(/\/fiches\/\d+$/);

	await page.goto('/ateliers/1');
	await page.getByRole('link', { name: 'Présenter la restitution' }).click();
	await expect(page.getByText('En direct')).toBeVisible();
	await expect(page.getByRole('heading', { level: 1, name: 'Diagnostic partagé : tables rondes insertion' })).toBeVisible();
	await expect(page.getByRole('list', { name: 'Chiffres clés' })).toContainText('contributions');
	await expectAccessible(page, 'restitution, diapositive de titre');
	await screenshots(page, 'restitution-titre');

	// Arrow keys and PageDown/PageUp (what a clicker sends). After the title: who was there and what
	// was written (charts), then one slide per table.
	await page.keyboard.press('ArrowRight');
	await expect(slide(page)).toHaveAccessibleName(/^Diapositive 2 sur \d+$/);
	await expect(page.getByRole('heading', { level: 1, name: 'Qui était là' })).toBeVisible();
	await expect(slide(page).getByRole('img').first()).toHaveAccessibleName(/Participants par type d’organisation|Communes|Organismes|Autres/);
	await page.keyboard.press('ArrowRight');
	await expect(page.getByRole('heading', { level: 1, name: 'Ce qui a été écrit' })).toBeVisible();
	await expectAccessible(page, 'restitution, diapositive d’un graphique');
	await page.keyboard.press('PageDown');
	await expect(page.getByRole('heading', { level: 1, name: 'Insertion socioprofessionnelle' })).toBeVisible();
	await page.keyboard.press('PageDown');
	await expect(page.getByRole('heading', { level: 1, name: 'Insertion sociale / précarité' })).toBeVisible();
	await page.keyboard.press('PageUp');
	await expect(page.getByRole('heading', { level: 1, name: 'Insertion socioprofessionnelle' })).toBeVisible();
	await page.keyboard.press('PageDown');
	const cluster = slide(page).locator('li', { hasText: CLUSTER });
	await expect(cluster).toContainText('→ fiche');
	await expectAccessible(page, 'restitution, diapositive d’une table');
	await screenshots(page, 'restitution-table');

	// The facilitator opens the vote and shows the tallies: the slide follows, live.
	const clusterId = (await cluster.getAttribute('data-cluster'))!;
	await expect(slide(page)).toContainText('votes masqués jusqu’à leur affichage');
	for (const body of [{ action: 'phase', phase: 'vote' }, { action: 'modes', votesHidden: false }]) {
		expect((await page.request.post('/api/boards/2/control', { data: body, headers: { origin: E2E.baseURL } })).status()).toBe(200);
	}
	await expect(cluster.locator('.votes')).toHaveText('0');
	// A participant votes on that cluster: the slide shows it without a reload.
	const vote = await voter.request.post('/api/boards/2/commands', { data: { id: `vote-${Date.now()}`, type: 'vote.cast', targetId: clusterId }, headers: { origin: E2E.baseURL } });
	expect(vote.status()).toBe(200);
	await expect(cluster.locator('.votes')).toHaveText('1');
	await voter.close();
	await ctx.close();
});

test('the public link shows the restitution read-only, and stops when revoked', async ({ browser }) => {
	const { ctx, page } = await signInFacilitator(browser, PROJECTOR);
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
