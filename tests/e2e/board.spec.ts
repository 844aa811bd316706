import { expect, test, type Browser, type Page } from '@playwright/test';
import { E2E } from '../../playwright.config';
import { expectAccessible, PHONE, PROJECTOR, screenshots, signInFacilitator } from './helpers';


async function participant(browser: Browser, name: string, organisation = 'CCAS de Trévoux') {
	const ctx = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
	const page = await ctx.newPage();
	await page.goto(`/rejoindre/${E2E.demoJoinCode}`);
	await page.getByLabel('Votre nom').fill(name);
	await page.getByLabel('Votre structure').fill(organisation);
	await page.getByRole('button', { name: 'Rejoindre l’atelier' }).click();
	await page.getByRole('link', { name: /Insertion socioprofessionnelle/ }).click();
	await expect(page.getByText('En direct')).toBeVisible();
	return { ctx, page };
}

async function openBoard(page: Page) {
	await page.goto('/tables/1');
	await expect(page.getByText('En direct')).toBeVisible();
}

async function post(page: Page, text: string, column = 'Problématiques') {
	await page.getByRole('button', { name: `Ajouter une contribution dans « ${column} »` }).click();
	await expect(page.getByRole('dialog').getByLabel(column)).toBeChecked();
	await page.getByLabel('Votre contribution').fill(text);
	await page.getByRole('button', { name: 'Envoyer' }).click();
}

const column = (page: Page, label: string) => page.getByRole('region', { name: new RegExp(`^${label}`) });
const noteCard = (page: Page, text: string) => page.locator('article.note', { hasText: text });

test('a participant’s note reaches the facilitator and another participant live; the facilitator moves it and everyone sees it', async ({ browser }) => {
	const f = await signInFacilitator(browser);
	await openBoard(f.page);
	const a = await participant(browser, 'Nadia', 'CAF de l’Ain');
	const b = await participant(browser, 'Luc', 'Mairie de Trévoux');

	const text = `Manque de places en crèche ${Date.now()}`;
	await post(a.page, text);
	await expect(noteCard(a.page, text)).toContainText('Envoyée ✓');
	await expect(column(f.page, 'Problématiques').locator('article.note', { hasText: text })).toBeVisible();
	await expect(column(b.page, 'Problématiques').locator('article.note', { hasText: text })).toContainText('Nadia · CAF de l’Ain');

	// The facilitator moves it to the other column: both phones follow.
	await noteCard(f.page, text).hover();
	await noteCard(f.page, text).getByRole('button', { name: 'Déplacer vers…' }).click();
	await noteCard(f.page, text).getByRole('button', { name: 'Atouts' }).click();
	await expect(column(a.page, 'Atouts').locator('article.note', { hasText: text })).toBeVisible();
	await expect(column(b.page, 'Atouts').locator('article.note', { hasText: text })).toBeVisible();

	// B sees no control on A's note, and a forged delete is refused by the server.
	await expect(noteCard(b.page, text).getByRole('button', { name: /Modifier|Supprimer/ })).toHaveCount(0);
	const noteId = await noteCard(a.page, text).getAttribute('data-note-id');
	const forged = await b.page.evaluate(async (id) => {
		const res = await fetch('/api/boards/1/commands', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ id: 'forged-command-0001', type: 'note.delete', noteId: id })
		});
		return { status: res.status, body: await res.json() };
	}, noteId);
	expect(forged.status).toBe(403);
	expect(forged.body.message).toContain('vos propres contributions');
	await expect(noteCard(f.page, text)).toBeVisible();

	// A edits and deletes its own note.
	await noteCard(a.page, text).getByRole('button', { name: /^Modifier/ }).click();
	await a.page.getByLabel('Votre contribution').fill(`${text} (modifiée)`);
	await a.page.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(noteCard(f.page, `${text} (modifiée)`)).toBeVisible();
	a.page.once('dialog', (d) => d.accept());
	await noteCard(a.page, text).getByRole('button', { name: /^Supprimer/ }).click();
	await expect(noteCard(f.page, text)).toHaveCount(0);
	await expect(noteCard(b.page, text)).toHaveCount(0);

	await Promise.all([f.ctx.close(), a.ctx.close(), b.ctx.close()]);
});

