import {
	AlignmentType,
	Bookmark,
	Document,
	Footer,
	Header,
	HeadingLevel,
	ImageRun,
	Packer,
	PageNumber,
	PageOrientation,
	PageReference,
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
import type { ExportProgress, ExportStep } from './export-progress.ts';
import { applyTemplate, type DocxTemplate } from './docx-template.ts';

// The published plan as a Word document (A4 portrait, French): a cover, the "Sommaire des
// actions" grouped by axis with each fiche's page (PAGEREF fields to a bookmark on its heading,
// which Word and LibreOffice compute), then every fiche on its own page in the département's
// layout (the two-column table of labelled fields, then the six-column planning table). Type
// sizes and cell margins are those of the published plan, compact enough that a fiche of the
// usual length holds on one page; no table row is split across pages, the planning's header row
// is repeated on each page it runs over, and headings stay with what follows. Also one fiche alone. The helpers at the
// end (page geometry, styles, header and footer, file name and HTTP answer) serve the workshop's
// restitution report too.

// ---------------------------------------------------------------------------------------------
// Page geometry (twips: 1/20 pt; 1 cm = 567)

const CM = 567;
export const A4 = { width: 11906, height: 16838 };
export const MARGIN = Math.round(1.3 * CM);
/** Width between the margins. */
export const CONTENT_WIDTH = A4.width - 2 * MARGIN;

const LABEL_FILL = 'DCE6F0';
const HEADER_FILL = 'BDD0E5';
const SMALL = 16; // 8 pt, in half-points
const BODY = 18; // 9 pt

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
/** A field's label in the fiche's table: bold, a size below the text. */
export const LABEL = 'Libelle';

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
		margins: { top: 30, bottom: 30, left: 80, right: 80 }
	});
}

// ---------------------------------------------------------------------------------------------
// The plan

export interface PlanDocxOptions {
	/** Cover page and "Sommaire des actions" (the whole plan); without, the fiches alone. */
	withFrontMatter?: boolean;
	/** The day printed on the cover (default: today). */
	date?: Date;
	/** Told as the fiches are laid out, then written (the export worker passes it to the page). */
	onProgress?: (p: ExportProgress) => void;
}

/**
 * Counts `total` items of a step for `onProgress`, telling it about fifty times at most (a
 * message per fiche of a 186-fiche plan would be more than the page needs).
 */
export function stepCounter(step: ExportStep, total: number, onProgress?: (p: ExportProgress) => void): (done: number) => void {
	if (!onProgress || total <= 0) return () => {};
	let told = -1;
	return (done) => {
		const bucket = Math.floor((done * 50) / total);
		if (bucket === told && done < total) return;
		told = bucket;
		onProgress({ step, done, total });
	};
}

/**
 * Calls `onWritten` when docx writes `block` out to XML (Packer does it block after block, in
 * the document's order): how the writing of a long plan is counted.
 */
export function whenWritten<T extends Paragraph | Table>(block: T, onWritten: () => void): T {
	const prep = block.prepForXml.bind(block);
	block.prepForXml = (context) => {
		onWritten();
		return prep(context);
	};
	return block;
}

export function ficheHeading(fiche: PlanFiche): string {
	return fiche.code ? `Fiche-action n° ${fiche.code}` : 'Fiche-action (sans numéro)';
}

export function ficheTitle(fiche: PlanFiche): string {
	return fiche.fields.title.trim() || 'Fiche sans intitulé';
}

/** The project's logo at the top of the cover: at most 6 cm wide and 3 cm high. */
function coverLogo(plan: PlanData): Paragraph[] {
	const logo = plan.project.charte?.logo;
	if (!logo) return [];
	const scale = Math.min(227 / logo.width, 113 / logo.height, 1.5);
	return [
		new Paragraph({
			alignment: AlignmentType.CENTER,
			children: [
				new ImageRun({
					type: logo.type,
					data: logo.data,
					transformation: { width: Math.round(logo.width * scale), height: Math.round(logo.height * scale) },
					altText: { name: 'Logo', description: `Logo : ${plan.project.departement}`, title: 'Logo' }
				})
			]
		})
	];
}

