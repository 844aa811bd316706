import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { E2E } from '../../playwright.config';
import { expectAccessible, LAPTOP, PHONE, PROJECTOR, signInFacilitator } from './helpers';
import { mkdirSync } from 'node:fs';

// Issue 13, point 2: the projector follows the table's phase (notes, clusters, the vote in
// progress, the ranked results) and never needs scrolling, at 1920×1080 and 1280×720, with 150 notes.
test.describe.configure({ mode: 'serial' });

const stamp = Date.now();
const SMALL = { width: 1280, height: 720 };
let boardId: number;
let workshopId: number;

async function postForm(page: Page, path: string, form: Record<string, string>) {
	return page.request.post(path, { form, headers: { origin: E2E.baseURL, accept: 'text/html' }, maxRedirects: 0 });
}
const cmd = (req: APIRequestContext, body: Record<string, unknown>) =>
	req.post(`/api/boards/${boardId}/commands`, { data: { id: `c${stamp}${Math.random().toString(36).slice(2, 12)}`, ...body }, headers: { origin: E2E.baseURL } });

/** The projector's stage fits the screen: no page scroll, nothing cut below (once the type is fitted). */
async function expectNoScroll(page: Page) {
	const measure = () =>
		page.evaluate(() => {
			const stage = document.querySelector('.stage') as HTMLElement;
			return { pageScrolls: document.documentElement.scrollHeight > window.innerHeight, cutBelow: stage.scrollHeight > stage.clientHeight + 1 };
		});
	await expect.poll(measure, { message: 'the projection fits the screen' }).toEqual({ pageScrolls: false, cutBelow: false });
}

/** Readable from the back of the room: the notes' type is at least 1/77 of the screen's height. */
async function expectReadable(page: Page) {
	const ratio = () => page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('[data-note-id]')!).fontSize) / window.innerHeight);
	await expect.poll(ratio, { message: 'type at least 1/77 of the height' }).toBeGreaterThanOrEqual(1 / 77 - 1e-4);
	// Authors included: their line is no smaller than that floor either.
	const authors = () =>
		page.evaluate(() => {
			const sizes = [...document.querySelectorAll('[data-note-id] .author')].map((a) => parseFloat(getComputedStyle(a).fontSize) / window.innerHeight);
			return sizes.length ? Math.min(...sizes) : 1;
		});
	await expect.poll(authors, { message: 'authors at least 1/77 of the height' }).toBeGreaterThanOrEqual(1 / 77 - 1e-3);
}

