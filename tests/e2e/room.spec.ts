import { expect, test, type Page } from '@playwright/test';
import { E2E } from '../../playwright.config';
import { expectAccessible, LAPTOP, PHONE, PROJECTOR, signInFacilitator } from './helpers';
import { connectProvider } from '../helpers/sync-client';
import { createCluster, getClusters, getNotes } from '../../src/lib/docs/board';
import { mkdirSync } from 'node:fs';

// Issue 13, point 8: the smaller breaks found while running a real room, each with its test.
const stamp = Date.now();
const origin = { origin: E2E.baseURL };
const SMALL = { width: 1280, height: 720 };
const SIZES = [['phone', PHONE], ['laptop', LAPTOP], ['projector', PROJECTOR]] as const;

/** Screenshots at 390×844, 1366×768 and 1920×1080 (the phone's full page), to look at. */
async function shoot(page: Page, name: string) {
	mkdirSync('tests/e2e/screenshots', { recursive: true });
	const original = page.viewportSize();
	for (const [label, vp] of SIZES) {
		await page.setViewportSize(vp);
		await page.screenshot({ path: `tests/e2e/screenshots/${name}-${label}.png`, fullPage: label === 'phone' });
	}
	if (original) await page.setViewportSize(original);
}

async function newWorkshop(page: Page, title: string, boards: { theme: string; template: string }[]) {
	const form = (path: string, data: Record<string, string>) => page.request.post(path, { form: data, headers: { ...origin, accept: 'text/html' }, maxRedirects: 0 });
	const created = await form('/projets/1/ateliers/nouveau', { title, phase: 'diagnostic' });
	const workshopId = Number(/\/ateliers\/(\d+)/.exec(created.headers()['location'] ?? '')?.[1]);
	for (const b of boards) expect((await form(`/ateliers/${workshopId}?/createBoard`, b)).ok()).toBe(true);
	await page.goto(`/ateliers/${workshopId}`);
	const code = (await page.locator('.join .code').textContent())!.replace(/\s/g, '');
	const ids: number[] = [];
	for (const b of boards) ids.push(Number(/\/tables\/(\d+)/.exec((await page.getByRole('link', { name: b.theme, exact: true }).getAttribute('href')) ?? '')?.[1]));
	return { workshopId, code, boardIds: ids };
}

