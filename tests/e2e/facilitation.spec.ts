import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { E2E } from '../../playwright.config';
import { expectAccessible, PHONE, signInFacilitator } from './helpers';

// One workshop of our own (the server is shared with the other spec files), a facilitator on a
// laptop and three partners on phones, through a whole facilitated round table: rotation of
// sub-groups, private writing and reveal, clustering, dot voting. The tests share the screens and
// run in order.
test.describe.configure({ mode: 'serial' });

const stamp = Date.now();
const WORKSHOP = `Forum des partenaires ${stamp}`;
const T1 = 'Mobilité et accès à l’emploi';
const T2 = 'Petite enfance et parentalité';
const T3 = 'Priorités du territoire';

type Screen = { ctx: BrowserContext; page: Page; name: string };

async function join(browser: Browser, code: string, name: string, organisation: string): Promise<Screen> {
	const ctx = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
	const page = await ctx.newPage();
	await page.goto(`/rejoindre/${code}`);
	await page.getByLabel('Votre nom').fill(name);
	await page.getByLabel('Votre structure').fill(organisation);
	await page.getByRole('button', { name: 'Rejoindre l’atelier' }).click();
	await expect(page.getByRole('heading', { level: 1, name: WORKSHOP })).toBeVisible();
	return { ctx, page, name };
}

/** A form action posted the way the browser would (same origin), as the signed-in facilitator. */
async function postForm(page: Page, path: string, form: Record<string, string>) {
	return page.request.post(path, { form, headers: { origin: E2E.baseURL, accept: 'text/html' }, maxRedirects: 0 });
}

async function post(page: Page, text: string, column: 'Atouts' | 'Problématiques') {
	await page.getByRole('button', { name: `Ajouter une contribution dans « ${column} »` }).click();
	await expect(page.getByRole('dialog').getByLabel(column)).toBeChecked();
	await page.getByLabel('Votre contribution').fill(text);
	await page.getByRole('button', { name: 'Envoyer' }).click();
}

const heading1 = (page: Page) => page.getByRole('heading', { level: 1 });
const noteCard = (page: Page, text: string) => page.locator('article.note', { hasText: text });
const column = (page: Page, label: string) => page.getByRole('region', { name: new RegExp(`^${label}`) });
const banner = (page: Page) => page.getByRole('status').filter({ hasText: /Écriture|Regroupement|Vote|Table close|Table verrouillée/ });
const cluster = (page: Page, title: string) => page.getByRole('region', { name: new RegExp(`^Regroupement « ${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} »`) });
const recap = (page: Page) => page.getByRole('group').filter({ hasText: /^Déjà sur cette table avant le tour/ });

let f: Screen; // the facilitator's laptop (console in f.page)
let board: Page; // the facilitator's second tab, on a table
let a: Screen, b: Screen, c: Screen;
let phones: Screen[];
let workshopId: number;

test.beforeAll(async ({ browser }) => {
	f = ({ ...(await signInFacilitator(browser)), name: 'animatrice' });
	const created = await postForm(f.page, '/projets/1/ateliers/nouveau', { title: WORKSHOP, phase: 'diagnostic' });
	expect(created.status()).toBe(303);
	workshopId = Number(/\/ateliers\/(\d+)/.exec(created.headers()['location'] ?? '')?.[1]);
	expect(workshopId).toBeGreaterThan(0);
	for (const theme of [T1, T2]) {
		expect((await postForm(f.page, `/ateliers/${workshopId}?/createBoard`, { theme, template: 'atouts_problematiques' })).ok()).toBe(true);
	}
	await f.page.goto(`/ateliers/${workshopId}`);
	for (const theme of [T1, T2]) await expect(f.page.getByRole('link', { name: theme, exact: true })).toBeVisible();
	const code = (await f.page.locator('.join .code').textContent())!.replace(/\s/g, '');
	[a, b, c] = await Promise.all([
		join(browser, code, 'Nadia', 'CAF de l’Ain'),
		join(browser, code, 'Luc', 'Mairie de Trévoux'),
		join(browser, code, 'Sophie', 'Mission locale de la Dombes')
	]);
	phones = [a, b, c];
	board = await f.ctx.newPage();
});

