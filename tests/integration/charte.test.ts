import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import type { Client } from '../helpers/http.ts';
import { decode, html, startDemo, type DemoEnvironment } from './support.ts';
import { svgToPng } from '../../src/lib/server/exports/pictures.ts';
import { Document, HeadingLevel, Packer, Paragraph } from 'docx';

// The charte graphique of a project's documents, set in its settings: the logo (checked from its
// bytes; an SVG becomes a PNG) on the plan's cover, the colour of its headings.

let demo: DemoEnvironment;
let client: Client;

beforeAll(async () => {
	demo = await startDemo();
	client = demo.facilitator;
});
afterAll(async () => demo?.close());

async function saveCharte(file: { bytes: Uint8Array | string; name: string; field?: string } | null, fields: Record<string, string> = {}) {
	const form = new FormData();
	if (file) form.append(file.field ?? 'logo', new Blob([typeof file.bytes === 'string' ? file.bytes : new Uint8Array(file.bytes)]), file.name);
	for (const [k, v] of Object.entries(fields)) form.append(k, v);
	const res = await client.request('/projets/1/parametres?/charte', { method: 'POST', body: form });
	return { status: res.status, page: decode(await html(res)) };
}

const SQUARE_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60"><rect width="120" height="60" fill="#c8102e"/><text x="10" y="38" font-size="24" fill="#fff">Ain</text></svg>';

describe('charte graphique', () => {
	it('[CH1] a PNG logo and a colour go on the plan: the logo on its cover, the headings in that colour', async () => {
		const png = svgToPng(SQUARE_SVG, 1).data;
		const saved = await saveCharte({ bytes: png, name: 'logo-ain.png' }, { couleur: '#C8102E' });
		expect(saved.status).toBe(200);
		expect(saved.page).toContain('Charte graphique enregistrée');
		const logo = await client.get('/projets/1/logo');
		expect(logo.headers.get('content-type')).toBe('image/png');
		expect(new Uint8Array(await logo.arrayBuffer())).toEqual(new Uint8Array(png));
		const docx = await JSZip.loadAsync(await (await client.get('/projets/1/plan.docx')).arrayBuffer());
		expect(Object.keys(docx.files).filter((f) => f.startsWith('word/media/'))).toHaveLength(1);
		const body = await docx.file('word/document.xml')!.async('string');
		// The picture comes before the cover's first line.
		expect(body.indexOf('<w:drawing>')).toBeLessThan(body.indexOf('Département : Ain'));
		expect(body).toContain('descr="Logo : Ain"');
		expect(await docx.file('word/styles.xml')!.async('string')).toMatch(/w:styleId="Heading1"[^]*?<w:color w:val="C8102E"/);
	});

	it('[CH2] an SVG logo is kept as a PNG; a file that is not a picture, or an SVG that reads other files, is refused in French', async () => {
		expect((await saveCharte({ bytes: SQUARE_SVG, name: 'logo.svg' })).status).toBe(200);
		const logo = await client.get('/projets/1/logo');
		expect(logo.headers.get('content-type')).toBe('image/png');
		expect([...new Uint8Array(await logo.arrayBuffer()).slice(1, 4)]).toEqual([0x50, 0x4e, 0x47]);

		const text = await saveCharte({ bytes: 'ceci n’est pas une image', name: 'logo.png' });
		expect(text.status).toBe(400);
		expect(text.page).toContain('Format de logo non reconnu : PNG, JPEG ou SVG attendu.');
		const outside = await saveCharte({ bytes: '<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd"/></svg>', name: 'logo.svg' });
		expect(outside.status).toBe(400);
		expect(outside.page).toContain('Ce SVG fait référence à des fichiers extérieurs');
		const heavy = await saveCharte({ bytes: new Uint8Array(500 * 1024 + 1).fill(0x20), name: 'logo.png' });
		expect(heavy.page).toContain('Logo trop lourd : 500 Ko au maximum.');
		const colour = await saveCharte(null, { couleur: 'rouge' });
		expect(colour.page).toContain('Couleur : un code comme #1F3864 est attendu.');
		// The SVG saved before is still the logo.
		expect((await client.get('/projets/1/logo')).status).toBe(200);
	});

	it('[CH3] the logo can be removed; the cover then has no picture', async () => {
		expect((await saveCharte(null, { retirerLogo: 'on' })).status).toBe(200);
		expect((await client.get('/projets/1/logo')).status).toBe(404);
		const docx = await JSZip.loadAsync(await (await client.get('/projets/1/plan.docx')).arrayBuffer());
		expect(Object.keys(docx.files).filter((f) => f.startsWith('word/media/'))).toHaveLength(0);
	});

	it('[CH4] a département’s Word template gives the plan its styles, is shown by name, refused in French when it is not one, and removed', async () => {
		const template = await Packer.toBuffer(
			new Document({
				styles: { default: { heading1: { run: { font: 'DejaVu Serif', size: 30, color: 'C00000' } } } },
				sections: [{ children: [new Paragraph({ heading: HeadingLevel.HEADING_1, text: 'Modèle' })] }]
			})
		);
		const saved = await saveCharte({ bytes: new Uint8Array(template), name: 'Modèle Département de l’Ain.dotx', field: 'modele' });
		expect(saved.status).toBe(200);
		expect(decode(await html(await client.get('/projets/1/parametres')))).toContain('Modèle Département de l’Ain.dotx');
		const docx = await JSZip.loadAsync(await (await client.get('/projets/1/plan.docx')).arrayBuffer());
		const styles = await docx.file('word/styles.xml')!.async('string');
		expect(styles.split('w:styleId="Heading1"')).toHaveLength(2);
		expect(styles).toMatch(/w:styleId="Heading1"[^]*?DejaVu Serif[^]*?<w:color w:val="C00000"/);
		expect(styles).toContain('w:styleId="Cellule"');

		const sheet = await saveCharte({ bytes: 'PK\u0003\u0004pas un document', name: 'plan.docx', field: 'modele' });
		expect(sheet.status).toBe(400);
		expect(sheet.page).toContain('Ce fichier Word est abîmé');

		expect((await saveCharte(null, { retirerModele: 'on' })).status).toBe(200);
		const after = await JSZip.loadAsync(await (await client.get('/projets/1/plan.docx')).arrayBuffer());
		expect(await after.file('word/styles.xml')!.async('string')).not.toContain('DejaVu Serif');
	});
});
