import { expect, test } from '@playwright/test';
import { expectAccessible, LAPTOP, PHONE, signInFacilitator } from './helpers';
import { mkdirSync } from 'node:fs';
import { Document, HeadingLevel, Packer, Paragraph } from 'docx';

// The charte graphique in a project's settings: a logo uploaded, shown back, and a wrong file
// refused with the reason.

const LOGO_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="64"><rect width="160" height="64" rx="8" fill="#c8102e"/><text x="18" y="42" font-size="28" fill="#fff" font-family="sans-serif">Ain</text></svg>';

test('a logo and a colour are set for the documents, and a file that is not a picture is refused', async ({ browser }) => {
	const { ctx, page } = await signInFacilitator(browser, LAPTOP);
	await page.goto('/projets/nouveau');
	await page.getByLabel('Nom du projet').fill('PST Bugey (charte)');
	await page.getByLabel('Département').fill('Ain');
	await page.getByLabel('Direction de territoire').fill('DT Bugey');
	await page.getByRole('button', { name: /Créer le projet/ }).click();
	await page.waitForURL(/\/projets\/\d+$/);
	const projectUrl = new URL(page.url()).pathname;
	await page.goto(`${projectUrl}/parametres`);

	const charte = page.getByRole('region', { name: 'Charte graphique des documents' });
	await charte.getByLabel('Logo', { exact: true }).setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('pas une image') });
	await charte.getByRole('button', { name: 'Enregistrer la charte' }).click();
	await expect(page.getByRole('alert')).toHaveText('Format de logo non reconnu : PNG, JPEG ou SVG attendu.');

	await page.getByRole('region', { name: 'Charte graphique des documents' }).getByLabel('Logo', { exact: true }).setInputFiles({ name: 'logo-ain.svg', mimeType: 'image/svg+xml', buffer: Buffer.from(LOGO_SVG) });
	await page.getByLabel('Couleur des titres').fill('#c8102e');
	await page.getByRole('button', { name: 'Enregistrer la charte' }).click();
	await expect(page.locator('.alert.success')).toHaveText('Charte graphique enregistrée : elle s’applique aux documents du plan.');
	const shown = page.getByRole('img', { name: 'Logo actuel du projet' });
	await expect(shown).toBeVisible();
	// The SVG came back as a PNG the browser decodes.
	expect(await shown.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
	await expect(page.getByLabel('Couleur des titres')).toHaveValue('#c8102e');

	// The département's Word template: a spreadsheet is refused with the reason, a .dotx is kept and named.
	const template = await Packer.toBuffer(
		new Document({
			styles: { default: { heading1: { run: { font: 'DejaVu Serif', color: 'C00000' } } } },
			sections: [{ children: [new Paragraph({ heading: HeadingLevel.HEADING_1, text: 'Modèle' })] }]
		})
	);
	await page.getByLabel('Modèle Word', { exact: true }).setInputFiles({ name: 'budget.docx', mimeType: 'application/octet-stream', buffer: Buffer.from('Colonne A;Colonne B') });
	await page.getByRole('button', { name: 'Enregistrer la charte' }).click();
	await expect(page.getByRole('alert')).toHaveText('Ce fichier n’est pas un modèle Word : un fichier .docx ou .dotx est attendu.');
	await page.getByLabel('Modèle Word', { exact: true }).setInputFiles({ name: 'Modèle CD01.dotx', mimeType: 'application/octet-stream', buffer: template });
	await page.getByRole('button', { name: 'Enregistrer la charte' }).click();
	await expect(page.locator('.alert.success')).toHaveText('Charte graphique enregistrée : elle s’applique aux documents du plan.');
	await expect(page.getByText('Modèle actuel : Modèle CD01.dotx')).toBeVisible();
	await expect(page.getByLabel('Retirer le modèle')).not.toBeChecked();
	await expectAccessible(page, 'charte graphique');
	mkdirSync('tests/e2e/screenshots', { recursive: true });
	await page.getByRole('region', { name: 'Charte graphique des documents' }).screenshot({ path: 'tests/e2e/screenshots/charte-laptop.png' });
	await page.setViewportSize(PHONE);
	await page.getByRole('region', { name: 'Charte graphique des documents' }).screenshot({ path: 'tests/e2e/screenshots/charte-phone.png' });
	await ctx.close();
});