test('offline: three notes written without network, the page reloaded, all reach the others exactly once', async ({ browser }) => {
	const f = await signInFacilitator(browser);
	await openBoard(f.page);
	const p = await participant(browser, 'Sophie', 'Mission locale');
	// Wait for the service worker to control the page and keep it for offline use.
	await p.page.evaluate(async () => {
		await navigator.serviceWorker.ready;
		const c = await caches.open('pages');
		await c.add(location.href);
	});

	await p.ctx.setOffline(true);
	await expect(p.page.getByText('Hors connexion : vos contributions seront envoyées dès le retour du réseau.')).toBeVisible();
	const stamp = Date.now();
	const texts = [1, 2, 3].map((i) => `Hors ligne ${i} — ${stamp}`);
	for (const t of texts) {
		await post(p.page, t);
		await expect(noteCard(p.page, t)).toContainText('En attente d’envoi…');
	}
	await p.page.reload();
	for (const t of texts) await expect(noteCard(p.page, t)).toContainText('En attente d’envoi…');
	await expect(noteCard(f.page, texts[0])).toHaveCount(0);

	await p.ctx.setOffline(false);
	for (const t of texts) {
		await expect(noteCard(f.page, t)).toHaveCount(1);
		await expect(noteCard(p.page, t)).toContainText('Envoyée ✓');
	}
	// Exactly once, also for a fresh reader.
	const g = await signInFacilitator(browser);
	await openBoard(g.page);
	for (const t of texts) await expect(noteCard(g.page, t)).toHaveCount(1);
	await Promise.all([f.ctx.close(), p.ctx.close(), g.ctx.close()]);
});

test('keyboard only: a participant posts, a facilitator moves a note to the other column', async ({ browser }) => {
	const ctx = await browser.newContext({ viewport: PHONE });
	const page = await ctx.newPage();
	await page.goto(`/rejoindre/${E2E.demoJoinCode}`);
	await page.getByLabel('Votre nom').focus();
	await page.keyboard.type('Karim');
	await page.keyboard.press('Tab');
	await page.keyboard.type('France Travail');
	await page.keyboard.press('Enter');
	await page.getByRole('link', { name: /Insertion socioprofessionnelle/ }).focus();
	await page.keyboard.press('Enter');
	await expect(page.getByText('En direct')).toBeVisible();
	// The column is chosen with the button, before the text: the composer opens on the text.
	await page.getByRole('button', { name: 'Ajouter une contribution dans « Problématiques »' }).focus();
	await page.keyboard.press('Enter');
	await expect(page.getByLabel('Votre contribution')).toBeFocused();
	const text = `Écrit au clavier ${Date.now()}`;
	await page.keyboard.type(text);
	await page.getByRole('button', { name: 'Envoyer' }).focus();
	await page.keyboard.press('Enter');
	await expect(noteCard(page, text)).toContainText('Envoyée ✓');
	await expect(column(page, 'Problématiques').locator('article.note', { hasText: text })).toBeVisible();

	const f = await signInFacilitator(browser);
	await openBoard(f.page);
	await noteCard(f.page, text).focus();
	await f.page.keyboard.press('ArrowLeft');
	await expect(column(f.page, 'Atouts').locator('article.note', { hasText: text })).toBeVisible();
	await expect(noteCard(f.page, text)).toBeFocused();
	await expect(column(page, 'Atouts').locator('article.note', { hasText: text })).toBeVisible();
	// Undo with the keyboard puts it back.
	await f.page.keyboard.press('Control+z');
	await expect(column(page, 'Problématiques').locator('article.note', { hasText: text })).toBeVisible();
	await Promise.all([ctx.close(), f.ctx.close()]);
});

