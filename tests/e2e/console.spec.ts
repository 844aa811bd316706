import { expect, test } from '@playwright/test';
import { E2E } from '../../playwright.config';
import { expectAccessible, LAPTOP, PHONE, PROJECTOR, signInFacilitator } from './helpers';
import { mkdirSync } from 'node:fs';

// Issue 13, point 6: the facilitator runs every table from the console (per table and all at once),
// sees who sits where, and the board page at 1366×768 shows the notes in its first screen.
const stamp = Date.now();

test('[CO1] [AN1] the console steers each table and all tables at once, and shows who is at which table; the board shows notes first at 1366×768; anonymity mid-way is confirmed first', async ({ browser }) => {
	mkdirSync('tests/e2e/screenshots', { recursive: true });
	const f = await signInFacilitator(browser);
	const form = (path: string, data: Record<string, string>) => f.page.request.post(path, { form: data, headers: { origin: E2E.baseURL, accept: 'text/html' }, maxRedirects: 0 });
	const created = await form('/projets/1/ateliers/nouveau', { title: `Console ${stamp}`, phase: 'diagnostic' });
	const workshopId = Number(/\/ateliers\/(\d+)/.exec(created.headers()['location'] ?? '')?.[1]);
	const themes = ['Insertion', 'Autonomie', 'Enfance'];
	for (const theme of themes) expect((await form(`/ateliers/${workshopId}?/createBoard`, { theme, template: theme === 'Autonomie' ? 'afom' : 'atouts_problematiques' })).ok()).toBe(true);
	await f.page.goto(`/ateliers/${workshopId}`);
	const code = (await f.page.locator('.join .code').textContent())!.replace(/\s/g, '');
	const firstBoard = Number(/\/tables\/(\d+)/.exec((await f.page.getByRole('link', { name: 'Insertion', exact: true }).getAttribute('href')) ?? '')?.[1]);

	const phone = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
	const p = await phone.newPage();
	await p.goto(`/rejoindre/${code}`);
	await p.getByLabel('Votre nom').fill('Nadia');
	await p.getByLabel('Votre structure').fill('CAF de l’Ain');
	await p.getByRole('button', { name: 'Rejoindre l’atelier' }).click();
	await p.getByRole('link', { name: /Insertion/ }).click();
	await expect(p.getByText('En direct')).toBeVisible();

	await f.page.goto(`/ateliers/${workshopId}/console`);
	const card = (theme: string) => f.page.getByRole('listitem').filter({ has: f.page.getByRole('heading', { level: 3, name: theme }) });
	await expect(card('Insertion')).toContainText('À cette table : Nadia');

	// One table: its phase changes on the phone.
	await card('Insertion').getByRole('group', { name: 'Phase de Insertion' }).getByRole('button', { name: 'Regroupement' }).click();
	await expect(p.getByRole('status').filter({ hasText: 'Regroupement' })).toBeVisible();
	await expect(card('Insertion').getByRole('group', { name: 'Phase de Insertion' }).getByRole('button', { name: 'Regroupement' })).toHaveAttribute('aria-pressed', 'true');

	// All tables at once: back to writing, locked, then unlocked.
	const all = f.page.getByRole('region', { name: 'Ensemble des tables, en une fois' });
	await all.getByRole('group', { name: 'Phase de toutes les tables' }).getByRole('button', { name: 'Écriture' }).click();
	await expect(all.getByRole('status')).toHaveText('Phase Écriture : fait sur les 3 tables.');
	for (const t of themes) await expect(card(t).getByRole('button', { name: 'Écriture' })).toHaveAttribute('aria-pressed', 'true');
	await all.getByRole('button', { name: 'Tout verrouiller' }).click();
	for (const t of themes) await expect(card(t).getByRole('checkbox', { name: /Verrouillée/ })).toBeChecked();
	await expect(p.getByRole('status').filter({ hasText: 'Table verrouillée' })).toBeVisible();
	await expectAccessible(f.page, 'console, toutes les tables');
	for (const [label, vp] of [['phone', PHONE], ['laptop', LAPTOP], ['projector', PROJECTOR]] as const) {
		await f.page.setViewportSize(vp);
		await f.page.screenshot({ path: `tests/e2e/screenshots/console-tables-${label}.png`, fullPage: label === 'phone' });
	}
	await f.page.setViewportSize(LAPTOP);
	await all.getByRole('button', { name: 'Tout déverrouiller' }).click();
	await expect(p.getByRole('button', { name: /Ajouter une contribution dans/ }).first()).toBeVisible();

	// The board page at 1366×768: the first notes are on the first screen.
	await p.getByRole('button', { name: 'Ajouter une contribution dans « Atouts »' }).click();
	await p.getByLabel('Votre contribution').fill('Un réseau de partenaires solide');
	await p.getByRole('dialog').getByRole('button', { name: 'Envoyer' }).click();
	await f.page.goto(`/tables/${firstBoard}`);
	await expect(f.page.locator('article.note').first()).toBeInViewport();
	await f.page.screenshot({ path: 'tests/e2e/screenshots/console-table-animateur-laptop.png' });

	// [AN1] Making a table anonymous once notes are signed: the facilitator is told first.
	const anonymous = f.page.getByRole('checkbox', { name: 'Table anonyme' });
	let asked = '';
	f.page.once('dialog', (d) => {
		asked = d.message();
		void d.dismiss();
	});
	await anonymous.check({ force: true }).catch(() => undefined);
	await expect.poll(() => asked).toContain('1 contribution déjà écrite garde le nom de son auteur');
	await expect(anonymous).not.toBeChecked();
	await expect(p.getByRole('status').filter({ hasText: 'Anonyme' })).toHaveCount(0);
	f.page.once('dialog', (d) => void d.accept());
	await anonymous.check();
	await expect(p.getByRole('status').filter({ hasText: 'Écriture' })).toContainText('Anonyme');
	await Promise.all([phone.close(), f.ctx.close()]);
});