function cover(plan: PlanData, date: Date): Paragraph[] {
	const { project } = plan;
	const colour = headingColour(plan);
	const line = (text: string, size: number, options: { bold?: boolean; before?: number; color?: string } = {}) =>
		new Paragraph({
			alignment: AlignmentType.CENTER,
			spacing: { before: options.before ?? 0, after: 240 },
			children: [new TextRun({ text: cleanText(text), size, bold: options.bold, color: options.color })]
		});
	return [
		...coverLogo(plan),
		line(`Département : ${project.departement}`, 28, { before: project.charte?.logo ? 600 : 2400, color: '44546A' }),
		line(project.name, 48, { bold: true, before: 1200, color: colour }),
		// The kind of plan, unless its name already says it ("Projet social de territoire Bresse").
		...(/projet social de territoire/i.test(project.name) ? [] : [line('Projet social de territoire', 36, { before: 240 })]),
		line(project.territory, 32, { bold: true, before: 480 }),
		line(`${project.periodStart}-${project.periodEnd}`, 32, { before: 240 }),
		line(`${plan.fiches.length} fiche${plan.fiches.length > 1 ? 's' : ''}-action${plan.fiches.length > 1 ? 's' : ''}`, 24, { before: 1200, color: '44546A' }),
		line(`Document édité le ${frenchDate(date)}`, 22, { before: 240, color: '44546A' })
	];
}

const SOMMAIRE_WIDTHS = [0.55, 0.13].map((share) => Math.round(CONTENT_WIDTH * share));
SOMMAIRE_WIDTHS.push(Math.round(CONTENT_WIDTH * 0.08));
SOMMAIRE_WIDTHS.splice(2, 0, CONTENT_WIDTH - SOMMAIRE_WIDTHS.reduce((sum, w) => sum + w, 0));

/** The bookmark on a fiche's heading, that the sommaire's page numbers point to. */
export function ficheBookmark(fiche: PlanFiche): string {
	return `fiche_${fiche.id}`;
}

/** Axes in the project's order, then axes only fiches know of, then the fiches without one. */
export function fichesByAxis(plan: PlanData): { label: string; fiches: PlanFiche[] }[] {
	const groups = new Map<string | null, PlanFiche[]>();
	for (const a of plan.axes) groups.set(a.code, []);
	for (const f of plan.fiches) {
		const key = f.axis || null;
		if (key === null) continue;
		if (!groups.has(key)) groups.set(key, []);
		groups.get(key)!.push(f);
	}
	const withoutAxis = plan.fiches.filter((f) => !f.axis);
	const labels = new Map(plan.axes.map((a) => [a.code, a.label]));
	const result = [...groups].filter(([, list]) => list.length).map(([code, list]) => ({ label: `Axe ${code} · ${labels.get(code!) ?? code}`, fiches: list }));
	if (withoutAxis.length) result.push({ label: 'Sans axe', fiches: withoutAxis });
	return result;
}

/** One table per axis under its own heading, kept with the table's first rows. */
function sommaire(plan: PlanData): (Paragraph | Table)[] {
	const body: (Paragraph | Table)[] = [new Paragraph({ heading: HeadingLevel.HEADING_1, keepNext: true, text: 'Sommaire des actions' })];
	if (!plan.fiches.length) return [...body, new Paragraph({ text: 'Aucune fiche-action dans ce plan.' })];
	for (const group of fichesByAxis(plan)) {
		const rows = group.fiches.map(
			(f) =>
				new TableRow({
					cantSplit: true,
					children: [
						cell(textParagraphs(ficheTitle(f)), SOMMAIRE_WIDTHS[0]),
						cell(textParagraphs(f.code ?? '—', CELL_BOLD), SOMMAIRE_WIDTHS[1]),
						cell(textParagraphs(f.fields.porteur), SOMMAIRE_WIDTHS[2]),
						cell([new Paragraph({ style: CELL, alignment: AlignmentType.RIGHT, children: [new PageReference(ficheBookmark(f))] })], SOMMAIRE_WIDTHS[3])
					]
				})
		);
		body.push(
			new Paragraph({ heading: HeadingLevel.HEADING_3, keepNext: true, keepLines: true, text: cleanText(group.label) }),
			table([headerRow(['Nom de l’action', 'N° action', 'Porteur', 'Page'], SOMMAIRE_WIDTHS), ...rows], SOMMAIRE_WIDTHS)
		);
	}
	return body;
}

const FIELD_WIDTHS = [Math.round(CONTENT_WIDTH * 0.27)];
FIELD_WIDTHS.push(CONTENT_WIDTH - FIELD_WIDTHS[0]);