test('[RT1] [RT2] an AFOM table slide fits the screen at 1080p, 768p and 720p; "Les structures présentes" counts structures, not people', async ({ browser }) => {
	test.setTimeout(90_000);
	const f = await signInFacilitator(browser, PROJECTOR);
	const theme = 'Vieillir sur le territoire';
	const { workshopId, code, boardIds } = await newWorkshop(f.page, `Restitution AFOM ${stamp}`, [{ theme, template: 'afom' }]);
	const boardId = boardIds[0];

	// Five people from three structures, one of them typed two ways.
	const people: { name: string; organisation: string }[] = [
		{ name: 'Nadia', organisation: 'CAF de l’Ain' },
		{ name: 'Luc', organisation: "caf de l'Ain " },
		{ name: 'Odile', organisation: 'EHPAD Les Tilleuls' },
		{ name: 'Paul', organisation: 'EHPAD Les Tilleuls' },
		{ name: 'Élise', organisation: 'Mairie de Trévoux' }
	];
	const requests = [];
	for (const p of people) {
		const ctx = await browser.newContext();
		expect((await ctx.request.post('/api/join', { data: { code, ...p, name: `${p.name} ${stamp}` }, headers: origin })).status()).toBe(200);
		requests.push(ctx);
	}
	// Eight notes per quadrant, then seven clusters per quadrant with titles as long as people write them.
	const quadrants = ['points_forts', 'points_faibles', 'potentialites', 'menaces'];
	let n = 0;
	for (const q of quadrants) {
		for (let i = 0; i < 8; i++) {
			const res = await requests[n % requests.length].request.post(`/api/boards/${boardId}/commands`, {
				data: { id: `rt${stamp}c${n}`, type: 'note.add', note: { id: `rt${stamp}n${n}`, text: `Contribution ${n + 1} sur le vieillissement à domicile et l’accès aux services`, column: q } },
				headers: origin
			});
			expect(res.status()).toBe(200);
			n++;
		}
	}
	const cookie = (await f.ctx.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
	const w = connectProvider(E2E.baseURL, `board:${boardId}`, cookie);
	await w.synced;
	await expect.poll(() => getNotes(w.doc).length).toBe(32);
	const titles = [
		'Manque de places en établissement et listes d’attente longues',
		'Isolement des personnes âgées dans les hameaux éloignés',
		'Difficultés de recrutement des aides à domicile en zone rurale',
		'Coordination insuffisante entre les services et les partenaires',
		'Accès aux soins spécialisés et déserts médicaux',
		'Aidants familiaux épuisés et peu soutenus',
		'Lisibilité des dispositifs pour les familles'
	];
	for (const q of quadrants) {
		const ids = getNotes(w.doc).filter((x) => x.column === q).map((x) => x.id);
		titles.forEach((title, k) => createCluster(w.doc, { id: `rt${stamp}${q}${k}`, title, column: q, position: k + 1 }, k === 0 ? ids.slice(0, 2) : [ids[k + 1]]));
	}
	await expect.poll(() => getClusters(w.doc).length).toBe(28);
	for (const body of [{ action: 'phase', phase: 'vote' }, { action: 'modes', votesHidden: false }]) {
		expect((await f.page.request.post(`/api/boards/${boardId}/control`, { data: body, headers: origin })).status()).toBe(200);
	}

	await f.page.goto(`/ateliers/${workshopId}/restitution`);
	await expect(f.page.getByText('En direct')).toBeVisible();
	const slide = f.page.locator('section[aria-roledescription="diapositive"]');
	await expect(f.page.getByRole('list', { name: 'Chiffres clés' })).toContainText('5 participants');
	await expect(f.page.getByRole('list', { name: 'Chiffres clés' })).toContainText('3 structures');
	for (let i = 0; i < 3; i++) await f.page.keyboard.press('ArrowRight');
	await expect(f.page.getByRole('heading', { level: 1, name: theme })).toBeVisible();
	// Each quadrant shows its first six clusters and says how many more.
	await expect(slide.getByRole('region', { name: 'Points faibles' }).locator('li[data-cluster]')).toHaveCount(6);
	await expect(slide.getByRole('region', { name: 'Points faibles' })).toContainText('+ 1 autre regroupement');
	const fits = () => slide.evaluate((el) => ({ below: el.scrollHeight > el.clientHeight + 1, right: el.scrollWidth > el.clientWidth + 1 }));
	for (const vp of [PROJECTOR, LAPTOP, SMALL]) {
		await f.page.setViewportSize(vp);
		await expect.poll(fits, { message: `the AFOM slide fits ${vp.width}×${vp.height}` }).toEqual({ below: false, right: false });
		// Still readable: the quadrants' cluster titles at least 12 px.
		const px = await slide.locator('.c-title').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
		expect(px).toBeGreaterThanOrEqual(12);
	}
	await f.page.setViewportSize(PROJECTOR);
	await expectAccessible(f.page, 'restitution, table AFOM');
	await shoot(f.page, 'restitution-afom');

	// "Les structures présentes": three structures (the CAF typed two ways is one), by kind, with their people.
	await f.page.keyboard.press('End');
	await f.page.keyboard.press('ArrowLeft');
	await expect(f.page.getByRole('heading', { level: 1, name: 'Les structures présentes' })).toBeVisible();
	await expect(slide).toContainText('3 structures · 5 participants');
	const kinds = slide.locator('ul.kinds li');
	await expect(kinds).toHaveCount(3);
	await expect(kinds.filter({ hasText: 'Autonomie' })).toHaveText(/^1 Autonomie.*\(2 participants\)$/);
	await expect(kinds.filter({ hasText: /Organismes|CAF/ })).toContainText('(2 participants)');
	await expect(kinds.filter({ hasText: /Organismes|CAF/ }).locator('strong')).toHaveText('1');
	await expectAccessible(f.page, 'restitution, structures présentes');
	await shoot(f.page, 'restitution-structures');

	w.destroy();
	for (const r of requests) await r.close();
	await f.ctx.close();
});

test('[FA1] [FA2] [FA3] a fiche drafted from a cluster: axis suggested to confirm, direction de territoire filled; the co-writer link shows under its button with a QR code; planning cells wide enough and growing', async ({ browser }) => {
	test.setTimeout(90_000);
	const f = await signInFacilitator(browser);
	// "Se déplacer" names no axis: the suggestion comes from what the cluster speaks of.
	const theme = 'Se déplacer au quotidien';
	const { code, boardIds } = await newWorkshop(f.page, `Fiche depuis un regroupement ${stamp}`, [{ theme, template: 'atouts_problematiques' }]);
	const boardId = boardIds[0];
	const partner = await browser.newContext();
	expect((await partner.request.post('/api/join', { data: { code, name: `Karim ${stamp}`, organisation: 'Mission locale Dombes' }, headers: origin })).status()).toBe(200);
	const texts = ['Pas de bus le dimanche', 'Permis de conduire trop cher pour les jeunes', 'Transport à la demande peu connu'];
	for (const [i, text] of texts.entries()) {
		const res = await partner.request.post(`/api/boards/${boardId}/commands`, { data: { id: `fa${stamp}c${i}`, type: 'note.add', note: { id: `fa${stamp}n${i}`, text, column: 'problematiques' } }, headers: origin });
		expect(res.status()).toBe(200);
	}
	const cookie = (await f.ctx.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
	const w = connectProvider(E2E.baseURL, `board:${boardId}`, cookie);
	await w.synced;
	await expect.poll(() => getNotes(w.doc).length).toBe(3);
	const title = 'Se rendre aux rendez-vous sans voiture';
	createCluster(w.doc, { id: `fa${stamp}`, title, column: 'problematiques', position: 1 }, getNotes(w.doc).map((n) => n.id));
	await f.page.goto(`/tables/${boardId}`);
	await expect(f.page.getByText('En direct')).toBeVisible();
	await f.page.getByRole('button', { name: `Créer une fiche-action depuis « ${title} »` }).click();
	await f.page.waitForURL(/\/fiches\/\d+$/);
	await expect(f.page.getByText('Enregistré en direct')).toBeVisible();

	// [FA1] Direction de territoire: the project's; the axis: suggested (Insertion covers mobility), to confirm.
	await expect(f.page.getByLabel('Direction de territoire', { exact: true })).toHaveValue('DT Val de Saône Dombes');
	const axis = f.page.getByLabel(/^Axe/);
	await expect(axis).toHaveValue('INS');
	await expect(axis).toHaveAccessibleDescription('Axe suggéré d’après la table et ses contributions : à confirmer ou à changer.');
	await expect(f.page.locator('.kicker .code')).toHaveText(/^\d+\/INS$/);

	// [FA2] The invitation: the link appears in the card, right under the button, with its QR code.
	const invite = f.page.getByRole('region', { name: 'Co-rédacteurs invités' });
	await invite.getByLabel('Nom').fill('Samia');
	await invite.getByLabel('Structure').fill('CCAS de Trévoux');
	const button = invite.getByRole('button', { name: 'Créer un lien d’invitation' });
	await button.click();
	const link = invite.getByLabel('Lien d’invitation de Samia');
	await expect(link).toHaveValue(/\/fiches\/invitation\/\d+\/[a-z2-7]+$/);
	await expect(invite.getByRole('img', { name: 'QR code de l’invitation de Samia, à scanner' })).toBeVisible();
	await expect(invite.getByRole('status')).toContainText('Lien pour Samia');
	const gap = (await link.boundingBox())!.y - ((await button.boundingBox())!.y + (await button.boundingBox())!.height);
	expect(gap, 'the link sits just under the button').toBeLessThan(120);
	expect(gap).toBeGreaterThan(0);
	await expect(f.page.locator('.alert.success').filter({ hasText: 'Invitation créée' })).toHaveCount(0);
	await expectAccessible(f.page, 'fiche, lien d’invitation');
	await invite.scrollIntoViewIfNeeded();
	await shoot(f.page, 'fiche-invitation');

	// Confirming the suggested axis: no longer "suggested".
	await f.page.getByRole('button', { name: 'Confirmer l’axe' }).click();
	await expect(f.page.getByRole('status').filter({ hasText: 'Axe INS confirmé.' })).toBeVisible();
	await expect(f.page.getByText('Axe suggéré d’après la table')).toHaveCount(0);

	// [FA3] The planning's cells: wide enough to write in at 1366×768 and 1920×1080, growing with the text.
	const cellWidths = () => f.page.locator('.planning textarea').evaluateAll((els) => els.slice(0, 6).map((e) => Math.round(e.getBoundingClientRect().width)));
	for (const vp of [LAPTOP, PROJECTOR]) {
		await f.page.setViewportSize(vp);
		for (const width of await cellWidths()) expect(width, `a planning cell at ${vp.width}px`).toBeGreaterThanOrEqual(200);
	}
	await f.page.setViewportSize(PHONE);
	for (const width of await cellWidths()) expect(width, "one cell per line on a phone").toBeGreaterThanOrEqual(280);
	await f.page.setViewportSize(LAPTOP);
	const elements = f.page.getByRole('listitem', { name: 'Étape 1' }).getByLabel('Principaux éléments');
	const before = (await elements.boundingBox())!.height;
	await elements.fill('Trois réunions du groupe de travail avec la Mission locale, le CCAS et la communauté de communes ; un questionnaire aux jeunes suivis ; une carte des trajets impossibles sans voiture, présentée au comité de pilotage de juin.');
	await expect.poll(async () => (await elements.boundingBox())!.height).toBeGreaterThan(before * 2);
	await f.page.getByRole('heading', { name: 'Planning et échéancier · Suivi de l’action' }).scrollIntoViewIfNeeded();
	await expectAccessible(f.page, 'fiche, planning');
	await shoot(f.page, 'fiche-planning');

	w.destroy();
	await partner.close();
	await f.ctx.close();
});
