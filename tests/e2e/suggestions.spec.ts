import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { E2E } from '../../playwright.config';
import { expectAccessible, LAPTOP, PHONE, signInFacilitator } from './helpers';
import { mkdirSync } from 'node:fs';

// Suggested groups at a table of our own, all by keyboard: the facilitator asks for suggestions,
// reads their labels, accepts one, turns one down, and can still rename what was accepted. The
// notes are written by a partner on a phone. The tests share the screens and run in order.
test.describe.configure({ mode: 'serial' });

const stamp = Date.now();
const WORKSHOP = `Diagnostic Bugey ${stamp}`;
const THEME = 'Insertion et mobilité';
const TRANSPORT = [
	'Les transports en commun ne desservent pas les villages',
	'Pas de transports en commun le soir pour rejoindre les zones d’emploi',
	'Horaires des transports en commun inadaptés aux horaires décalés'
];
const CHILDCARE = ['Manque de places en crèche', 'Les assistantes maternelles partent à la retraite sans être remplacées'];
const STRENGTHS = ['Des associations de bénévoles très actives', 'Une vie associative riche dans chaque bourg'];

let facilitator: { ctx: BrowserContext; page: Page };
let phone: { ctx: BrowserContext; page: Page };
let board: Page;
let workshopId: number;

async function postForm(page: Page, path: string, form: Record<string, string>) {
	return page.request.post(path, { form, headers: { origin: E2E.baseURL, accept: 'text/html' }, maxRedirects: 0 });
}

test.beforeAll(async ({ browser }) => {
	facilitator = await signInFacilitator(browser);
	const created = await postForm(facilitator.page, '/projets/1/ateliers/nouveau', { title: WORKSHOP, phase: 'diagnostic' });
	expect(created.status()).toBe(303);
	workshopId = Number(/\/ateliers\/(\d+)/.exec(created.headers()['location'] ?? '')?.[1]);
	expect((await postForm(facilitator.page, `/ateliers/${workshopId}?/createBoard`, { theme: THEME, template: 'atouts_problematiques' })).ok()).toBe(true);
	await facilitator.page.goto(`/ateliers/${workshopId}`);
	const code = (await facilitator.page.locator('.join .code').textContent())!.replace(/\s/g, '');
	board = facilitator.page;
	await board.getByRole('link', { name: THEME, exact: true }).click();
	await expect(board.getByRole('heading', { level: 1, name: THEME })).toBeVisible();

	const ctx = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
	const page = await ctx.newPage();
	await page.goto(`/rejoindre/${code}`);
	await page.getByLabel('Votre nom').fill('Karim');
	await page.getByLabel('Votre structure').fill('Mission locale du Bugey');
	await page.getByRole('button', { name: 'Rejoindre l’atelier' }).click();
	phone = { ctx, page };
});

test.afterAll(async () => {
	await phone?.ctx.close();
	await facilitator?.ctx.close();
});

async function post(page: Page, text: string, column: 'Atouts' | 'Problématiques') {
	// One add button per column (the composer files the note where the person means).
	await page.getByRole('button', { name: `Ajouter une contribution dans « ${column} »` }).click();
	await expect(page.getByRole('dialog').getByLabel(column)).toBeChecked();
	await page.getByLabel('Votre contribution').fill(text);
	await page.getByRole('button', { name: 'Envoyer' }).click();
	await expect(page.getByRole('dialog')).toHaveCount(0);
}

