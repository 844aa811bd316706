import { describe, expect, it } from 'vitest';
import { Document, HeadingLevel, Packer, Paragraph } from 'docx';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { mergeStyles, readTemplate } from './docx-template.ts';
import { planToDocx } from './docx-plan.ts';
import type { PlanData } from './plan-data.ts';
import { FICHE_FIELD_KEYS } from '../../domain/fiche.ts';

/** A département's template as Word would hold it: its own Normal font and red serif headings. */
async function departementTemplate(): Promise<Uint8Array> {
	const doc = new Document({
		styles: {
			default: {
				document: { run: { font: 'Liberation Serif', size: 22 } },
				heading1: { run: { font: 'DejaVu Serif', size: 30, bold: true, color: 'C00000' } },
				heading2: { run: { font: 'DejaVu Serif', size: 26, color: 'C00000' } }
			}
		},
		sections: [{ children: [new Paragraph({ heading: HeadingLevel.HEADING_1, text: 'Modèle du Département' })] }]
	});
	return new Uint8Array(await Packer.toBuffer(doc));
}

function plan(template: { styles: string; theme: string | null }): PlanData {
	const fields = Object.fromEntries(FICHE_FIELD_KEYS.map((k) => [k, ''])) as PlanData['fiches'][number]['fields'];
	return {
		project: { id: 1, name: 'PST Bresse', territory: 'Bresse', departement: 'Ain', periodStart: 2022, periodEnd: 2028, charte: { logo: null, colour: '#1F3864', template } },
		axes: [],
		fiches: [
			{ id: 1, number: 1, axis: null, axisLabel: null, code: '1', status: 'brouillon', statusLabel: 'Brouillon', fields: { ...fields, title: 'Action' }, planning: [], periodStart: null, periodEnd: null, periodIncomplete: false }
		]
	};
}

const stylesOf = (docx: Uint8Array) => strFromU8(unzipSync(docx)['word/styles.xml']);
const count = (text: string, part: string) => text.split(part).length - 1;

describe('a département’s Word template', () => {
	it('[TPL1] the plan takes the template’s styles (its headings, the only ones of their ids) and keeps its own cell styles', async () => {
		const check = readTemplate(await departementTemplate());
		if (!check.ok) throw new Error(check.message);
		const styles = stylesOf(await planToDocx(plan(check)));
		expect(count(styles, 'w:styleId="Heading1"')).toBe(1);
		expect(styles).toMatch(/w:styleId="Heading1"[^]*?DejaVu Serif[^]*?<w:color w:val="C00000"/);
		// The charte's colour gives way to the template's headings.
		expect(styles).not.toContain('1F3864');
		// The template's default font, and Tablée's compact cell styles it did not have.
		expect(styles).toContain('Liberation Serif');
		for (const id of ['Cellule', 'CellulePetite', 'Libelle', 'Heading3']) expect(count(styles, `w:styleId="${id}"`)).toBe(1);
	});

	it('[TPL2] only the styles of ids the template lacks are added, at its end', () => {
		const template = '<?xml version="1.0"?><w:styles xmlns:w="w"><w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal"/></w:style></w:styles>';
		const ours = '<w:styles><w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="autre"/></w:style><w:style w:type="paragraph" w:styleId="Cellule"/></w:styles>';
		expect(mergeStyles(template, ours)).toBe(
			'<?xml version="1.0"?><w:styles xmlns:w="w"><w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="Cellule"/></w:styles>'
		);
	});

	it('[TPL3] refuses in French what is not a Word template, an old .doc, a spreadsheet, a DOCTYPE, and what is too heavy', async () => {
		const message = (bytes: Uint8Array) => {
			const r = readTemplate(bytes);
			return r.ok ? 'accepté' : r.message;
		};
		expect(message(new Uint8Array())).toBe('Le fichier du modèle est vide.');
		expect(message(strToU8('Bonjour'))).toContain('un fichier .docx ou .dotx est attendu');
		expect(message(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toContain('Ancien format Word');
		const sheet = zipSync({ '[Content_Types].xml': strToU8('<Types><Override ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>') });
		expect(message(sheet)).toContain('n’est pas un document Word');
		const files = unzipSync(await departementTemplate());
		files['word/styles.xml'] = strToU8('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><w:styles><w:style w:styleId="a"/></w:styles>');
		expect(message(zipSync(files))).toContain('DOCTYPE');
		expect(message(new Uint8Array(2 * 1024 * 1024 + 1))).toContain('2 Mo au maximum');
		// A zip bomb's styles: refused from the size the archive announces, before inflating them.
		const bomb = unzipSync(await departementTemplate());
		bomb['word/styles.xml'] = new Uint8Array(3 * 1024 * 1024).fill(0x20);
		expect(message(zipSync(bomb, { level: 9 }))).toContain('démesurés');
	});
});
