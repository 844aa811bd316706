import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { expectAccessible, signInFacilitator } from './helpers';
import fixture from '../../src/lib/server/demo/fixtures/fiches-val-de-saone-dombes.json' with { type: 'json' };

/** The words of a text a reader would look for (five letters or more). */
function words(s: string): string[] {
	return s.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 5);
}

// The printable plan as Chromium's "Enregistrer en PDF" makes it (page.pdf, the print media and
// the page's own @page size), read back page by page with pdftotext.

test('the printable plan prints as numbered A4 pages: no heading ends a page, no planning row is cut', async ({ browser }) => {
	const { ctx, page } = await signInFacilitator(browser);
	await page.goto('/projets/1/plan/imprimer');
	await expect(page.getByRole('heading', { level: 2, name: 'Sommaire des actions' })).toBeVisible();
	await expectAccessible(page, 'plan imprimable');
	await page.emulateMedia({ media: 'print' });
	const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
	const file = join(mkdtempSync(join(tmpdir(), 'tablee-print-')), 'plan.pdf');
	writeFileSync(file, pdf);
	const pages = execFileSync('pdftotext', ['-enc', 'UTF-8', '-layout', file, '-'], { encoding: 'utf8' }).split('\f').slice(0, -1);
	expect(pages.length).toBeGreaterThan(20);

	pages.forEach((text, i) => {
		const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
		// The @page footer: "Page n / total".
		expect(lines.at(-1), `page ${i + 1}`).toBe(`Page ${i + 1} / ${pages.length}`);
		// The last line before the footer is never a heading left alone at the bottom.
		const last = lines.at(-2) ?? '';
		expect(last, `page ${i + 1}`).not.toMatch(/^Planning et échéancier|^Fiche-action n°/);
	});
	// Every fiche starts a page of its own.
	for (let n = 1; n <= 20; n++) {
		const holder = pages.findIndex((p) => new RegExp(`Fiche-action n° ${n}/(COOR|INS) :`).test(p));
		expect(holder, `fiche ${n}`).toBeGreaterThan(0);
		const before = pages[holder].split(`Fiche-action n° ${n}/`)[0];
		expect(before.trim(), `fiche ${n} opens its page`).toBe('');
	}
	// Every planning row whole on one page: all its words on a page of its fiche.
	const pageWords = pages.map((p) => new Set(words(p)));
	for (const f of fixture.fiches) {
		const first = pages.findIndex((p) => p.includes(`Fiche-action n° ${f.code} :`));
		const next = pages.findIndex((p, i) => i > first && p.includes('Fiche-action n° '));
		for (const row of f.planning as Record<string, string>[]) {
			const rowWords = Object.values(row).flatMap(words);
			const holders = pageWords.slice(first, next === -1 ? pages.length : next).filter((set) => rowWords.every((w) => set.has(w)));
			expect(holders.length, `${f.code}: ${row.quoi.slice(0, 40)}`).toBeGreaterThanOrEqual(1);
		}
	}
	await ctx.close();
});