test.afterAll(async () => {
	// One at a time: closing traced contexts in parallel can trip Playwright's trace writer.
	for (const s of [f, a, b, c]) if (s) await s.ctx.close();
});

test('phones follow their sub-group’s table through a two-round rotation, and “Tout le monde ici” gathers them', async () => {
	test.setTimeout(90_000);
	const { page: consolePage } = f;
	await consolePage.goto(`/ateliers/${workshopId}/console`);
	await expect(heading1(consolePage)).toHaveText('Console d’animation');

	// A timer every phone can see.
	const timerCard = consolePage.getByRole('region', { name: 'Minuteur' });
	await timerCard.getByLabel('Arrêter l’écriture à la fin').uncheck();
	await timerCard.getByRole('button', { name: 'Démarrer' }).click();
	await expect(consolePage.getByRole('timer')).toHaveAccessibleName(/Temps restant : 10 minutes/);
	for (const p of phones) await expect(p.page.getByRole('timer')).toBeVisible();

	// Two sub-groups; each phone is told which one it is in.
	const rotation = consolePage.getByRole('region', { name: /Sous-groupes et rotation/ });
	await rotation.getByLabel('Nombre de groupes').fill('2');
	await rotation.getByRole('button', { name: 'Former les groupes (3 participants)' }).click();
	const groupCard = (person: string) =>
		rotation.getByRole('listitem').filter({ has: consolePage.getByRole('textbox', { name: 'Nom du groupe' }) }).filter({ hasText: person });
	const groupOf = new Map<Screen, string>();
	for (const p of phones) {
		await expect(groupCard(p.name)).toHaveCount(1);
		const mine = p.page.getByRole('region', { name: 'Votre sous-groupe' });
		await expect(mine).toContainText(/Vous êtes dans le Groupe [AB]\./);
		await expect(mine).toContainText('La rotation commencera bientôt.');
		groupOf.set(p, (await mine.locator('strong').textContent())!);
	}
	expect(new Set(groupOf.values()).size).toBe(2);
	const tableOf = async (p: Screen) => (await groupCard(p.name).locator('p', { hasText: 'Table :' }).locator('strong').textContent())!;

	// Round 1: every phone lands on its group's table by itself.
	await rotation.getByRole('button', { name: 'Commencer la rotation' }).click();
	await expect(rotation.getByRole('heading', { name: /Tour 1/ })).toBeVisible();
	const round1 = new Map<Screen, string>();
	for (const p of phones) {
		round1.set(p, await tableOf(p));
		await expect(heading1(p.page)).toHaveText(round1.get(p)!);
		await expect(p.page.getByText(`${groupOf.get(p)} · tour 1`)).toBeVisible();
	}
	expect(new Set(round1.values())).toEqual(new Set([T1, T2]));
	await expectAccessible(consolePage, 'console (tour 1)');

	// Someone at the mobility table writes during round 1.
	const writer = phones.find((p) => round1.get(p) === T1)!;
	const round1Note = `Tour 1 : un garage solidaire prête des voitures ${stamp}`;
	await post(writer.page, round1Note, 'Atouts');
	await expect(noteCard(writer.page, round1Note)).toContainText('Envoyée ✓');
	await expect(consolePage.getByRole('listitem').filter({ has: consolePage.getByRole('heading', { name: T1 }) })).toContainText('Atouts : 1');

	// Round 2: each phone moves to the other table, without reloading the page.
	for (const p of phones) await p.page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
	await rotation.getByRole('button', { name: 'Tour suivant' }).click();
	await expect(rotation.getByRole('heading', { name: /Tour 2/ })).toBeVisible();
	for (const p of phones) {
		const other = round1.get(p) === T1 ? T2 : T1;
		await expect(groupCard(p.name)).toContainText(`Table : ${other}`);
		await expect(heading1(p.page)).toHaveText(other);
		await expect(p.page.getByText(`${groupOf.get(p)} · tour 2`)).toBeVisible();
		expect(await p.page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
	}

	// The group arriving at the mobility table sees what round 1 left there; the other one, nothing.
	const arrived = phones.filter((p) => round1.get(p) === T2);
	const moved = phones.filter((p) => round1.get(p) === T1);
	for (const p of arrived) {
		await expect(p.page.getByText('Déjà sur cette table avant le tour 2')).toBeVisible();
		await expect(recap(p.page)).toContainText("Atouts : 1 · Problématiques : 0");
		await expect(noteCard(p.page, round1Note)).toBeVisible();
	}
	for (const p of moved) await expect(p.page.getByText(/Déjà sur cette table/)).toHaveCount(0);
	// A note written in round 2 sits on the table, and the recap still counts only the earlier ones.
	const round2Note = `Tour 2 : pas de bus le dimanche ${stamp}`;
	await post(arrived[0].page, round2Note, 'Problématiques');
	await expect(noteCard(arrived[0].page, round2Note)).toContainText('Envoyée ✓');
	for (const p of arrived) {
		await expect(noteCard(p.page, round2Note)).toBeVisible();
		await expect(recap(p.page)).toContainText("Atouts : 1 · Problématiques : 0");
	}

	await consolePage.screenshot({ path: 'tests/e2e/screenshots/facilitation-console-laptop.png' });

	// “Tout le monde ici”: every phone goes to the mobility table…
	const focus = consolePage.getByRole('region', { name: 'Tout le monde ici' });
	await focus.getByRole('button', { name: T1 }).click();
	await expect(focus.getByRole('button', { name: T1 })).toHaveAttribute('aria-pressed', 'true');
	for (const p of phones) await expect(heading1(p.page)).toHaveText(T1);
	// …and back to their group's table once the screens are released.
	await focus.getByRole('button', { name: 'Libérer les écrans' }).click();
	for (const p of moved) await expect(heading1(p.page)).toHaveText(T2);
	for (const p of arrived) await expect(heading1(p.page)).toHaveText(T1);

	// Stopping the rotation leaves the phones where they are.
	await rotation.getByRole('button', { name: 'Arrêter la rotation' }).click();
	await expect(rotation.getByRole('button', { name: 'Commencer la rotation' })).toBeVisible();
	for (const p of moved) await expect(p.page.getByText(`${groupOf.get(p)} · tour`)).toHaveCount(0);
	for (const p of moved) await expect(heading1(p.page)).toHaveText(T2);
});

test('private writing: a note stays with its author until the facilitator reveals it', async () => {
	// A fresh table for the rest of the session, and everyone sent to it.
	expect((await postForm(f.page, `/ateliers/${workshopId}?/createBoard`, { theme: T3, template: 'atouts_problematiques' })).ok()).toBe(true);
	await f.page.reload();
	const focus = f.page.getByRole('region', { name: 'Tout le monde ici' });
	await focus.getByRole('button', { name: T3 }).click();
	for (const p of phones) await expect(heading1(p.page)).toHaveText(T3);

	await board.goto(new URL(a.page.url()).pathname);
	await expect(board.getByText('En direct')).toBeVisible();
	await expect(board.getByRole('group', { name: 'Phase de la table' }).getByRole('button', { name: 'Écriture' })).toHaveAttribute('aria-pressed', 'true');
	await board.getByRole('checkbox', { name: /Chacun écrit seul/ }).check();
	for (const p of phones) await expect(banner(p.page)).toContainText('chacun écrit seul');

	const secret = `Un réseau de bénévoles solide pour l’aide aux devoirs ${stamp}`;
	await a.page.getByRole('button', { name: 'Ajouter une contribution dans « Atouts »' }).click();
	await a.page.getByLabel('Votre contribution').fill(secret);
	await expectAccessible(a.page, 'composer (écriture individuelle)');
	await a.page.getByRole('dialog').getByLabel('Atouts').check();
	await a.page.getByRole('button', { name: 'Envoyer' }).click();
	await expect(noteCard(a.page, secret)).toContainText('Visible de vous seul jusqu’au dévoilement');

	// The others know something is waiting, not what it says.
	await expect(board.getByText('1 contribution en attente de dévoilement.')).toBeVisible();
	// [PW2] The facilitator's banner speaks to the facilitator, not as to a participant.
	await expect(banner(board)).toContainText('les contributions des participants restent sur le serveur jusqu’au dévoilement (1 en attente)');
	await expect(banner(board)).not.toContainText('vos contributions');
	await expect(banner(b.page)).toContainText('(1 en attente)');
	await expect(board.getByText(secret)).toHaveCount(0);
	await expect(b.page.getByText(secret)).toHaveCount(0);
	await expectAccessible(board, 'table en écriture individuelle (animateur)');

	await board.getByRole('button', { name: 'Dévoiler maintenant' }).click();
	await expect(column(board, 'Atouts').locator('article.note', { hasText: secret })).toBeVisible();
	await expect(column(b.page, 'Atouts').locator('article.note', { hasText: secret })).toContainText('Nadia · CAF de l’Ain');
	await expect(noteCard(a.page, secret)).toContainText('Envoyée ✓');
	await expect(board.getByText(/en attente de dévoilement/)).toHaveCount(0);
	// [PW2] Private writing stays on after the reveal, and the facilitator is told so.
	await expect(board.getByRole('checkbox', { name: /Chacun écrit seul/ })).toBeChecked();
	await expect(board.getByText('« Chacun écrit seul » reste actif après un dévoilement')).toBeVisible();

	await board.getByRole('checkbox', { name: /Chacun écrit seul/ }).uncheck();
	await expect(board.getByText('« Chacun écrit seul » reste actif après un dévoilement')).toHaveCount(0);
	for (const p of phones) await expect(banner(p.page)).toContainText('ajoutez vos atouts et problématiques');
});

const MOBILITY = ['Pas de bus le soir pour rejoindre les zones d’emploi', 'Les transports en commun ne desservent pas les villages', 'Sans voiture ni permis, la mobilité bloque l’accès à l’emploi'];
const CHILDCARE = ['Manque de places en crèche pour les parents qui reprennent un travail', 'Peu de modes de garde pour la petite enfance en horaires décalés'];
let mobilityLabel = '';
const CHILDCARE_TITLE = 'Garde d’enfants';

test('clustering: an accepted suggestion and a keyboard-made group appear on every screen', async () => {
	await post(a.page, MOBILITY[0], 'Problématiques');
	await post(b.page, MOBILITY[1], 'Problématiques');
	await post(c.page, MOBILITY[2], 'Problématiques');
	await post(a.page, CHILDCARE[0], 'Problématiques');
	await post(b.page, CHILDCARE[1], 'Problématiques');
	await expect(column(board, 'Problématiques').locator('article.note')).toHaveCount(5);
	await expect(board.getByRole('heading', { name: 'Problématiques (5)' })).toBeVisible();

	const phases = board.getByRole('group', { name: 'Phase de la table' });
	await phases.getByRole('button', { name: 'Regroupement' }).click();
	await expect(phases.getByRole('button', { name: 'Regroupement' })).toHaveAttribute('aria-pressed', 'true');
	for (const p of phones) {
		await expect(banner(p.page)).toContainText('Regroupement');
		await expect(p.page.getByRole('button', { name: /Ajouter une contribution/ })).toHaveCount(0);
	}

	const suggestions = board.getByRole('region', { name: 'Suggestions de regroupement' });
	await suggestions.getByRole('button', { name: 'Suggérer des regroupements' }).click();
	const suggestion = (text: string) => suggestions.getByRole('listitem').filter({ has: board.getByRole('button', { name: /^Accepter/ }) }).filter({ hasText: text });
	await expect(suggestion(MOBILITY[0])).toHaveCount(1);
	for (const t of MOBILITY) await expect(suggestion(MOBILITY[0])).toContainText(t);
	await expectAccessible(board, 'table en regroupement, suggestions (animateur)');
	mobilityLabel = (await suggestion(MOBILITY[0]).locator('strong').first().textContent())!.trim();
	expect(mobilityLabel).toMatch(/Mobilité/);
	await suggestion(MOBILITY[0]).getByRole('button', { name: /^Accepter/ }).click();
	await expect(cluster(board, mobilityLabel)).toHaveAccessibleName(`Regroupement « ${mobilityLabel} », 3 contributions`);
	for (const p of phones) {
		await expect(cluster(p.page, mobilityLabel)).toBeVisible();
		await expect(cluster(p.page, mobilityLabel).getByRole('heading', { name: mobilityLabel })).toBeVisible();
		for (const t of MOBILITY) await expect(cluster(p.page, mobilityLabel)).toContainText(t);
	}
	// The other suggestion is turned down: nothing moves.
	await expect(suggestion(CHILDCARE[0])).toHaveCount(1);
	await suggestion(CHILDCARE[0]).getByRole('button', { name: /^Refuser/ }).click();
	await expect(suggestions.getByText('Aucune suggestion pour l’instant.')).toBeVisible();
	await expect(board.getByRole('region', { name: /^Regroupement « / })).toHaveCount(1);

	// Keyboard: Space selects two cards, Enter on “Regrouper la sélection” groups them.
	await noteCard(board, CHILDCARE[0]).focus();
	await board.keyboard.press('Space');
	await expect(noteCard(board, CHILDCARE[0])).toHaveAccessibleName(/, sélectionnée$/);
	await noteCard(board, CHILDCARE[1]).focus();
	await board.keyboard.press('Space');
	const selection = board.getByRole('region', { name: 'Sélection' });
	await expect(selection).toContainText('2 sélectionnées');
	await selection.getByRole('button', { name: 'Regrouper la sélection' }).focus();
	await board.keyboard.press('Enter');
	await expect(cluster(board, 'Nouveau regroupement')).toHaveAccessibleName('Regroupement « Nouveau regroupement », 2 contributions');
	await expect(selection).toHaveCount(0);

	const name = cluster(board, 'Nouveau regroupement').getByLabel('Nom du regroupement');
	await name.fill(CHILDCARE_TITLE);
	await name.press('Enter');
	await expect(cluster(board, CHILDCARE_TITLE)).toHaveAccessibleName(`Regroupement « ${CHILDCARE_TITLE} », 2 contributions`);
	for (const p of phones) {
		await expect(cluster(p.page, CHILDCARE_TITLE).getByRole('heading', { name: CHILDCARE_TITLE })).toBeVisible();
		for (const t of CHILDCARE) await expect(cluster(p.page, CHILDCARE_TITLE)).toContainText(t);
	}
});

test('dot vote: three dots each, voted with the keyboard, one taken back, results ranked for the facilitator', async () => {
	const phases = board.getByRole('group', { name: 'Phase de la table' });
	await phases.getByRole('button', { name: 'Vote' }).click();
	await expect(phases.getByRole('button', { name: 'Vote' })).toHaveAttribute('aria-pressed', 'true');
	for (const p of phones) await expect(banner(p.page)).toContainText('il vous reste 3 gommettes sur 3');

	const voteFor = (page: Page, title: string) => page.getByRole('button', { name: `Voter pour « ${title} »` });
	const vote = async (page: Page, title: string, left: string) => {
		await voteFor(page, title).focus();
		await page.keyboard.press('Enter');
		await expect(banner(page)).toContainText(`il vous reste ${left} sur 3`);
	};
	await vote(a.page, mobilityLabel, '2 gommettes');
	await vote(a.page, mobilityLabel, '1 gommette');
	await vote(a.page, CHILDCARE_TITLE, '0 gommette');
	// No fourth dot.
	await expect(voteFor(a.page, mobilityLabel)).toBeDisabled();
	await expect(voteFor(a.page, CHILDCARE_TITLE)).toBeDisabled();
	// Taking one back frees a dot.
	await a.page.getByRole('button', { name: `Retirer une gommette de « ${CHILDCARE_TITLE} »` }).click();
	await expect(banner(a.page)).toContainText('il vous reste 1 gommette sur 3');
	await expect(voteFor(a.page, CHILDCARE_TITLE)).toBeEnabled();
	await expect(a.page.getByRole('button', { name: `Retirer une gommette de « ${CHILDCARE_TITLE} »` })).toHaveCount(0);

	await vote(b.page, mobilityLabel, '2 gommettes');
	await vote(b.page, CHILDCARE_TITLE, '1 gommette');
	await vote(c.page, CHILDCARE_TITLE, '2 gommettes');

	await a.page.screenshot({ path: 'tests/e2e/screenshots/facilitation-vote-phone.png', fullPage: true });
	await expectAccessible(a.page, 'table en vote (participant)');

	// The facilitator's results: clusters ranked by dots. While the votes are hidden (the default)
	// the panel is refreshed on demand.
	const results = board.getByRole('region', { name: 'Résultats du vote' });
	await results.getByRole('button', { name: 'Actualiser' }).click();
	await expect(results).toContainText('5 gommettes posées');
	const ranked = results.getByRole('listitem');
	await expect(ranked.nth(0)).toContainText(`1. ${mobilityLabel} — 3 gommettes · 3 contributions`);
	await expect(ranked.nth(1)).toContainText(`2. ${CHILDCARE_TITLE} — 2 gommettes · 2 contributions`);
	await expectAccessible(board, 'table en vote, résultats (animateur)');

	// Showing the results during the vote: the phones see the totals, the panel follows live.
	await board.getByRole('checkbox', { name: 'Afficher les résultats pendant le vote' }).check();
	for (const p of phones) {
		await expect(cluster(p.page, mobilityLabel).getByLabel('3 gommettes au total')).toBeVisible();
		await expect(cluster(p.page, CHILDCARE_TITLE).getByLabel('2 gommettes au total')).toBeVisible();
	}
	await vote(c.page, mobilityLabel, '1 gommette');
	await expect(ranked.nth(0)).toContainText(`1. ${mobilityLabel} — 4 gommettes`);
	await expect(cluster(b.page, mobilityLabel).getByLabel('4 gommettes au total')).toBeVisible();

	await phases.getByRole('button', { name: 'Clos' }).click();
	await expect(phases.getByRole('button', { name: 'Clos' })).toHaveAttribute('aria-pressed', 'true');
	for (const p of phones) {
		await expect(banner(p.page)).toContainText('Table close');
		await expect(p.page.getByRole('button', { name: /^Voter pour/ })).toHaveCount(0);
	}
	await expectAccessible(board, 'table close (animateur)');
});

test('grouping opened to participants: a phone files a note into a cluster; the facilitator merges and splits', async () => {
	const phases = board.getByRole('group', { name: 'Phase de la table' });
	await phases.getByRole('button', { name: 'Regroupement' }).click();
	await expect(phases.getByRole('button', { name: 'Regroupement' })).toHaveAttribute('aria-pressed', 'true');
	await board.getByRole('checkbox', { name: 'Les participants peuvent regrouper' }).check();

	// The facilitator adds a loose problem; a participant files it into the childcare cluster with a plain select.
	const text = `Horaires des crèches inadaptés ${stamp}`;
	await board.getByRole('button', { name: '+ Ajouter dans « Problématiques »' }).click();
	await board.getByLabel('Votre contribution').fill(text);
	await board.getByRole('button', { name: 'Envoyer' }).click();
	const loose = a.page.locator('article.note', { hasText: text });
	await loose.getByLabel('Regroupement', { exact: true }).selectOption({ label: CHILDCARE_TITLE });
	await expect(cluster(board, CHILDCARE_TITLE).locator('article.note', { hasText: text })).toBeVisible();

	// The facilitator merges the childcare cluster into the mobility one, then takes the note out again.
	await cluster(board, mobilityLabel).getByRole('combobox', { name: `Fusionner « ${mobilityLabel} » avec` }).selectOption({ label: CHILDCARE_TITLE });
	await expect(cluster(board, CHILDCARE_TITLE)).toHaveCount(0);
	await expect(cluster(a.page, mobilityLabel).locator('article.note', { hasText: text })).toBeVisible();
	const card = cluster(board, mobilityLabel).locator('article.note', { hasText: text });
	await card.focus();
	await card.getByRole('button', { name: 'Sortir du regroupement' }).click();
	await expect(cluster(a.page, mobilityLabel).locator('article.note', { hasText: text })).toHaveCount(0);
	await expect(a.page.locator('article.note', { hasText: text })).toBeVisible();
	await expectAccessible(a.page, 'regroupement ouvert aux participants');
});