test('[SG6] suggestions by keyboard: labels a facilitator keeps, accept, refuse, rename', async () => {
	const page = phone.page;
	// A workshop with one table: the partner's phone opens it (or lists it to open).
	const link = page.getByRole('link', { name: THEME });
	if (await link.count()) await link.click();
	for (const t of [...TRANSPORT, ...CHILDCARE]) await post(page, t, 'Problématiques');
	for (const t of STRENGTHS) await post(page, t, 'Atouts');
	await expect(board.locator('article.note')).toHaveCount(7);

	// Phase "Regroupement", by keyboard.
	const phases = board.getByRole('group', { name: 'Phase de la table' });
	await phases.getByRole('button', { name: 'Regroupement' }).focus();
	await board.keyboard.press('Enter');
	await expect(phases.getByRole('button', { name: 'Regroupement' })).toHaveAttribute('aria-pressed', 'true');

	const panel = board.getByRole('region', { name: 'Suggestions de regroupement' });
	await panel.getByRole('button', { name: 'Suggérer des regroupements' }).focus();
	await board.keyboard.press('Enter');
	const item = (label: string) => panel.locator('li.suggestion').filter({ has: board.locator('strong', { hasText: new RegExp(`^${label}$`) }) });
	// One group per topic, atouts grouped too, each named after its concept and shared wording.
	await expect(item('Transports en commun')).toHaveCount(1);
	await expect(item('Modes de garde')).toHaveCount(1);
	await expect(item('Vie associative')).toHaveCount(1);
	for (const t of TRANSPORT) await expect(item('Transports en commun')).toContainText(t);
	// Ordered by cohesion: the set of labels is what the facilitator reads.
	await expect(panel.locator('li.suggestion')).toHaveCount(3);
	expect((await panel.locator('li.suggestion strong').allInnerTexts()).sort()).toEqual(['Modes de garde', 'Transports en commun', 'Vie associative']);
	await expectAccessible(board, 'table en regroupement, suggestions affichées');
	await shoot(board, 'suggestions');

	// Accept with Enter on the button that names the label; the keyboard moves to the next suggestion.
	const accept = panel.getByRole('button', { name: 'Accepter « Transports en commun »' });
	await accept.focus();
	await board.keyboard.press('Enter');
	const mobility = board.getByRole('region', { name: 'Regroupement « Transports en commun », 3 contributions' });
	await expect(mobility).toBeVisible();
	await expect(board.locator(':focus')).toHaveAccessibleName(/^Accepter « /);
	// Screen readers hear it (the board's polite live region).
	await expect(board.locator('[aria-live="polite"]', { hasText: 'Regroupement « Transports en commun » créé.' })).toHaveCount(1);
	await expect(phone.page.getByRole('region', { name: /^Regroupement « Transports en commun »/ })).toBeVisible();

	// Refuse the childcare one with Enter: nothing moves.
	await panel.getByRole('button', { name: 'Refuser « Modes de garde »' }).focus();
	await board.keyboard.press('Enter');
	await expect(item('Modes de garde')).toHaveCount(0);
	await expect(board.getByRole('region', { name: /^Regroupement « / })).toHaveCount(1);

	// Accept the atouts' group with Space.
	await panel.getByRole('button', { name: 'Accepter « Vie associative »' }).focus();
	await board.keyboard.press('Space');
	await expect(board.getByRole('region', { name: 'Regroupement « Vie associative », 2 contributions' })).toBeVisible();
	await expect(panel.getByText('Aucune suggestion pour l’instant.')).toBeVisible();
	await expect(board.locator(':focus')).toHaveAccessibleName('Recalculer');

	// The facilitator can still rename an accepted group.
	const name = mobility.getByLabel('Nom du regroupement');
	await name.fill('Desserte des villages');
	await name.press('Enter');
	await expect(board.getByRole('region', { name: 'Regroupement « Desserte des villages », 3 contributions' })).toBeVisible();
	await expect(phone.page.getByRole('region', { name: /^Regroupement « Desserte des villages »/ })).toBeVisible();
	await expectAccessible(board, 'table en regroupement, suggestions acceptées');
});

