import { expect, test } from '@playwright/test';
import { E2E } from '../../playwright.config';
import { expectAccessible, PHONE, screenshots } from './helpers';

test('a facilitator prepares an AFOM round table and a participant joins it with the code', async ({ browser }) => {
	const facilitatorContext = await browser.newContext();
	const page = await facilitatorContext.newPage();
	const email = `animateur-${Date.now()}@ain.fr`;

	await page.goto('/');
	await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
	await expectAccessible(page, 'accueil');
	await screenshots(page, '01-accueil');

	await page.getByRole('link', { name: 'Créer un compte' }).first().click();
	await expect(page.getByRole('heading', { name: 'Créer un compte animateur' })).toBeVisible();
	await page.getByLabel('Nom affiché').fill('Camille Animatrice');
	await page.getByLabel('Adresse e-mail professionnelle').fill('pas-une-adresse');
	await page.getByLabel('Mot de passe').fill('motdepasse-solide');
	await page.getByRole('button', { name: 'Créer mon compte' }).click();
	await expect(page.getByRole('alert').first()).toContainText('Adresse e-mail invalide');
	await expectAccessible(page, 'inscription avec erreur');
	await page.getByLabel('Adresse e-mail professionnelle').fill(email);
	await page.getByLabel('Mot de passe').fill('motdepasse-solide');
	await page.getByRole('button', { name: 'Créer mon compte' }).click();

	await expect(page.getByRole('heading', { name: 'Mes projets sociaux de territoire' })).toBeVisible();
	await expectAccessible(page, 'mes projets (vide)');
	await page.getByRole('link', { name: '+ Nouveau projet' }).click();
	await page.getByLabel('Nom du projet').fill('PST Bresse Revermont');
	await page.getByLabel('Département', { exact: true }).fill('Ain');
	await page.getByLabel('Direction de territoire').fill('DT Bresse');
	await page.getByLabel('Début (année)').fill('2022');
	await page.getByLabel('Fin (année)').fill('2028');
	// The four default axes are there; add a fifth.
	await expect(page.getByLabel('Code de l’axe 1')).toHaveValue('COOR');
	await page.getByRole('button', { name: '+ Ajouter un axe' }).click();
	await page.getByLabel('Code de l’axe 5').fill('PMI');
	await page.getByLabel('Intitulé de l’axe 5').fill('Protection maternelle et infantile');
	await expectAccessible(page, 'nouveau projet');
	await screenshots(page, '02-nouveau-projet');
	await page.getByRole('button', { name: 'Créer le projet' }).click();

	await expect(page.getByRole('heading', { level: 1, name: 'PST Bresse Revermont' })).toBeVisible();
	await expect(page.getByText('Protection maternelle et infantile')).toBeVisible();
	await expectAccessible(page, 'projet');
	await page.getByRole('link', { name: '+ Nouvel atelier' }).click();
	await page.getByLabel('Titre de l’atelier').fill('Diagnostic partagé');
	await page.getByLabel('Date').fill('2027-01-14');
	await page.getByLabel('Lieu').fill('Bourg-en-Bresse, salle du Conseil');
	await page.getByLabel('Phase de la démarche').selectOption('diagnostic');
	await expectAccessible(page, 'nouvel atelier');
	await page.getByRole('button', { name: 'Créer l’atelier' }).click();

	await expect(page.getByRole('heading', { level: 1, name: 'Diagnostic partagé' })).toBeVisible();
	await page.getByLabel('Thème').fill('Autonomie');
	await page.getByLabel('AFOM').check();
	await page.getByRole('button', { name: 'Ajouter la table' }).click();
	await expect(page.getByRole('status')).toContainText('Table « Autonomie » ajoutée');
	await expect(page.getByRole('link', { name: 'Autonomie' })).toBeVisible();
	const code = (await page.locator('.join .code').textContent())!.replace(/\s/g, '');
	expect(code).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{6}$/);
	await expect(page.getByRole('img', { name: 'QR code pour rejoindre l’atelier' })).toBeVisible();
	await expectAccessible(page, 'atelier');
	await screenshots(page, '03-atelier');

	await page.getByRole('link', { name: 'Afficher en grand (projection)' }).click();
	await expect(page.getByText(code.slice(0, 3) + ' ' + code.slice(3))).toBeVisible();
	await expectAccessible(page, 'affiche du code');
	await screenshots(page, '04-affiche-code');

	// A partner on a phone, in another browser.
	const phone = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
	const p = await phone.newPage();
	await p.goto('/rejoindre');
	await expectAccessible(p, 'rejoindre');
	await p.getByLabel('Code de l’atelier').fill(code.toLowerCase().slice(0, 3) + ' ' + code.toLowerCase().slice(3));
	await p.getByLabel('Votre nom').fill('Nadia');
	await p.getByLabel('Votre structure').fill('CCAS de Bourg-en-Bresse');
	await screenshots(p, '05-rejoindre');
	await p.getByRole('button', { name: 'Rejoindre l’atelier' }).click();
	await expect(p.getByRole('heading', { level: 1, name: 'Diagnostic partagé' })).toBeVisible();
	await expectAccessible(p, 'mon atelier (participant)');
	await p.getByRole('link', { name: /Autonomie/ }).click();
	for (const quadrant of ['Points forts', 'Points faibles', 'Potentialités', 'Menaces']) {
		await expect(p.getByRole('heading', { name: new RegExp(quadrant) })).toBeVisible();
	}
	await expectAccessible(p, 'table AFOM (participant)');
	await screenshots(p, '06-table-afom');

	// The facilitator sees the partner in the list of participants.
	await page.goto(page.url().replace(/\/affiche$/, ''));
	await expect(page.getByRole('region', { name: /Participants/ })).toContainText('Nadia');

	await phone.close();
	await facilitatorContext.close();
});

