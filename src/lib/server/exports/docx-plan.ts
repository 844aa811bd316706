import {
	AlignmentType,
	Document,
	Footer,
	Header,
	HeadingLevel,
	Packer,
	PageNumber,
	PageOrientation,
	Paragraph,
	ShadingType,
	Table,
	TableCell,
	TableLayoutType,
	TableRow,
	TextRun,
	VerticalAlignTable,
	WidthType,
	type ISectionOptions,
	type IStylesOptions
} from 'docx';
import { FICHE_FIELDS, PLANNING_COLUMNS, PLANNING_PHASES } from '../../domain/fiche.ts';
import type { PlanData, PlanFiche } from './plan-data.ts';

// The published plan as a Word document (A4 portrait, French): a cover, the "Sommaire des
// actions", then every fiche on its own page in the département's layout (the two-column table of
// labelled fields, then the six-column planning table). Also one fiche alone. The helpers at the
// end (page geometry, styles, header and footer, file name and HTTP answer) serve the workshop's
// restitution report too.

// ---------------------------------------------------------------------------------------------
// Page geometry (twips: 1/20 pt; 1 cm = 567)

const CM = 567;
export const A4 = { width: 11906, height: 16838 };
export const MARGIN = 2 * CM;
/** Width between the margins. */
export const CONTENT_WIDTH = A4.width - 2 * MARGIN;

const LABEL_FILL = 'DCE6F0';
const HEADER_FILL = 'BDD0E5';
const SMALL = 18; // 9 pt, in half-points

// ---------------------------------------------------------------------------------------------
// Text

/**
 * Characters XML 1.0 cannot hold (pasted from other programs: Word's vertical tab is its line
 * break) — a single one makes the whole file unreadable. Line and page feeds become line ends.
 */
export function cleanText(text: string): string {
	// eslint-disable-next-line no-control-regex
	return text.replace(/[\v\f]/g, '\n').replace(/[\u0000-\u0008\u000E-\u001F\uFFFE\uFFFF]/g, '');
}

/** Paragraph styles of table cells (defined in STYLES: a style per paragraph is lighter than run properties per run). */
export const CELL = 'Cellule';
export const CELL_BOLD = 'CelluleGras';
export const SMALL_CELL = 'CellulePetite';
export const SMALL_CELL_BOLD = 'CellulePetiteGras';

/** A value as paragraphs, one per line (an empty value gives one empty paragraph: a cell needs one). */
export function textParagraphs(value: string, style: string = CELL): Paragraph[] {
	const lines = cleanText(value).replace(/\r\n?/g, '\n').replace(/\s+$/, '').split('\n');
	return lines.map((line) => new Paragraph({ style, children: line ? [new TextRun(line)] : [] }));
}

const FRENCH_DAY = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' });

/** 22 novembre 2026 (the day in France). */
export function frenchDate(date: Date): string {
	return FRENCH_DAY.format(date);
}

// ---------------------------------------------------------------------------------------------
// Tables

export function cell(children: Paragraph[], width: number, options: { fill?: string } = {}): TableCell {
	return new TableCell({
		children,
		width: { size: width, type: WidthType.DXA },
		shading: options.fill ? { type: ShadingType.CLEAR, fill: options.fill, color: 'auto' } : undefined
	});
}

/** The header row of a table, repeated at the top of each page it runs over. */
export function headerRow(labels: readonly string[], widths: readonly number[], style = CELL_BOLD): TableRow {
	return new TableRow({
		tableHeader: true,
		cantSplit: true,
		children: labels.map((label, i) =>
			new TableCell({
				children: [new Paragraph({ style, children: [new TextRun(label)] })],
				width: { size: widths[i], type: WidthType.DXA },
				verticalAlign: VerticalAlignTable.CENTER,
				shading: { type: ShadingType.CLEAR, fill: HEADER_FILL, color: 'auto' }
			})
		)
	});
}

export function table(rows: TableRow[], widths: readonly number[]): Table {
	return new Table({
		rows,
		width: { size: widths.reduce((s, w) => s + w, 0), type: WidthType.DXA },
		columnWidths: [...widths],
		layout: TableLayoutType.FIXED,
		margins: { top: 60, bottom: 60, left: 100, right: 100 }
	});
}

// ---------------------------------------------------------------------------------------------
// The plan

export interface PlanDocxOptions {
	/** Cover page and "Sommaire des actions" (the whole plan); without, the fiches alone. */
	withFrontMatter?: boolean;
	/** The day printed on the cover (default: today). */
	date?: Date;
}

export function ficheHeading(fiche: PlanFiche): string {
	return fiche.code ? `Fiche-action n° ${fiche.code}` : 'Fiche-action (sans numéro)';
}

export function ficheTitle(fiche: PlanFiche): string {
	return fiche.fields.title.trim() || 'Fiche sans intitulé';
}