test('[SG4] the territory’s vocabulary in the project settings, by keyboard, with its French refusal', async () => {
	const page = facilitator.page;
	await page.goto('/projets/1/parametres');
	const section = page.getByRole('region', { name: 'Vocabulaire du territoire' });
	const field = section.getByLabel('Mots du territoire (une ligne par notion)');
	await field.fill('logement : bus');
	await section.getByRole('button', { name: 'Enregistrer le vocabulaire' }).focus();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('alert').filter({ hasText: '« bus » est déjà dans la notion « transports »' })).toBeVisible();
	await expect(page.getByLabel('Mots du territoire (une ligne par notion)')).toHaveAttribute('aria-invalid', 'true');
	await expectAccessible(page, 'paramètres du projet, vocabulaire refusé');
	await page.getByLabel('Mots du territoire (une ligne par notion)').fill('mobilite : Rézo Pouce, TAD');
	await page.getByRole('button', { name: 'Enregistrer le vocabulaire' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Vocabulaire enregistré (1 ligne).' })).toBeVisible();
	await expectAccessible(page, 'paramètres du projet, vocabulaire enregistré');
	await page.getByRole('region', { name: 'Vocabulaire du territoire' }).scrollIntoViewIfNeeded();
	for (const [size, vp] of [['phone', PHONE], ['laptop', LAPTOP]] as const) {
		await page.setViewportSize(vp);
		await page.getByRole('region', { name: 'Vocabulaire du territoire' }).screenshot({ path: `tests/e2e/screenshots/vocabulary-${size}.png` });
	}
	// Back to the thesaurus alone for the other spec files sharing this server.
	await page.getByLabel('Mots du territoire (une ligne par notion)').fill('');
	await page.getByRole('button', { name: 'Enregistrer le vocabulaire' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Vocabulaire retiré' })).toBeVisible();
});

test('[SG5] the restitution lists what another territory of the département raised too', async ({ browser }) => {
	const page = facilitator.page;
	await page.setViewportSize(LAPTOP);
	// A second project of the Ain: one table where a partner wrote about transport.
	const territory = `DT Bugey ${stamp}`;
	const project = await postForm(page, '/projets/nouveau', { name: `PST ${territory}`, departement: 'Ain', territory, periodStart: '2024', periodEnd: '2030', axisCode: 'INS', axisLabel: 'Insertion' });
	expect(project.status()).toBe(303);
	const projectId = Number(/\/projets\/(\d+)/.exec(project.headers()['location'] ?? '')?.[1]);
	const created = await postForm(page, `/projets/${projectId}/ateliers/nouveau`, { title: `Diagnostic ${territory}`, phase: 'diagnostic' });
	const otherWorkshop = Number(/\/ateliers\/(\d+)/.exec(created.headers()['location'] ?? '')?.[1]);
	expect((await postForm(page, `/ateliers/${otherWorkshop}?/createBoard`, { theme: 'Mobilité', template: 'atouts_problematiques' })).ok()).toBe(true);
	await page.goto(`/ateliers/${otherWorkshop}`);
	const code = (await page.locator('.join .code').textContent())!.replace(/\s/g, '');
	const ctx = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
	const partner = await ctx.newPage();
	await partner.goto(`/rejoindre/${code}`);
	await partner.getByLabel('Votre nom').fill('Yasmine');
	await partner.getByLabel('Votre structure').fill('CCAS de Belley');
	await partner.getByRole('button', { name: 'Rejoindre l’atelier' }).click();
	const link = partner.getByRole('link', { name: 'Mobilité' });
	if (await link.count()) await link.click();
	await post(partner, 'Transports en commun trop rares dans les villages', 'Problématiques');
	await post(partner, 'Aucune ligne de bus le dimanche', 'Problématiques');
	await page.getByRole('link', { name: 'Mobilité', exact: true }).click();
	await expect(page.locator('article.note')).toHaveCount(2);
	await page.getByRole('group', { name: 'Phase de la table' }).getByRole('button', { name: 'Regroupement' }).click();
	const panel = page.getByRole('region', { name: 'Suggestions de regroupement' });
	await panel.getByRole('button', { name: 'Suggérer des regroupements' }).click();
	await panel.getByRole('button', { name: /^Accepter « Transports en commun/ }).click();
	await expect(page.getByRole('region', { name: /^Regroupement « Transports en commun/ })).toBeVisible();
	await ctx.close();

	// The first workshop's restitution, by keyboard, to the slide of shared elements.
	await page.goto(`/ateliers/${workshopId}/restitution`);
	const heading = page.getByRole('heading', { level: 1, name: 'Éléments partagés entre territoires' });
	for (let i = 0; i < 15 && !(await heading.isVisible()); i++) await page.keyboard.press('ArrowRight');
	await expect(heading).toBeVisible();
	const item = page.locator('li', { hasText: territory });
	// Named after what both territories wrote, not after one of their titles.
	await expect(item.locator('strong')).toHaveText('Transports en commun');
	await expect(item).toContainText('Desserte des villages');
	await expect(item).toContainText(`${territory} : « Transports en commun`);
	await expectAccessible(page, 'restitution, éléments partagés entre territoires');
	mkdirSync('tests/e2e/screenshots', { recursive: true });
	await page.screenshot({ path: 'tests/e2e/screenshots/restitution-territoires-laptop.png' });
	await page.setViewportSize({ width: 1920, height: 1080 });
	await page.screenshot({ path: 'tests/e2e/screenshots/restitution-territoires-projector.png' });
});

async function shoot(page: Page, name: string) {
	mkdirSync('tests/e2e/screenshots', { recursive: true });
	const original = page.viewportSize();
	for (const [size, vp] of [['phone', PHONE], ['laptop', LAPTOP], ['projector', { width: 1920, height: 1080 }]] as const) {
		await page.setViewportSize(vp);
		await page.getByRole('region', { name: 'Suggestions de regroupement' }).scrollIntoViewIfNeeded();
		await page.screenshot({ path: `tests/e2e/screenshots/${name}-${size}.png` });
	}
	if (original) await page.setViewportSize(original);
}
