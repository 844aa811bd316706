import { HeadingLevel, Paragraph, TableRow, TextRun } from 'docx';
import { BILAN_OUTCOMES } from '../../domain/bilan.ts';
import { CELL, CONTENT_WIDTH, cell, cleanText, headerRow, packDocument, pageSection, table, textParagraphs } from '../exports/docx-plan.ts';
import type { loadBilan } from './bilan.service.ts';

// The "Bilan du projet 20xx-20xx" chapter as Word: the headline figure, the figures per axis, why
// some actions were not (fully) done, the examples of successes, then every action with its
// verdict. It opens the next plan's document, as the Ain's 2022-2028 plan opens with the bilan of
// 2014-2019. Built with the plan export's styles and helpers.

type Bilan = Awaited<ReturnType<typeof loadBilan>>;

const w = (shares: number[]) => {
	const total = shares.reduce((a, b) => a + b, 0);
	return shares.map((s) => Math.floor((CONTENT_WIDTH * s) / total));
};

function row(values: (string | number)[], widths: number[]): TableRow {
	return new TableRow({ cantSplit: true, children: values.map((v, i) => cell(textParagraphs(String(v), CELL), widths[i])) });
}

export function bilanToDocx(bilan: Bilan, options: { colour?: string } = {}): Promise<Buffer> {
	const s = bilan.summary;
	const title = `Bilan du projet ${bilan.period}`;
	const children: (Paragraph | ReturnType<typeof table>)[] = [
		new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(cleanText(title))] }),
		new Paragraph({ children: [new TextRun({ text: cleanText(`${bilan.project.name} · ${bilan.project.territory}`), italics: true })] }),
		new Paragraph({ children: [new TextRun({ text: cleanText(s.headline), bold: true })] })
	];

	children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('Les actions par axe')] }));
	const axisWidths = w([34, 12, 12, 14, 14, 14]);
	children.push(
		table(
			[
				headerRow(['Axe', 'Actions', 'Réalisées', 'Partiellement', 'Non réalisées', 'Mises en œuvre'], axisWidths),
				...s.byAxis.map((a) => row([a.label, a.total, a.realisee, a.partielle, a.non_realisee, `${a.pctMisesEnOeuvre} %`], axisWidths)),
				row(['Ensemble du projet', s.total, s.counts.realisee, s.counts.partielle, s.counts.non_realisee, `${s.pctMisesEnOeuvre} %`], axisWidths)
			],
			axisWidths
		)
	);

	children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('Pourquoi certaines actions n’ont pas été réalisées')] }));
	if (!s.reasons.length && !s.withoutReason.length) children.push(new Paragraph({ children: [new TextRun('Toutes les actions ont été réalisées.')] }));
	for (const r of s.reasons) {
		children.push(new Paragraph({ children: [new TextRun({ text: cleanText(r.reason), bold: true }), new TextRun(` : ${r.count} action${r.count > 1 ? 's' : ''}`)] }));
		for (const a of r.actions) children.push(new Paragraph({ bullet: { level: 0 }, children: [new TextRun(cleanText(a))] }));
	}
	if (s.withoutReason.length) {
		children.push(new Paragraph({ children: [new TextRun({ text: 'Raison non renseignée', bold: true }), new TextRun(` : ${s.withoutReason.length} action${s.withoutReason.length > 1 ? 's' : ''}`)] }));
		for (const a of s.withoutReason) children.push(new Paragraph({ bullet: { level: 0 }, children: [new TextRun(cleanText(a))] }));
	}

	children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('Exemples de réussites')] }));
	if (!s.successes.length) children.push(new Paragraph({ children: [new TextRun('Aucun exemple retenu.')] }));
	for (const x of s.successes) {
		children.push(new Paragraph({ heading: HeadingLevel.HEADING_3, children: [new TextRun(cleanText(x.label))] }));
		if (x.text) children.push(...textParagraphs(x.text));
	}

	children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('Le bilan action par action')] }));
	const listWidths = w([12, 40, 22, 14, 22]);
	children.push(
		table(
			[
				headerRow(['N°', 'Action', 'Porteur', 'Bilan', 'Raison'], listWidths),
				...bilan.rows.map((r) => row([r.code ?? '', r.title, r.porteur, BILAN_OUTCOMES[r.outcome], r.reason ?? ''], listWidths))
			],
			listWidths
		)
	);
	return packDocument([pageSection(children, title)], { title, subject: bilan.project.name, colour: options.colour });
}