function cover(plan: PlanData, date: Date): Paragraph[] {
	const { project } = plan;
	const line = (text: string, size: number, options: { bold?: boolean; before?: number; color?: string } = {}) =>
		new Paragraph({
			alignment: AlignmentType.CENTER,
			spacing: { before: options.before ?? 0, after: 240 },
			children: [new TextRun({ text: cleanText(text), size, bold: options.bold, color: options.color })]
		});
	return [
		line(`Département : ${project.departement}`, 28, { before: 2400, color: '44546A' }),
		line(project.name, 48, { bold: true, before: 1200 }),
		line('Projet social de territoire', 36, { before: 240 }),
		line(project.territory, 32, { bold: true, before: 480 }),
		line(`${project.periodStart}-${project.periodEnd}`, 32, { before: 240 }),
		line(`${plan.fiches.length} fiche${plan.fiches.length > 1 ? 's' : ''}-action${plan.fiches.length > 1 ? 's' : ''}`, 24, { before: 1200, color: '44546A' }),
		line(`Document édité le ${frenchDate(date)}`, 22, { before: 240, color: '44546A' })
	];
}

const SOMMAIRE_WIDTHS = [Math.round(CONTENT_WIDTH * 0.55), Math.round(CONTENT_WIDTH * 0.15)];
SOMMAIRE_WIDTHS.push(CONTENT_WIDTH - SOMMAIRE_WIDTHS[0] - SOMMAIRE_WIDTHS[1]);

function sommaire(plan: PlanData): (Paragraph | Table)[] {
	const rows = plan.fiches.map(
		(f) =>
			new TableRow({
				cantSplit: true,
				children: [
					cell(textParagraphs(ficheTitle(f)), SOMMAIRE_WIDTHS[0]),
					cell(textParagraphs(f.code ?? '—', CELL_BOLD), SOMMAIRE_WIDTHS[1]),
					cell(textParagraphs(f.fields.porteur), SOMMAIRE_WIDTHS[2])
				]
			})
	);
	return [
		new Paragraph({ heading: HeadingLevel.HEADING_1, text: 'Sommaire des actions' }),
		plan.fiches.length
			? table([headerRow(['Nom de l’action', 'N° action', 'Porteur'], SOMMAIRE_WIDTHS), ...rows], SOMMAIRE_WIDTHS)
			: new Paragraph({ text: 'Aucune fiche-action dans ce plan.' })
	];
}

const FIELD_WIDTHS = [Math.round(CONTENT_WIDTH * 0.3)];
FIELD_WIDTHS.push(CONTENT_WIDTH - FIELD_WIDTHS[0]);

function fieldsTable(fiche: PlanFiche): Table {
	const rows = FICHE_FIELDS.map(
		({ key, label }) =>
			new TableRow({
				children: [
					cell(textParagraphs(label, CELL_BOLD), FIELD_WIDTHS[0], { fill: LABEL_FILL }),
					cell(textParagraphs(fiche.fields[key] ?? ''), FIELD_WIDTHS[1])
				]
			})
	);
	return table(rows, FIELD_WIDTHS);
}

// Quoi | Qui et avec qui | Comment | Calendrier prévisionnel | Date réalisation | Principaux éléments
const PLANNING_SHARES = [0.22, 0.16, 0.16, 0.14, 0.12];
const PLANNING_WIDTHS = PLANNING_SHARES.map((s) => Math.round(CONTENT_WIDTH * s));
PLANNING_WIDTHS.push(CONTENT_WIDTH - PLANNING_WIDTHS.reduce((s, w) => s + w, 0));

function planningTable(fiche: PlanFiche): Table | Paragraph {
	if (!fiche.planning.length) return new Paragraph({ children: [new TextRun({ text: 'Aucune étape planifiée.', italics: true })] });
	const rows = fiche.planning.map((row) => {
		const cells = PLANNING_COLUMNS.map(({ key }, i) => {
			const paragraphs = textParagraphs(row.cells[key] ?? '', SMALL_CELL);
			if (key === 'quoi' && row.phase) {
				const phase = new Paragraph({ style: SMALL_CELL_BOLD, children: [new TextRun(PLANNING_PHASES[row.phase])] });
				const rest = row.cells.quoi.trim() ? paragraphs : [];
				return cell([phase, ...rest], PLANNING_WIDTHS[i]);
			}
			return cell(paragraphs, PLANNING_WIDTHS[i]);
		});
		return new TableRow({ children: cells });
	});
	return table([headerRow(PLANNING_COLUMNS.map((c) => c.label), PLANNING_WIDTHS, SMALL_CELL_BOLD), ...rows], PLANNING_WIDTHS);
}