function fieldsTable(fiche: PlanFiche): Table {
	const rows = FICHE_FIELDS.map(
		({ key, label }) =>
			new TableRow({
				cantSplit: true,
				children: [
					cell(textParagraphs(label, LABEL), FIELD_WIDTHS[0], { fill: LABEL_FILL }),
					cell(textParagraphs(fiche.fields[key] ?? ''), FIELD_WIDTHS[1])
				]
			})
	);
	return table(rows, FIELD_WIDTHS);
}

// Quoi | Qui et avec qui | Comment | Calendrier prévisionnel | Date réalisation | Principaux éléments
const PLANNING_SHARES = [0.25, 0.16, 0.15, 0.13, 0.12];
// Before the follow-up is written (a plan being published), "Date réalisation" and "Principaux
// éléments" are empty: narrower, they leave room to the steps, and fewer fiches run over a page.
const PLANNING_SHARES_UNFOLLOWED = [0.29, 0.18, 0.16, 0.13, 0.12];

function widthsOf(shares: readonly number[]): number[] {
	const widths = shares.map((s) => Math.round(CONTENT_WIDTH * s));
	widths.push(CONTENT_WIDTH - widths.reduce((s, w) => s + w, 0));
	return widths;
}
const PLANNING_WIDTHS = widthsOf(PLANNING_SHARES);
const PLANNING_WIDTHS_UNFOLLOWED = widthsOf(PLANNING_SHARES_UNFOLLOWED);

function planningTable(fiche: PlanFiche): Table | Paragraph {
	if (!fiche.planning.length) return new Paragraph({ children: [new TextRun({ text: 'Aucune étape planifiée.', italics: true })] });
	const followed = fiche.planning.some((r) => (r.cells.date_realisation ?? '').trim() || (r.cells.elements ?? '').trim());
	const widths = followed ? PLANNING_WIDTHS : PLANNING_WIDTHS_UNFOLLOWED;
	const rows = fiche.planning.map((row) => {
		const cells = PLANNING_COLUMNS.map(({ key }, i) => {
			const paragraphs = textParagraphs(row.cells[key] ?? '', SMALL_CELL);
			if (key === 'quoi' && row.phase) {
				const phase = new Paragraph({ style: SMALL_CELL_BOLD, children: [new TextRun(PLANNING_PHASES[row.phase])] });
				const rest = row.cells.quoi.trim() ? paragraphs : [];
				return cell([phase, ...rest], widths[i]);
			}
			return cell(paragraphs, widths[i]);
		});
		return new TableRow({ cantSplit: true, children: cells });
	});
	return table([headerRow(PLANNING_COLUMNS.map((c) => c.label), widths, SMALL_CELL_BOLD), ...rows], widths);
}

function ficheSection(fiche: PlanFiche, pageBreakBefore: boolean, onWritten: () => void): (Paragraph | Table)[] {
	const axis = fiche.axisLabel ? ` · ${fiche.axisLabel}` : '';
	return [
		whenWritten(new Paragraph({
			heading: HeadingLevel.HEADING_1,
			pageBreakBefore,
			keepNext: true,
			keepLines: true,
			children: [new Bookmark({ id: ficheBookmark(fiche), children: [new TextRun(`${ficheHeading(fiche)}${cleanText(axis)}`)] })]
		}), onWritten),
		new Paragraph({ heading: HeadingLevel.HEADING_2, keepNext: true, keepLines: true, children: [new TextRun(cleanText(ficheTitle(fiche)))] }),
		fieldsTable(fiche),
		new Paragraph({ heading: HeadingLevel.HEADING_3, keepNext: true, keepLines: true, text: 'Planning et échéancier · Suivi de l’action' }),
		planningTable(fiche)
	];
}

/** The charte's colour for headings, as Word writes it ('1F3864'), or undefined for the default. */
function headingColour(plan: PlanData): string | undefined {
	return plan.project.charte?.colour?.replace('#', '').toUpperCase() || undefined;
}

