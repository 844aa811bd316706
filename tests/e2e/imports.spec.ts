import { expect, test } from '@playwright/test';
import { expectAccessible, LAPTOP, PHONE, PROJECTOR, signInFacilitator } from './helpers';
import { mkdirSync } from 'node:fs';

// Importing fiches from a spreadsheet: the preview (nothing written), its per-line errors, the
// question about fiches already in the project, and the plan's period read from the calendar.

/** A French Excel CSV: ";" and Windows-1252 (é as Latin-1, ’ as 0x92). */
function excelCsv(lines: string[]): Buffer {
	const text = lines.join('\r\n') + '\r\n';
	return Buffer.from([...text].map((c) => (c === '’' ? 0x92 : c.charCodeAt(0))));
}

test('a spreadsheet is previewed, its errors listed by line, then imported with the existing fiches skipped', async ({ browser }) => {
	const { ctx, page } = await signInFacilitator(browser, LAPTOP);
	// A project of its own, so the demo plan other specs count stays as it is.
	await page.goto('/projets/nouveau');
	await page.getByLabel('Nom du projet').fill('PST Bresse (import)');
	await page.getByLabel('Département').fill('Ain');
	await page.getByLabel('Direction de territoire').fill('DT Bresse');
	await page.getByRole('button', { name: /Créer le projet/ }).click();
	await page.waitForURL(/\/projets\/\d+$/);
	const projectUrl = new URL(page.url()).pathname;

	await page.goto(`${projectUrl}/fiches`);
	const input = page.getByLabel('Fichier', { exact: true });
	await input.setInputFiles({
		name: 'plan-bresse.csv',
		mimeType: 'text/csv',
		buffer: excelCsv([
			'N°;Axe;Intitulé de l’action;Porteur de l’action;Statut;Quoi;Calendrier prévisionnel',
			'1;INS;Accès aux droits numériques;CDS Bourg;Validée;Repérer les lieux d’accueil;sept-24',
			'1;;;;;Former les agents;mai-juin et juillet 2025',
			'2;INS;Mobilité des jeunes;CDS Bourg;Finie;;'
		])
	});
	await page.getByRole('button', { name: 'Prévisualiser' }).click();

	const preview = page.getByRole('region', { name: /^Aperçu de « plan-bresse.csv »/ });
	await expect(preview).toContainText('1 fiche lue');
	await expect(preview).toContainText('Windows-1252 (Excel français)');
	await expect(preview.getByRole('alert')).toContainText('Ligne 4 : statut « Finie » inconnu');
	await expect(preview.getByRole('button', { name: /^Importer/ })).toHaveCount(0);
	await expectAccessible(page, 'aperçu avec erreurs');

	// Corrected file: one line more, and the first fiche is already there once imported.
	await page.getByLabel('Autre fichier').setInputFiles({
		name: 'plan-bresse.csv',
		mimeType: 'text/csv',
		buffer: excelCsv([
			'N°;Axe;Intitulé de l’action;Porteur de l’action;Statut;Quoi;Calendrier prévisionnel',
			'1;INS;Accès aux droits numériques;CDS Bourg;Validée;Repérer les lieux d’accueil;sept-24',
			'1;;;;;Former les agents;mai-juin et juillet 2025',
			'2;INS;Mobilité des jeunes;CDS Bourg;Validée;;'
		])
	});
	await page.getByRole('button', { name: 'Prévisualiser' }).click();
	const table = preview.getByRole('table', { name: 'Fiches lues dans le fichier' });
	await expect(table.getByRole('row')).toHaveCount(3);
	await expect(table.getByRole('row').nth(1)).toContainText('1/INS');
	await expect(table.getByRole('row').nth(1)).toContainText('2');
	await preview.getByRole('button', { name: 'Importer 2 fiches' }).click();
	await expect(page.locator('.alert.success')).toHaveText('2 fiches importées.');
	// The sommaire shows the period read from "sept-24" … "juillet 2025".
	await expect(page.getByRole('row', { name: /Accès aux droits numériques/ })).toContainText('2024-2025');

	// The same file again: the two fiches are found, and the question is asked.
	await page.getByLabel('Fichier', { exact: true }).setInputFiles({ name: 'plan-bresse.csv', mimeType: 'text/csv', buffer: excelCsv(['Intitulé de l’action;Porteur de l’action', 'Accès aux droits numériques;CDS Bourg', 'Nouvelle action;CDS Bourg']) });
	await page.getByRole('button', { name: 'Prévisualiser' }).click();
	await expect(preview).toContainText('1 est déjà dans le projet.');
	const question = preview.getByRole('group', { name: /1 fiche est déjà dans le projet/ });
	await expect(question.getByRole('radio')).toHaveCount(3);
	await expectAccessible(page, 'aperçu avec doublons');
	mkdirSync('tests/e2e/screenshots', { recursive: true });
	for (const [size, vp] of [['phone', PHONE], ['laptop', LAPTOP], ['projector', PROJECTOR]] as const) {
		await page.setViewportSize(vp);
		await preview.screenshot({ path: `tests/e2e/screenshots/import-preview-${size}.png` });
	}
	await page.setViewportSize(LAPTOP);
	// With the keyboard: choose "ignore" and confirm.
	await question.getByRole('radio', { name: /Les ignorer/ }).focus();
	await page.keyboard.press('Space');
	await preview.getByRole('button', { name: 'Importer 2 fiches' }).press('Enter');
	await expect(page.locator('.alert.success')).toHaveText('1 fiche importée, 1 déjà présente, ignorée.');
	await expect(page.getByRole('row', { name: /Accès aux droits numériques/ })).toHaveCount(1);
	await ctx.close();
});