function ficheSection(fiche: PlanFiche, pageBreakBefore: boolean): (Paragraph | Table)[] {
	return [
		new Paragraph({ heading: HeadingLevel.HEADING_1, pageBreakBefore, keepNext: true, text: ficheHeading(fiche) }),
		new Paragraph({ heading: HeadingLevel.HEADING_2, keepNext: true, children: [new TextRun(cleanText(ficheTitle(fiche)))] }),
		fieldsTable(fiche),
		new Paragraph({ heading: HeadingLevel.HEADING_3, keepNext: true, spacing: { before: 360 }, text: 'Planning et échéancier · Suivi de l’action' }),
		planningTable(fiche)
	];
}

/** The whole plan (cover, sommaire, every fiche) or, with `withFrontMatter: false`, its fiches alone. */
export async function planToDocx(plan: PlanData, options: PlanDocxOptions = {}): Promise<Buffer> {
	const withFrontMatter = options.withFrontMatter ?? true;
	const body: (Paragraph | Table)[] = [];
	if (withFrontMatter) body.push(...sommaire(plan));
	// After the sommaire every fiche starts a page; alone, the first one opens the document.
	plan.fiches.forEach((f, i) => body.push(...ficheSection(f, withFrontMatter || i > 0)));
	if (!body.length) body.push(new Paragraph({ text: 'Aucune fiche-action.' }));

	const sections: ISectionOptions[] = [];
	if (withFrontMatter) sections.push(coverSection(cover(plan, options.date ?? new Date())));
	sections.push(pageSection(body, plan.project.name));
	const single = !withFrontMatter && plan.fiches.length === 1 ? plan.fiches[0] : null;
	return packDocument(sections, {
		title: single ? `${ficheHeading(single)} – ${ficheTitle(single)}` : `${plan.project.name} – Plan d’actions`,
		subject: `Projet social de territoire ${plan.project.periodStart}-${plan.project.periodEnd}`
	});
}

/** One fiche (or a few), as in the plan, without cover nor sommaire. */
export function ficheToDocx(plan: PlanData): Promise<Buffer> {
	return planToDocx(plan, { withFrontMatter: false });
}

// ---------------------------------------------------------------------------------------------
// Document, sections, styles (shared with the restitution report)

export const STYLES: IStylesOptions = {
	default: {
		document: { run: { font: 'Calibri', size: 21, language: { value: 'fr-FR' } }, paragraph: { spacing: { after: 60 } } },
		heading1: { run: { font: 'Calibri', size: 32, bold: true, color: '1F3864' }, paragraph: { spacing: { before: 240, after: 120 } } },
		heading2: { run: { font: 'Calibri', size: 26, bold: true, color: '2F5496' }, paragraph: { spacing: { before: 120, after: 120 } } },
		heading3: { run: { font: 'Calibri', size: 22, bold: true, color: '2F5496' }, paragraph: { spacing: { before: 200, after: 80 } } }
	},
	paragraphStyles: [
		{ id: CELL, name: 'Cellule', basedOn: 'Normal', quickFormat: true, paragraph: { spacing: { after: 40 } } },
		{ id: CELL_BOLD, name: 'Cellule gras', basedOn: CELL, quickFormat: true, run: { bold: true } },
		{ id: SMALL_CELL, name: 'Cellule petite', basedOn: CELL, quickFormat: true, run: { size: SMALL } },
		{ id: SMALL_CELL_BOLD, name: 'Cellule petite gras', basedOn: SMALL_CELL, quickFormat: true, run: { bold: true } }
	]
};

const PAGE = {
	size: { width: A4.width, height: A4.height, orientation: PageOrientation.PORTRAIT },
	margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN, header: CM, footer: CM }
};

function emptyHeader() {
	return new Header({ children: [new Paragraph({})] });
}
function emptyFooter() {
	return new Footer({ children: [new Paragraph({})] });
}

/** A page of its own without header nor footer (a cover). */
export function coverSection(children: (Paragraph | Table)[]): ISectionOptions {
	return { properties: { page: PAGE }, headers: { default: emptyHeader() }, footers: { default: emptyFooter() }, children };
}

/** Pages with `headerText` at the top and "Page n / total" at the bottom. */
export function pageSection(children: (Paragraph | Table)[], headerText: string): ISectionOptions {
	return {
		properties: { page: PAGE },
		headers: {
			default: new Header({
				children: [
					new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: cleanText(headerText), size: 16, color: '595959' })] })
				]
			})
		},
		footers: {
			default: new Footer({
				children: [
					new Paragraph({
						alignment: AlignmentType.CENTER,
						children: [new TextRun({ size: 16, color: '595959', children: ['Page ', PageNumber.CURRENT, ' / ', PageNumber.TOTAL_PAGES] })]
					})
				]
			})
		},
		children
	};
}

export function packDocument(sections: ISectionOptions[], meta: { title: string; subject?: string }): Promise<Buffer> {
	const doc = new Document({
		creator: 'Tablée',
		title: cleanText(meta.title),
		subject: meta.subject ? cleanText(meta.subject) : undefined,
		styles: STYLES,
		sections
	});
	return Packer.toBuffer(doc);
}

// ---------------------------------------------------------------------------------------------
// The HTTP answer