/** Every note id shown over all pages (turned with the clicker's → key). */
async function notesOverPages(page: Page, expected: number): Promise<Set<string>> {
	const pager = page.locator('.pager');
	// After a resize the projector measures again and may split into pages: wait until it has
	// (a pager) or until every note is on the one screen, before counting.
	await expect
		.poll(async () => (await pager.count()) > 0 || (await page.locator('[data-note-id]').count()) >= expected)
		.toBe(true);
	const pages = (await pager.count()) ? Number(/\/ (\d+)/.exec((await pager.textContent()) ?? '')?.[1]) : 1;
	const seen = new Set<string>();
	for (let i = 0; i < pages; i++) {
		await expectNoScroll(page);
		for (const id of await page.locator('[data-note-id]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.noteId!))) seen.add(id);
		if (pages > 1) {
			await page.keyboard.press('ArrowRight');
			await expect(pager).toContainText(`page ${((i + 1) % pages) + 1} / ${pages}`);
		}
	}
	return seen;
}

async function shoot(page: Page, name: string) {
	mkdirSync('tests/e2e/screenshots', { recursive: true });
	for (const [label, vp] of [['1920', PROJECTOR], ['1280', SMALL], ['1366', LAPTOP]] as const) {
		await page.setViewportSize(vp);
		await expectNoScroll(page);
		await page.screenshot({ path: `tests/e2e/screenshots/projection-${name}-${label}.png` });
	}
	await page.setViewportSize(PROJECTOR);
}

test('[PJ1] [PJ2] [RS1] the projection follows the phase and fits the screen: 150 notes, clusters, the vote in progress, the ranked results; phones show clusters first, then the results', async ({ browser }) => {
	test.setTimeout(180_000);
	const f = await signInFacilitator(browser, PROJECTOR);
	const created = await postForm(f.page, '/projets/1/ateliers/nouveau', { title: `Projection ${stamp}`, phase: 'diagnostic' });
	workshopId = Number(/\/ateliers\/(\d+)/.exec(created.headers()['location'] ?? '')?.[1]);
	expect((await postForm(f.page, `/ateliers/${workshopId}?/createBoard`, { theme: 'Mobilité', template: 'atouts_problematiques' })).ok()).toBe(true);
	await f.page.goto(`/ateliers/${workshopId}`);
	boardId = Number(/\/tables\/(\d+)/.exec((await f.page.getByRole('link', { name: 'Mobilité', exact: true }).getAttribute('href')) ?? '')?.[1]);
	const code = (await f.page.locator('.join .code').textContent())!.replace(/\s/g, '');

	// 150 post-it-length notes from a participant (protocol level), with authors.
	const pctx = await browser.newContext();
	const joined = await pctx.request.post('/api/join', { data: { code, name: 'Marie-Thérèse Dupont', organisation: 'Centre social de Trévoux' }, headers: { origin: E2E.baseURL } });
	expect(joined.status()).toBe(200);
	const subjects = ['Pas de bus le dimanche', 'Transport à la demande apprécié', 'Permis trop cher pour les jeunes', 'Covoiturage peu connu', 'Navette vers la gare utile'];
	for (let i = 0; i < 150; i++) {
		const res = await cmd(pctx.request, { type: 'note.add', note: { id: `n${stamp}x${i}`, text: `${subjects[i % 5]} (${i + 1})`, column: i % 2 ? 'atouts' : 'problematiques' } });
		expect(res.status()).toBe(200);
	}

	const proj = await f.ctx.newPage();
	await proj.goto(`/tables/${boardId}/projection`);
	await expect(proj.locator('.meta')).toContainText('150 contributions');
	await expect(proj.locator('[data-view="notes"]')).toBeVisible();
	// 1920×1080: all 150 on one screen.
	await expect(proj.locator('.pager')).toHaveCount(0);
	expect((await notesOverPages(proj, 150)).size).toBe(150);
	await expect(proj.getByText('Marie-Thérèse Dupont · Centre social de Trévoux').first()).toBeVisible();
	await expectAccessible(proj, 'projection, écriture, 150 contributions');
	await shoot(proj, 'ecriture-150');
	await expectReadable(proj);
	// 1280×720 (an older projector, or a laptop's mirrored screen): still one screen, no scrolling,
	// the type no smaller for the room than at 1080p (the same fraction of the height).
	await proj.setViewportSize(SMALL);
	await expect(proj.locator('[data-note-id]')).toHaveCount(150);
	await expect(proj.locator('.pager')).toHaveCount(0);
	await expectNoScroll(proj);
	await expectReadable(proj);
	await proj.setViewportSize(PROJECTOR);

	// Grouping: clusters with their titles.
	const board = await f.ctx.newPage();
	await board.goto(`/tables/${boardId}`);
	await board.getByRole('group', { name: 'Phase de la table' }).getByRole('button', { name: 'Regroupement' }).click();
	for (const t of ['Pas de bus le dimanche (1)', 'Pas de bus le dimanche (11)']) {
		await board.locator('article.note', { hasText: t }).first().focus();
		await board.keyboard.press('Space');
	}
	await board.getByRole('region', { name: 'Sélection' }).getByRole('button', { name: 'Regrouper la sélection' }).click();
	const title = 'Pas de transport le week-end';
	const name = board.getByRole('region', { name: /^Regroupement « Nouveau regroupement »/ }).getByLabel('Nom du regroupement');
	await name.fill(title);
	await name.press('Enter');
	await expect(proj.locator('[data-view="clusters"]')).toBeVisible();
	await expect(proj.locator('.cluster h3', { hasText: title })).toContainText('(2)');
	await expectAccessible(proj, 'projection, regroupement');
	await shoot(proj, 'regroupement');

	// A phone in the room.
	const phoneCtx = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
	const phone = await phoneCtx.newPage();
	await phone.goto(`/rejoindre/${code}`);
	await phone.getByLabel('Votre nom').fill('Odile');
	await phone.getByLabel('Votre structure').fill('EHPAD Les Tilleuls');
	await phone.getByRole('button', { name: 'Rejoindre l’atelier' }).click();
	await phone.getByRole('link', { name: /Mobilité/ }).click();
	await expect(phone.getByText('En direct')).toBeVisible();

	// Vote with hidden tallies: the dots cast, never where.
	await board.getByRole('group', { name: 'Phase de la table' }).getByRole('button', { name: 'Vote' }).click();
	// [RS1] On the phone the clusters come first, before the columns' notes.
	const toVote = phone.getByRole('region', { name: 'Les regroupements à voter' });
	await expect(toVote.getByRole('heading', { name: title })).toBeVisible();
	const order = await phone.evaluate(() => {
		const first = document.querySelector('.clusters-first')!.getBoundingClientRect().top;
		const columns = document.querySelector('.board')!.getBoundingClientRect().top;
		return first < columns;
	});
	expect(order, 'clusters above the columns').toBe(true);
	await expect(phone.locator('.board').getByRole('region', { name: new RegExp(`^Regroupement « ${title} »`) })).toHaveCount(0);
	await expectAccessible(phone, 'téléphone, vote, regroupements d’abord');
	await phone.screenshot({ path: 'tests/e2e/screenshots/vote-telephone-regroupements-phone.png' });
	const clusterId = await proj.locator('.cluster').first().getAttribute('data-cluster-id');
	const voters = await Promise.all(
		['Luc', 'Sophie'].map(async (n) => {
			const c = await browser.newContext();
			expect((await c.request.post('/api/join', { data: { code, name: `${n} ${stamp}`, organisation: 'CCAS' }, headers: { origin: E2E.baseURL } })).status()).toBe(200);
			return c;
		})
	);
	for (const v of voters) expect((await cmd(v.request, { type: 'vote.cast', targetId: clusterId })).status()).toBe(200);
	await expect(proj.locator('.dots')).toHaveText('2 gommettes posées');
	await expect(proj.locator('.tally')).toHaveCount(0);
	await expect(proj.getByText('Résultats du vote')).toHaveCount(0);
	await shoot(proj, 'vote-en-cours');

	// Shown: the ranked results, the same as the facilitator's.
	const res = await f.page.request.post(`/api/boards/${boardId}/control`, { data: { action: 'modes', votesHidden: false }, headers: { origin: E2E.baseURL } });
	expect(res.status()).toBe(200);
	await expect(proj.locator('[data-view="results"]')).toBeVisible();
	const facilitatorResults = (await (await f.page.request.get(`/api/boards/${boardId}/results`)).json()) as { ranked: { id: string; votes: number }[] };
	const shown = await proj.locator('.ranked li').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.targetId));
	expect(shown).toEqual(facilitatorResults.ranked.filter((r) => r.votes > 0).map((r) => r.id));
	await expect(proj.locator('.ranked li').first()).toContainText(title);
	await expect(proj.locator('.ranked li').first()).toContainText('2 gommettes');
	await expectAccessible(proj, 'projection, résultats');
	await shoot(proj, 'resultats');
	// [RS1] The phones show the room's results too, ranked the same way.
	const roomResults = phone.getByRole('region', { name: 'Résultats du vote' });
	await expect(roomResults.getByRole('listitem').first()).toContainText(title);
	await expect(roomResults.getByRole('listitem').first()).toContainText('2 gommettes');
	await expectAccessible(phone, 'téléphone, résultats');
	await phone.screenshot({ path: 'tests/e2e/screenshots/resultats-telephone-phone.png' });
	await phoneCtx.close();

	for (const c of [pctx, ...voters]) await c.close();
	await f.ctx.close();
});