test('[CO2] the console’s list of people is live: someone who joins, or is removed elsewhere, shows without a reload', async ({ browser }) => {
	const f = await signInFacilitator(browser);
	const form = (path: string, data: Record<string, string>) => f.page.request.post(path, { form: data, headers: { origin: E2E.baseURL, accept: 'text/html' }, maxRedirects: 0 });
	const created = await form('/projets/1/ateliers/nouveau', { title: `Console en direct ${stamp}`, phase: 'diagnostic' });
	const workshopId = Number(/\/ateliers\/(\d+)/.exec(created.headers()['location'] ?? '')?.[1]);
	expect((await form(`/ateliers/${workshopId}?/createBoard`, { theme: 'Logement', template: 'atouts_problematiques' })).ok()).toBe(true);
	await f.page.goto(`/ateliers/${workshopId}`);
	const code = (await f.page.locator('.join .code').textContent())!.replace(/\s/g, '');

	await f.page.goto(`/ateliers/${workshopId}/console`);
	const people = f.page.getByRole('region', { name: /^Participants/ });
	await expect(people.getByRole('heading', { name: 'Participants (0)' })).toBeVisible();
	await expect(people).toContainText('Personne n’a encore rejoint l’atelier.');

	// A phone joins through the form, another person through the API: both show, counted.
	const phone = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
	const p = await phone.newPage();
	await p.goto(`/rejoindre/${code}`);
	await p.getByLabel('Votre nom').fill(`Odile ${stamp}`);
	await p.getByLabel('Votre structure').fill('ADMR Meximieux');
	await p.getByRole('button', { name: 'Rejoindre l’atelier' }).click();
	await expect(people.getByRole('listitem').filter({ hasText: `Odile ${stamp}` })).toContainText('ADMR Meximieux');
	const other = await browser.newContext();
	const joined = await other.request.post('/api/join', { data: { code, name: `Bruno ${stamp}`, organisation: 'CCAS de Trévoux' }, headers: { origin: E2E.baseURL } });
	const brunoId = ((await joined.json()) as { participant: { id: number } }).participant.id;
	await expect(people.getByRole('heading', { name: 'Participants (2)' })).toBeVisible();
	await expect(f.page.getByRole('button', { name: 'Former les groupes (2 participants)' })).toBeVisible();

	// Removed from another screen (a second facilitator's laptop): gone here too.
	const res = await f.page.request.post(`/api/workshops/${workshopId}/control`, { data: { action: 'participants.remove', participantId: brunoId }, headers: { origin: E2E.baseURL } });
	expect(res.status()).toBe(200);
	await expect(people.getByRole('heading', { name: 'Participants (1)' })).toBeVisible();
	await expect(people.getByRole('listitem').filter({ hasText: `Bruno ${stamp}` })).toHaveCount(0);
	await expectAccessible(f.page, 'console, participants en direct');
	await Promise.all([phone.close(), other.close(), f.ctx.close()]);
});