test('a newcomer signs in to the demo and finds a realistic workshop', async ({ page }) => {
	await page.goto('/connexion');
	await expectAccessible(page, 'connexion');
	await page.getByLabel('Adresse e-mail').fill(E2E.demoEmail);
	await page.getByLabel('Mot de passe').fill('mauvais-mot-de-passe');
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await expect(page.getByRole('alert')).toContainText('Adresse e-mail ou mot de passe incorrect');
	await page.getByLabel('Mot de passe').fill(E2E.demoPassword);
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await page.getByRole('link', { name: 'Projet social de territoire Val de Saône - Dombes' }).click();
	await page.getByRole('link', { name: 'Diagnostic partagé : tables rondes insertion' }).click();
	await page.getByRole('link', { name: 'Insertion sociale / précarité' }).click();
	await expect(page.getByRole('heading', { name: /Problématiques/ })).toBeVisible();
	await expect(page.getByText(/logement/i).first()).toBeVisible();
	await expectAccessible(page, 'table de démo (animateur)');
	await screenshots(page, '07-table-demo');
	await page.goto('/projets/1/parametres');
	await expectAccessible(page, 'paramètres du projet');
	await screenshots(page, '08-parametres');
	await page.goto('/admin');
	await expectAccessible(page, 'administration');
	await page.getByRole('button', { name: 'Se déconnecter' }).click();
	await expect(page.getByRole('heading', { name: 'Connexion animateur' })).toBeVisible();
});

test('a participant can join with the keyboard alone', async ({ browser }) => {
	const ctx = await browser.newContext({ viewport: PHONE });
	const page = await ctx.newPage();
	await page.goto('/');
	// Skip link, then the code field of the home page.
	await page.keyboard.press('Tab');
	await expect(page.getByRole('link', { name: 'Aller au contenu' })).toBeFocused();
	await page.getByLabel('Code de l’atelier').focus();
	await page.keyboard.type(E2E.demoJoinCode);
	await page.keyboard.press('Enter');
	await expect(page.getByLabel('Code de l’atelier')).toHaveValue(E2E.demoJoinCode);
	await page.getByLabel('Votre nom').focus();
	await page.keyboard.type('Luc');
	await page.keyboard.press('Tab');
	await page.keyboard.type('Mairie de Trévoux');
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { name: 'Choisissez votre table' })).toBeVisible();
	await page.getByRole('link', { name: /Insertion socioprofessionnelle/ }).focus();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 1, name: 'Insertion socioprofessionnelle' })).toBeVisible();
	await expect(page.getByRole('heading', { name: /Atouts/ })).toBeVisible();
	await screenshots(page, '09-table-demo-participant');
	await ctx.close();
});

test('what a participant types before the page has finished loading is kept', async ({ browser }) => {
	const ctx = await browser.newContext({ viewport: PHONE });
	const page = await ctx.newPage();
	// A slow venue Wi-Fi: the page's JavaScript arrives only after the person has typed.
	let release!: () => void;
	const typed = new Promise<void>((resolve) => (release = resolve));
	await page.route('**/_app/immutable/**', async (route) => {
		await typed;
		await route.continue();
	});
	await page.goto('/rejoindre/K7M2PQ', { waitUntil: 'commit' });
	await page.getByLabel('Votre nom').fill('Nadia');
	await page.getByLabel('Votre structure').fill('CAF de l’Ain');
	release();
	// Hydrated: the page's script is running (the datalist of organisations is interactive).
	await page.waitForFunction(() => document.querySelector('script') && (window as unknown as { __sveltekit_dev?: unknown }).__sveltekit_dev === undefined && document.readyState === 'complete');
	await page.waitForLoadState('networkidle');
	await expect(page.getByLabel('Votre nom')).toHaveValue('Nadia');
	await expect(page.getByLabel('Votre structure')).toHaveValue('CAF de l’Ain');
	await page.getByRole('button', { name: 'Rejoindre l’atelier' }).click();
	await expect(page.getByRole('heading', { name: 'Choisissez votre table' })).toBeVisible();
	await ctx.close();
});
