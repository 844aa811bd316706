import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { E2E } from '../../playwright.config';
import { monthOfDate } from '../../src/lib/domain/gantt';
import { expectAccessible, LAPTOP, PROJECTOR, screenshots, signInFacilitator } from './helpers';

// "Le plan en un coup d'œil" of the demo project (the 20 published fiches of Val de Saône -
// Dombes: 19 COOR and 1 INS, all "Validée", 70 planning steps whose phrases are all understood),
// and a board of the demo workshop as a picture.

/** Opens a chart's "Voir les données" with the keyboard and returns its table. */
async function openData(page: Page, chartLabel: string) {
	const summary = page.locator('summary', { hasText: `Voir les données : ${chartLabel}` });
	await summary.focus();
	await page.keyboard.press('Enter');
	const table = page.getByRole('table', { name: new RegExp(`^${chartLabel}`) });
	await expect(table).toBeVisible();
	return table;
}

const MONTHS = new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' });

test('the dashboard shows the figures, the charts with their data and the timeline with today', async ({ browser }) => {
	const { ctx, page } = await signInFacilitator(browser);
	await page.goto('/projets/1/tableau-de-bord');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Le plan en un coup d’œil');
	const crumbs = page.getByRole('navigation', { name: 'Fil d’Ariane' });
	await expect(crumbs.getByRole('link', { name: 'Mes projets' })).toHaveAttribute('href', '/projets');
	await expect(crumbs.getByRole('link', { name: 'Projet social de territoire Val de Saône - Dombes' })).toHaveAttribute('href', '/projets/1');

	// Figures: the number of actions and one per status that has some.
	const figure = (term: string | RegExp) => page.locator('dl.figures .figure').filter({ has: page.locator('dt', { hasText: term }) }).locator('dd');
	await expect(figure('actions au plan')).toHaveText('20');
	await expect(figure('Validée')).toHaveText('20');
	await expect(figure('étapes au calendrier')).toHaveText('70');
	await expect(page.locator('dl.figures dt', { hasText: 'Brouillon' })).toHaveCount(0);

	// Charts: pictures with a summary.
	const byAxis = page.getByRole('img', { name: /^Actions par axe et par statut/ });
	await expect(byAxis).toHaveAttribute('aria-label', 'Actions par axe et par statut : COOR · Coordination, 19 actions (Validée 19) ; INS · Insertion, 1 action (Validée 1).');
	await expect(page.getByRole('list', { name: 'Légende' })).toHaveText('Validée');
	const byStatus = page.getByRole('img', { name: /^Actions par statut/ });
	await expect(byStatus).toHaveAttribute('aria-label', /Validée, 20 actions ; En cours, 0 action/);
	const byPorteur = page.getByRole('img', { name: /^Actions par porteur/ });
	await expect(byPorteur).toHaveAttribute('aria-label', /^Actions par porteur : DT Val de Saône Dombes, 7 actions ; DT Val de Saône Dombes et CDS, 3 actions ; /);

	// The timeline: one bar per step, axes as headings, a line at today's month.
	const today = monthOfDate(new Date());
	const [year, month] = today.split('-').map(Number);
	const gantt = page.getByRole('img', { name: /^Calendrier prévisionnel des actions/ });
	await expect(gantt).toHaveAttribute('aria-label', /70 étapes de 20 fiches, de 2023 à 2028, par axe : COOR · Coordination \(19 fiches\), INS · Insertion \(1 fiche\)/);
	await expect(gantt.locator('rect.bar')).toHaveCount(70);
	await expect(gantt.locator('text.axis')).toHaveText(['COOR · Coordination', 'INS · Insertion']);
	const years = ['2023', '2024', '2025', '2026', '2027', '2028'];
	await expect(gantt.locator('text.year')).toHaveText(years.flatMap((y) => [y, y]));
	if (year >= 2023 && year <= 2028) {
		await expect(gantt).toHaveAttribute('aria-label', new RegExp(`Aujourd’hui : ${MONTHS.format(new Date(Date.UTC(year, month - 1, 15)))}\\.`));
		await expect(gantt.locator('text.today-label')).toHaveText('Aujourd’hui');
		// The line stands inside its year's band, at its month.
		const x1 = (el: string) => gantt.locator(el).evaluateAll((nodes) => nodes.map((n) => Number(n.getAttribute('x1'))));
		const [todayX] = await x1('line.today');
		const bands = await x1('line.year-line');
		const band = bands[year - 2023];
		const next = bands[year - 2023 + 1] ?? (await gantt.evaluate((svg) => (svg as SVGSVGElement).viewBox.baseVal.width));
		expect(todayX).toBeGreaterThan(band + ((next - band) * (month - 1)) / 12);
		expect(todayX).toBeLessThan(band + ((next - band) * month) / 12);
	}
	// The first step of 1/COOR, "2ème semestre 2024": the second half of 2024.
	await expect(gantt.locator('rect.bar title').first()).toHaveText(/ : juil\.-déc\. 2024 \(2ème semestre 2024\)$/);
	// Every phrase of the demo is understood: nothing listed apart.
	await expect(page.getByText('Période non comprise')).toHaveCount(0);

	await expectAccessible(page, 'tableau de bord');
	await page.evaluate(() => window.scrollTo(0, 0));
	await screenshots(page, 'tableau-de-bord');
	await page.setViewportSize(PROJECTOR);
	await page.getByRole('region', { name: 'Calendrier des actions' }).screenshot({ path: 'tests/e2e/screenshots/tableau-de-bord-calendrier-projector.png' });
	await page.setViewportSize(LAPTOP);

	// The numbers of each chart in a table, opened with the keyboard.
	const axisTable = await openData(page, 'Actions par axe et par statut');
	await expect(axisTable.getByRole('row')).toHaveText([/Axe\s*Validée\s*Total/, /COOR · Coordination\s*19\s*19/, /INS · Insertion\s*1\s*1/]);
	const statusTable = await openData(page, 'Actions par statut');
	await expect(statusTable.getByRole('row', { name: /Validée/ })).toHaveText(/Validée\s*20/);
	const porteurTable = await openData(page, 'Actions par porteur');
	await expect(porteurTable.getByRole('row')).toHaveCount(1 + 11);
	await expect(porteurTable.getByRole('row').nth(1)).toHaveText(/DT Val de Saône Dombes\s*7/);
	const ganttTable = await openData(page, 'Calendrier prévisionnel des actions');
	await expect(ganttTable.locator('tbody tr:not(:has(th))')).toHaveCount(70);
	await expect(ganttTable.locator('tbody th.group')).toHaveText(['COOR · Coordination', 'INS · Insertion']);
	await expect(ganttTable.locator('tbody th.fiche-head')).toHaveCount(20);
	await expect(ganttTable.getByRole('row', { name: /^Mise en place d'un groupe de travail avec les partenaires/ })).toHaveText(/2ème semestre 2024\s*juil\.-déc\. 2024/);
	await expectAccessible(page, 'tableau de bord (données ouvertes)');
	await ctx.close();
});

test('the board as a picture: an SVG with the demo notes, for project members only', async ({ browser, playwright }) => {
	const { ctx, page } = await signInFacilitator(browser);
	const res = await page.request.get('/tables/1/image.svg');
	expect(res.status()).toBe(200);
	expect(res.headers()['content-type']).toBe('image/svg+xml; charset=utf-8');
	const svg = await res.text();

	// Every note of the first demo table, its lines joined back.
	const diagnostic = JSON.parse(readFileSync('src/lib/server/demo/fixtures/diagnostic-val-de-saone-dombes.json', 'utf8')) as { items: { theme: string; sentences: string[] }[] };
	const theme = diagnostic.items[0].theme;
	const sentences = diagnostic.items.filter((i) => i.theme === theme).flatMap((i) => i.sentences);
	const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
	const notes = [...svg.matchAll(/<g class="note"[^>]*>(.*?)<\/g>/g)].map((m) => decode([...m[1].matchAll(/<tspan[^>]*>(.*?)<\/tspan>/g)].map((t) => t[1]).join(' ')));
	expect(notes.length).toBeGreaterThanOrEqual(sentences.length);
	expect(notes).toContain(sentences[0]);
	expect(svg).toContain(`Table « ${theme} »`);

	// Opened by the browser, it is a well-formed picture.
	await page.goto('/tables/1/image.svg');
	await expect(page.locator('parsererror')).toHaveCount(0);
	await expect(page.locator('svg title').first()).toHaveText(`Table « ${theme} »`);
	// As a report would show it: an image (to look at in tests/e2e/screenshots/).
	await page.setViewportSize({ width: 1000, height: 800 });
	await page.goto('about:blank');
	await page.setContent(`<img alt="" src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}">`);
	const naturalWidth = await page.locator('img').evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth));
	expect(naturalWidth).toBeGreaterThan(0);
	await page.screenshot({ path: 'tests/e2e/screenshots/table-image-svg.png', fullPage: true });

	// Without an account: to the sign-in page.
	const anonymous = await playwright.request.newContext({ baseURL: E2E.baseURL });
	const refused = await anonymous.get('/tables/1/image.svg', { maxRedirects: 0 });
	expect(refused.status()).toBe(303);
	expect(refused.headers()['location']).toMatch(/^\/connexion\?suite=/);
	await anonymous.dispose();
	await ctx.close();
});