test('[PJ3] beyond one screen the notes are split into pages that the clicker turns, each page readable and unscrolled', async ({ browser }) => {
	test.setTimeout(90_000);
	const f = await signInFacilitator(browser, SMALL);
	expect((await postForm(f.page, `/ateliers/${workshopId}?/createBoard`, { theme: 'Longues phrases', template: 'atouts_problematiques' })).ok()).toBe(true);
	await f.page.goto(`/ateliers/${workshopId}`);
	boardId = Number(/\/tables\/(\d+)/.exec((await f.page.getByRole('link', { name: 'Longues phrases', exact: true }).getAttribute('href')) ?? '')?.[1]);
	const code = (await f.page.locator('.join .code').textContent())!.replace(/\s/g, '');
	const pctx = await browser.newContext();
	expect((await pctx.request.post('/api/join', { data: { code, name: 'Jean-Baptiste Martin', organisation: 'Mission locale Dombes' }, headers: { origin: E2E.baseURL } })).status()).toBe(200);
	// 120 sentences of a written diagnostic (~150 characters each): more than one screen holds.
	const sentence = 'Les délais de traitement des dossiers restent longs et la complexité des démarches administratives pèse sur les familles les plus fragiles du territoire';
	for (let i = 0; i < 120; i++) {
		expect((await cmd(pctx.request, { type: 'note.add', note: { id: `l${stamp}x${i}`, text: `${sentence} (${i + 1})`, column: i % 3 ? 'problematiques' : 'atouts' } })).status()).toBe(200);
	}
	const proj = await f.ctx.newPage();
	await proj.goto(`/tables/${boardId}/projection`);
	await expect(proj.locator('.meta')).toContainText('120 contributions');
	await expect(proj.locator('.pager')).toContainText(/page 1 \/ [2-9]/);
	const seen = await notesOverPages(proj, 120);
	expect(seen.size).toBe(120);
	await expectReadable(proj);
	await expectAccessible(proj, 'projection en pages');
	await proj.screenshot({ path: 'tests/e2e/screenshots/projection-pages-1280.png' });
	await pctx.close();
	await f.ctx.close();
});
