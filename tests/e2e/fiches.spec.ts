import { expect, test, type Browser, type Page } from '@playwright/test';
import { E2E } from '../../playwright.config';
import { expectAccessible, PHONE, screenshots, signInFacilitator } from './helpers';

// Fiches-actions: from a cluster voted on a table to a draft co-written live, found in the
// sommaire with its number and status. Board 2 of the demo (the facilitation specs use board 1).

const CLUSTER_TITLE = 'Accès aux droits des jeunes';

const field = (page: Page, label: string) => page.getByRole('textbox', { name: label, exact: true });
const cluster = (page: Page, title: string) => page.getByRole('region', { name: new RegExp(`^Regroupement « ${title} »`) });

test.describe.configure({ mode: 'serial' });

let ficheUrl = '';
let sourceNotes: string[] = [];

test('a cluster becomes a pre-filled fiche, with provenance links both ways (keyboard only)', async ({ browser }) => {
	const { ctx, page } = await signInFacilitator(browser);
	await page.goto('/tables/2');
	await expect(page.getByText('En direct')).toBeVisible();
	const problems = page.getByRole('region', { name: /^Problématiques/ }).locator('article.note');
	sourceNotes = [(await problems.nth(0).locator('.text').innerText()).trim(), (await problems.nth(1).locator('.text').innerText()).trim()];

	// Select two problem notes with Space, group them with Enter, name the group.
	for (const i of [0, 1]) {
		await problems.nth(i).focus();
		await page.keyboard.press('Space');
	}
	const selection = page.getByRole('region', { name: 'Sélection' });
	await selection.getByRole('button', { name: 'Regrouper la sélection' }).focus();
	await page.keyboard.press('Enter');
	const name = cluster(page, 'Nouveau regroupement').getByLabel('Nom du regroupement');
	await name.fill(CLUSTER_TITLE);
	await name.press('Enter');

	// "Créer une fiche-action", by keyboard.
	await cluster(page, CLUSTER_TITLE).getByRole('button', { name: /^Créer une fiche-action/ }).focus();
	await page.keyboard.press('Enter');
	await page.waitForURL(/\/fiches\/\d+$/);
	ficheUrl = new URL(page.url()).pathname;
	await expect(page.getByText('Enregistré en direct')).toBeVisible();

	// Pre-filled from the cluster and its notes.
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(CLUSTER_TITLE);
	await expect(field(page, 'Intitulé de l’action')).toHaveValue(CLUSTER_TITLE);
	const diagnostic = await field(page, 'Éléments de diagnostic à l’origine du projet').inputValue();
	expect(diagnostic.split('\n')).toEqual(sourceNotes.map((t) => t.replace(/\s*\n\s*/g, ' ')));
	await expect(field(page, 'Lieu / territoire concerné')).toHaveValue('DT Val de Saône Dombes');
	await expect(field(page, 'Acteurs / partenaires potentiellement concernés')).not.toHaveValue('');
	await expect(page.locator('li.step')).toHaveCount(5);
	await expect(page.getByLabel('Phase de l’étape 1')).toHaveValue('diagnostic');
	await expect(page.getByLabel('Phase de l’étape 5')).toHaveValue('evaluation');
	await expectAccessible(page, 'fiche-action (animatrice)');

	// The fiche says where it came from, and links back to the cluster on its table.
	const origin = page.getByRole('complementary', { name: 'D’où vient cette fiche' });
	await expect(origin).toContainText(CLUSTER_TITLE);
	await origin.getByRole('link', { name: /Insertion|Accès|table/i }).first().focus();
	await page.keyboard.press('Enter');
	await page.waitForURL(/\/tables\/2/);
	// The cluster shows "→ fiche n/AXE" (or its number before an axis), linking to the fiche.
	const ref = cluster(page, CLUSTER_TITLE).getByRole('link', { name: /^→ fiche / });
	await expect(ref).toBeVisible();
	await ref.focus();
	await page.keyboard.press('Enter');
	await page.waitForURL(`**${ficheUrl}`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(CLUSTER_TITLE);
	await ctx.close();
});

test('a porteur and an invited partner type in the same field and in two fields at once: no character lost', async ({ browser }) => {
	// Two browsers typing key by key, screenshots and axe: ~55 s on a machine shared with other work.
	test.setTimeout(120_000);
	const a = await signInFacilitator(browser);
	await a.page.goto(ficheUrl);
	await expect(a.page.getByText('Enregistré en direct')).toBeVisible();

	// Invite a partner (no account): the link opens this fiche only.
	const invite = a.page.getByRole('region', { name: 'Co-rédacteurs invités' });
	await invite.getByLabel('Nom').fill('Samia');
	await invite.getByLabel('Structure').fill('Mission locale');
	await invite.getByRole('button', { name: 'Créer un lien d’invitation' }).click();
	const link = await a.page.getByLabel('Lien d’invitation').inputValue();
	expect(link).toMatch(/\/fiches\/invitation\/\d+\/[a-z2-7]+$/);

	const bctx = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
	const b = await bctx.newPage();
	await b.goto(link);
	await b.waitForURL(`**${ficheUrl}`);
	await expect(b.getByText('Vous co-rédigez cette fiche en tant que Samia (Mission locale).')).toBeVisible();
	await expect(b.getByText('Enregistré en direct')).toBeVisible();
	await expectAccessible(b, 'fiche-action (co-rédactrice, téléphone)');

	// Same field, both typing at the same moment.
	const objA = field(a.page, 'Objectifs visés');
	const objB = field(b, 'Objectifs visés');
	await objA.click();
	await objB.click();
	await expect(a.page.locator('.presence', { hasText: 'Samia' })).toBeVisible();
	const wordsA = 'Faciliter les démarches des jeunes. ';
	const wordsB = 'Réduire le non-recours aux droits. ';
	await Promise.all([objA.pressSequentially(wordsA, { delay: 15 }), objB.pressSequentially(wordsB, { delay: 15 })]);
	await expect(objA).toHaveValue(/./);
	await expect.poll(async () => (await objA.inputValue()) === (await objB.inputValue()) && (await objA.inputValue()).length).toBe(wordsA.length + wordsB.length);
	const merged = await objA.inputValue();
	// Each writer's characters are all there, in their order.
	for (const w of [wordsA, wordsB]) {
		let at = 0;
		for (const ch of w) {
			at = merged.indexOf(ch, at);
			expect(at, `« ${w} » dans « ${merged} »`).toBeGreaterThanOrEqual(0);
			at++;
		}
	}

	// Two fields at once.
	const resA = field(a.page, 'Résultats attendus');
	const moyB = field(b, 'Moyens éventuels à prévoir (financiers, matériels, humains)');
	await resA.click();
	await moyB.click();
	await Promise.all([resA.pressSequentially('Moins de ruptures de droits', { delay: 10 }), moyB.pressSequentially('Un conseiller dédié', { delay: 10 })]);
	await expect(field(b, 'Résultats attendus')).toHaveValue('Moins de ruptures de droits');
	await expect(field(a.page, 'Moyens éventuels à prévoir (financiers, matériels, humains)')).toHaveValue('Un conseiller dédié');

	// A comment in the margin of a field, answered and resolved by the other writer.
	await b.getByRole('button', { name: 'Commenter « Objectifs visés »' }).click();
	await b.getByLabel('Nouveau commentaire').fill('Préciser la tranche d’âge ?');
	await b.getByRole('button', { name: 'Publier' }).click();
	const thread = a.page.getByRole('button', { name: '1 commentaire « Objectifs visés »' });
	await expect(thread).toBeVisible();
	await thread.click();
	const comment = a.page.getByRole('article', { name: 'Commentaire de Samia' });
	await expect(comment).toContainText('Préciser la tranche d’âge ?');
	await comment.getByLabel('Répondre à Samia').fill('16-25 ans');
	await comment.getByLabel('Répondre à Samia').press('Enter');
	await expect(b.getByRole('article', { name: 'Commentaire de Samia' })).toContainText('16-25 ans');
	await comment.getByRole('button', { name: 'Résoudre' }).click();
	await expect(b.getByRole('button', { name: 'Commenter « Objectifs visés »' })).toBeVisible();

	// A planning step added by the partner, its calendar understood on both screens.
	await b.getByRole('button', { name: '+ Ajouter une étape' }).click();
	const cal = b.locator('li.step').last().getByLabel('Calendrier prévisionnel');
	await cal.fill('2ème semestre 2027');
	await expect(a.page.locator('li.step').last().getByText('lu comme : juil.-déc. 2027')).toBeVisible();
	// A convention is said under the cell; a phrase not understood is said so, never guessed.
	await cal.fill('Rentrée 2027');
	await expect(a.page.locator('li.step').last().getByText('lu comme : sept. 2027 (rentrée = septembre)')).toBeVisible();
	await cal.fill('dès que possible');
	await expect(a.page.locator('li.step').last().getByText(/^non compris : aucune période devinée/)).toBeVisible();
	await cal.fill('dès 2027');
	await expect(a.page.locator('li.step').last().getByText(/^lu comme : 2027-20\d\d \(jusqu'à la fin du plan/)).toBeVisible();
	await screenshots(a.page, 'fiche-animatrice');
	await screenshots(b, 'fiche-co-redactrice');

	// The invitation opens this fiche and nothing else.
	await b.goto('/fiches/1');
	await expect(b).toHaveURL(/\/connexion\?suite=%2Ffiches%2F1$/);
	await b.goto(ficheUrl);
	await expect(b.getByText('Enregistré en direct')).toBeVisible();

	// Revoked: the partner's socket closes at once, and the link stops working.
	await invite.getByRole('button', { name: 'Retirer l’invitation de Samia' }).click();
	await expect(b.getByText(/Hors ligne|Connexion…/)).toBeVisible();
	const again = await b.goto(link);
	await expect(b.getByRole('heading', { name: 'Ce lien d’invitation ne fonctionne plus' })).toBeVisible();
	expect(again?.status()).toBe(200);
	await a.ctx.close();
	await bctx.close();
});

test('the sommaire lists the plan with numbers, statuses, search, filters and sorting', async ({ browser }) => {
	const { ctx, page } = await signInFacilitator(browser);
	await page.goto('/projets');
	await page.getByRole('link', { name: /Val de Saône/ }).first().click();
	await page.getByRole('link', { name: 'Fiches-actions · sommaire' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Sommaire des actions' })).toBeVisible();
	const rows = page.locator('table.sommaire tbody tr');
	await expect(rows.first()).toContainText('1/COOR');
	await expect(rows.first()).toContainText('Mieux se connaître entre partenaires d\'un CDS');
	await expect(page.getByRole('cell', { name: CLUSTER_TITLE })).toBeVisible();
	await expectAccessible(page, 'sommaire des actions');
	await screenshots(page, 'sommaire');

	// Full-text search reaches every field (here a text typed in "Objectifs visés" of our fiche).
	await page.getByLabel('Rechercher dans toutes les fiches').fill('conseiller dédié');
	await page.getByLabel('Rechercher dans toutes les fiches').press('Enter');
	await expect(rows).toHaveCount(1);
	await expect(rows.first()).toContainText(CLUSTER_TITLE);
	await page.getByRole('link', { name: 'Tout afficher' }).click();

	// Filter by status: the new fiche is the only draft.
	await page.getByLabel('Statut').selectOption('brouillon');
	await page.getByRole('button', { name: 'Filtrer' }).click();
	await expect(rows).toHaveCount(1);
	await page.getByRole('link', { name: 'Tout afficher' }).click();

	// Sort by name, then reversed.
	await page.getByRole('link', { name: 'Nom de l’action' }).click();
	await expect(page.getByRole('columnheader', { name: /Nom de l’action/ })).toHaveAttribute('aria-sort', 'ascending');
	const first = await rows.first().locator('td').nth(1).innerText();
	await page.getByRole('link', { name: /Nom de l’action/ }).click();
	await expect(page.getByRole('columnheader', { name: /Nom de l’action/ })).toHaveAttribute('aria-sort', 'descending');
	await expect(rows.last().locator('td').nth(1)).toHaveText(first);

	// Status workflow on the fiche: to review, with who and when in the history.
	await page.goto(ficheUrl);
	await page.getByLabel('Passer à').selectOption('relecture');
	await page.getByRole('button', { name: 'Changer le statut' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Statut : En relecture.' })).toBeVisible();
	await expect(page.getByRole('region', { name: 'Historique' })).toContainText('En relecture · Claire Animatrice (démo)');
	await ctx.close();
});