/** The whole plan (cover, sommaire, every fiche) or, with `withFrontMatter: false`, its fiches alone. */
export async function planToDocx(plan: PlanData, options: PlanDocxOptions = {}): Promise<Buffer> {
	const withFrontMatter = options.withFrontMatter ?? true;
	const total = plan.fiches.length;
	const laidOut = stepCounter('fiches', total, options.onProgress);
	const written = stepCounter('ecriture', total, options.onProgress);
	let writtenCount = 0;
	const onWritten = () => {
		written(++writtenCount);
		if (writtenCount === total) options.onProgress?.({ step: 'compression' });
	};
	const body: (Paragraph | Table)[] = [];
	if (withFrontMatter) body.push(...sommaire(plan));
	// After the sommaire every fiche starts a page; alone, the first one opens the document.
	plan.fiches.forEach((f, i) => {
		body.push(...ficheSection(f, withFrontMatter || i > 0, onWritten));
		laidOut(i + 1);
	});
	if (!body.length) body.push(new Paragraph({ text: 'Aucune fiche-action.' }));

	const sections: ISectionOptions[] = [];
	if (withFrontMatter) sections.push(coverSection(cover(plan, options.date ?? new Date())));
	sections.push(pageSection(body, plan.project.name));
	const single = !withFrontMatter && plan.fiches.length === 1 ? plan.fiches[0] : null;
	return packDocument(sections, {
		title: single ? `${ficheHeading(single)} – ${ficheTitle(single)}` : `${plan.project.name} – Plan d’actions`,
		subject: `Projet social de territoire ${plan.project.periodStart}-${plan.project.periodEnd}`,
		colour: headingColour(plan),
		template: plan.project.charte?.template
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
		heading1: { run: { font: 'Calibri', size: 28, bold: true, color: '1F3864' }, paragraph: { spacing: { before: 0, after: 60 } } },
		heading2: { run: { font: 'Calibri', size: 24, bold: true, color: '2F5496' }, paragraph: { spacing: { before: 0, after: 100 } } },
		heading3: { run: { font: 'Calibri', size: 21, bold: true, color: '2F5496' }, paragraph: { spacing: { before: 160, after: 60 } } }
	},
	paragraphStyles: [
		{ id: CELL, name: 'Cellule', basedOn: 'Normal', quickFormat: true, run: { size: BODY }, paragraph: { spacing: { after: 0, line: 240 } } },
		{ id: LABEL, name: 'Libellé', basedOn: CELL, quickFormat: true, run: { bold: true, size: SMALL + 1 } },
		{ id: CELL_BOLD, name: 'Cellule gras', basedOn: CELL, quickFormat: true, run: { bold: true } },
		{ id: SMALL_CELL, name: 'Cellule petite', basedOn: CELL, quickFormat: true, run: { size: SMALL } },
		{ id: SMALL_CELL_BOLD, name: 'Cellule petite gras', basedOn: SMALL_CELL, quickFormat: true, run: { bold: true } }
	]
};

const PAGE = {
	size: { width: A4.width, height: A4.height, orientation: PageOrientation.PORTRAIT },
	margin: { top: Math.round(1.3 * CM), bottom: Math.round(1.3 * CM), left: MARGIN, right: MARGIN, header: Math.round(0.6 * CM), footer: Math.round(0.6 * CM) }
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

/** The styles with the headings in the charte's colour (one shade for all three levels). */
function stylesWith(colour: string | undefined): IStylesOptions {
	if (!colour) return STYLES;
	const d = STYLES.default!;
	const tint = (h: typeof d.heading1) => ({ ...h, run: { ...h?.run, color: colour } });
	return { ...STYLES, default: { ...d, heading1: tint(d.heading1), heading2: tint(d.heading2), heading3: tint(d.heading3) } };
}

/** `template`: the département's Word template, whose styles and theme the document takes (docx-template.ts). */
export async function packDocument(
	sections: ISectionOptions[],
	meta: { title: string; subject?: string; colour?: string; template?: DocxTemplate | null }
): Promise<Buffer> {
	const doc = new Document({
		creator: 'Tablée',
		title: cleanText(meta.title),
		subject: meta.subject ? cleanText(meta.subject) : undefined,
		styles: stylesWith(meta.colour),
		// The sommaire's page numbers are fields: Word asks to update them on opening (LibreOffice
		// computes them as it lays the pages out).
		features: { updateFields: true },
		sections
	});
	const packed = await Packer.toBuffer(doc);
	return meta.template ? applyTemplate(packed, meta.template) : packed;
}

// ---------------------------------------------------------------------------------------------
// The HTTP answer