test('typed HTML is shown as text on every view, and the board, composer and projector pass axe', async ({ browser }) => {
	const p = await participant(browser, 'Élodie', 'Association');
	let alerted = false;
	p.page.on('dialog', (d) => {
		alerted = true;
		void d.dismiss();
	});
	const xss = `<img src=x onerror=alert(1)> ${Date.now()}`;
	await p.page.getByRole('button', { name: 'Ajouter une contribution dans « Problématiques »' }).click();
	await expectAccessible(p.page, 'composer (participant)');
	await p.page.getByLabel('Votre contribution').fill(xss);
	await p.page.getByRole('button', { name: 'Envoyer' }).click();
	await expect(p.page.getByText(xss, { exact: true })).toBeVisible();
	await expectAccessible(p.page, 'table (participant)');
	await p.page.screenshot({ path: 'tests/e2e/screenshots/10-table-participant-phone.png', fullPage: false });

	const f = await signInFacilitator(browser);
	await openBoard(f.page);
	await expect(f.page.getByText(xss, { exact: true })).toBeVisible();
	await expectAccessible(f.page, 'table (animateur)');
	await f.page.screenshot({ path: 'tests/e2e/screenshots/11-table-animateur-laptop.png' });
	await f.page.goto('/tables/1/projection');
	await f.page.setViewportSize(PROJECTOR);
	// The demo table's long notes take more than one screen: the projector pages them; turn the
	// pages as a clicker does (→) until the note shows.
	const shown = f.page.getByText(xss, { exact: true });
	await expect(async () => {
		if (!(await shown.isVisible())) await f.page.keyboard.press('ArrowRight');
		await expect(shown).toBeVisible({ timeout: 1000 });
	}).toPass();
	await expectAccessible(f.page, 'projection');
	await f.page.screenshot({ path: 'tests/e2e/screenshots/12-projection.png' });
	// Server-rendered HTML escapes it too.
	const html = await (await f.page.request.get('/tables/1')).text();
	expect(html).not.toContain('<img src=x onerror');
	expect(alerted).toBe(false);
	expect(await f.page.locator('img[src="x"]').count()).toBe(0);
	await Promise.all([p.ctx.close(), f.ctx.close()]);
});

test('screens are not people: the console and the projector do not count among those present', async ({ browser }) => {
	const p = await participant(browser, 'Hélène', 'Centre social');
	await expect(p.page.getByText('1 sur la table')).toBeVisible();
	const f = await signInFacilitator(browser);
	await f.page.goto('/ateliers/1/console');
	await expect(f.page.getByRole('heading', { name: 'Les tables' })).toBeVisible();
	const projector = await f.ctx.newPage();
	await projector.goto('/tables/1/projection');
	await expect(projector.getByText(/contributions/).first()).toBeVisible();
	// A real person joining is counted: the count moved, and the screens did not move it further.
	const other = await participant(browser, 'Marc', 'Mairie');
	await expect(p.page.getByText('2 sur la table')).toBeVisible();
	await expect(p.page.getByRole('listitem', { name: /Console|Projection/ })).toHaveCount(0);
	await Promise.all([p.ctx.close(), f.ctx.close(), other.ctx.close()]);
});

test('the journal shows the facilitator which note was deleted, by whom and what it said', async ({ browser }) => {
	const f = await signInFacilitator(browser);
	await openBoard(f.page);
	const a = await participant(browser, 'Inès Journal', 'Centre social de Miribel');
	const own = `Pas de permanence le samedi ${Date.now()}`;
	const other = `Bus scolaires saturés ${Date.now()}`;
	await post(a.page, own);
	await post(a.page, other);
	await expect(noteCard(f.page, other)).toBeVisible();

	// The author removes one; the facilitator removes the other.
	a.page.once('dialog', (d) => d.accept());
	await noteCard(a.page, own).getByRole('button', { name: /^Supprimer/ }).click();
	await expect(noteCard(f.page, own)).toHaveCount(0);
	f.page.once('dialog', (d) => d.accept());
	await noteCard(f.page, other).hover();
	await noteCard(f.page, other).getByRole('button', { name: /^Supprimer/ }).click();
	await expect(noteCard(a.page, other)).toHaveCount(0);

	await f.page.getByRole('link', { name: 'Journal des suppressions' }).click();
	await expect(f.page.getByRole('heading', { level: 1, name: 'Contributions supprimées' })).toBeVisible();
	const entry = (text: string) => f.page.getByRole('listitem').filter({ hasText: text });
	await expect(entry(other)).toContainText('par Claire Animatrice (démo), de l’équipe d’animation');
	await expect(entry(other)).toContainText('écrite par Inès Journal (Centre social de Miribel)');
	await expect(entry(own)).toContainText('par Inès Journal (Centre social de Miribel), son auteur');
	await expectAccessible(f.page, 'journal des suppressions');
	await screenshots(f.page, 'journal');
	// A participant has no journal link.
	await expect(a.page.getByRole('link', { name: 'Journal des suppressions' })).toHaveCount(0);
	await Promise.all([f.ctx.close(), a.ctx.close()]);
});
