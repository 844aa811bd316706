import { AlignmentType, HeadingLevel, ImageRun, Paragraph, Table, TableRow, TextRun } from 'docx';
import { formatDate } from '../../domain/dates.ts';
import { BOARD_TEMPLATES } from '../../domain/vocabulary.ts';
import type { ReportColumn, ReportNote, ReportTable, SharedProblem, WorkshopReport } from '../restitution/workshop-report.ts';
import { barChartSvg, svgToPng } from './pictures.ts';
import { CELL_BOLD, CONTENT_WIDTH, cell, cleanText, coverSection, frenchDate, headerRow, packDocument, pageSection, stepCounter, table, textParagraphs } from './docx-plan.ts';
import type { ExportProgress } from './export-progress.ts';

// The restitution report of a workshop as a Word document: a title page with the figures, the
// diagnostic of each table (per column, clusters ranked by votes with their notes, then the notes
// left outside clusters), the problems shared between tables, the fiches drafted and the
// organisations that took part. Same page layout as the plan (docx-plan.ts). Pictures: each table as
// it stood (the board's SVG, given by the route), the votes of its clusters, and the participants by
// kind of organisation, rendered to PNG (pictures.ts).

type Block = Paragraph | Table;

export function votesLabel(n: number): string {
	return `${n} vote${n > 1 ? 's' : ''}`;
}

function plural(n: number, one: string, many: string): string {
	return `${n} ${n > 1 ? many : one}`;
}

function titlePage(report: WorkshopReport, date: Date): Block[] {
	const { workshop, project, figures } = report;
	const line = (text: string, size: number, options: { bold?: boolean; before?: number; color?: string } = {}) =>
		new Paragraph({
			alignment: AlignmentType.CENTER,
			spacing: { before: options.before ?? 0, after: 200 },
			children: [new TextRun({ text: cleanText(text), size, bold: options.bold, color: options.color })]
		});
	const when = [workshop.date ? formatDate(workshop.date) : null, workshop.place.trim() || null].filter(Boolean).join(' · ');
	const widths = [Math.round(CONTENT_WIDTH * 0.5), CONTENT_WIDTH - Math.round(CONTENT_WIDTH * 0.5)];
	const figureRows = [
		['Participants', figures.participants],
		['Structures représentées', figures.organisations],
		['Tables rondes', figures.tables],
		['Contributions', figures.notes],
		['Votes', figures.votes]
	].map(
		([label, n]) =>
			new TableRow({
				cantSplit: true,
				children: [cell(textParagraphs(String(label)), widths[0]), cell([new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: String(n), bold: true })] })], widths[1])]
			})
	);
	return [
		line('Restitution de l’atelier', 28, { before: 1800, color: '44546A' }),
		line(workshop.title, 44, { bold: true, before: 480 }),
		line(project.name, 30, { before: 480 }),
		line(project.territory, 26, { color: '44546A' }),
		...(when ? [line(when, 24, { before: 480 })] : []),
		new Paragraph({ spacing: { before: 720 }, children: [] }),
		table(figureRows, widths),
		line(`Document édité le ${frenchDate(date)}`, 20, { before: 720, color: '44546A' })
	];
}

function noteBullet(note: ReportNote): Paragraph {
	const children = [new TextRun(cleanText(note.text).replace(/\s*\n\s*/g, ' '))];
	if (note.organisation) children.push(new TextRun({ text: ` (${cleanText(note.organisation)})`, italics: true, color: '595959' }));
	if (note.votes > 0) children.push(new TextRun({ text: ` · ${votesLabel(note.votes)}`, color: '595959' }));
	return new Paragraph({ bullet: { level: 0 }, children });
}

/**
 * "2. Mobilité — 3 votes": the rank only for clusters that received votes (clusters without any all
 * shared the first rank), "ex æquo" when another cluster of the column shares it.
 */
export function clusterHeading(cluster: ReportColumn['clusters'][number], column: ReportColumn): string {
	const title = cleanText(cluster.title) || 'Regroupement sans titre';
	if (cluster.votes === 0) return `${title} — ${votesLabel(0)}`;
	const tied = column.clusters.some((c) => c !== cluster && c.votes > 0 && c.rank === cluster.rank);
	return `${cluster.rank}.${tied ? ' (ex æquo)' : ''} ${title} — ${votesLabel(cluster.votes)}`;
}

function columnBlocks(column: ReportColumn): Block[] {
	const blocks: Block[] = [new Paragraph({ heading: HeadingLevel.HEADING_2, keepNext: true, text: column.label })];
	if (!column.clusters.length && !column.loose.length) {
		blocks.push(new Paragraph({ children: [new TextRun({ text: 'Aucune contribution.', italics: true })] }));
		return blocks;
	}
	for (const cluster of column.clusters) {
		const title = [new TextRun({ text: clusterHeading(cluster, column), bold: true })];
		if (cluster.ficheRef) title.push(new TextRun({ text: ` · fiche-action ${cluster.ficheRef}`, italics: true }));
		blocks.push(new Paragraph({ keepNext: true, spacing: { before: 120 }, children: title }));
		blocks.push(...cluster.notes.map(noteBullet));
	}
	if (column.loose.length) {
		const heading = column.clusters.length ? 'Contributions hors regroupement' : 'Contributions';
		blocks.push(new Paragraph({ keepNext: true, spacing: { before: 120 }, children: [new TextRun({ text: heading, bold: true, italics: true })] }));
		blocks.push(...column.loose.map(noteBullet));
	}
	return blocks;
}

/** Twips of the content width in pixels at 96 to the inch (1440 twips). */
const CONTENT_PX = Math.floor((CONTENT_WIDTH / 1440) * 96);

/** A picture as wide as the text at most, never taller than most of a page, with its text alternative. */
function picture(svg: string, description: string, maxHeightPx = 820): Paragraph {
	const png = svgToPng(svg);
	const scale = Math.min(CONTENT_PX / png.width, maxHeightPx / png.height);
	return new Paragraph({
		alignment: AlignmentType.CENTER,
		spacing: { before: 120, after: 120 },
		children: [
			new ImageRun({
				type: 'png',
				data: png.data,
				transformation: { width: Math.round(png.width * scale), height: Math.round(png.height * scale) },
				altText: { name: description.slice(0, 60), description, title: description.slice(0, 60) }
			})
		]
	});
}

function votesChart(t: ReportTable): Paragraph | null {
	// The report is for the project's members: votes are given as the report's text gives them.
	if (t.voteCount === 0) return null;
	const clusters = t.columns
		.flatMap((c) => c.clusters.map((k) => ({ label: `${k.title || 'Regroupement sans titre'} (${c.label})`, value: k.votes })))
		.filter((k) => k.value > 0)
		.sort((a, b) => b.value - a.value)
		.slice(0, 12);
	if (!clusters.length) return null;
	const description = `Votes par regroupement, table ${t.theme} : ${clusters.map((k) => `${k.label} ${votesLabel(k.value)}`).join(' ; ')}.`;
	return picture(barChartSvg(`Votes par regroupement : ${t.theme}`, clusters), description);
}

function tableSection(t: ReportTable, index: number, boardSvg: string | undefined): Block[] {
	const summary = `${BOARD_TEMPLATES[t.template]?.label ?? t.template} · ${plural(t.noteCount, 'contribution', 'contributions')} · ${votesLabel(t.voteCount)}`;
	const chart = votesChart(t);
	return [
		new Paragraph({ heading: HeadingLevel.HEADING_1, pageBreakBefore: index > 0, keepNext: true, children: [new TextRun(`Table : ${cleanText(t.theme)}`)] }),
		new Paragraph({ keepNext: true, children: [new TextRun({ text: summary, color: '595959' })] }),
		...(boardSvg ? [picture(boardSvg, `La table « ${t.theme} » telle qu’elle était : ${summary}.`)] : []),
		...(chart ? [chart] : []),
		...t.columns.flatMap(columnBlocks)
	];
}

function participationChart(report: WorkshopReport): Block[] {
	if (!report.participantsByKind.length) return [];
	const items = report.participantsByKind.map((k) => ({ label: k.kind, value: k.count }));
	const description = `Participants par type de structure : ${items.map((i) => `${i.label} ${i.value}`).join(' ; ')}.`;
	return [picture(barChartSvg('Participants par type de structure', items, '#1f6f43'), description)];
}

function sharedSection(shared: SharedProblem[], pageBreakBefore: boolean): Block[] {
	const blocks: Block[] = [new Paragraph({ heading: HeadingLevel.HEADING_1, pageBreakBefore, text: 'Problématiques partagées entre les tables' })];
	if (!shared.length) {
		blocks.push(new Paragraph({ children: [new TextRun({ text: 'Aucune problématique commune à plusieurs tables n’a été relevée.', italics: true })] }));
		return blocks;
	}
	for (const s of shared) {
		const tables = new Set(s.tables.map((t) => t.boardId)).size;
		blocks.push(
			new Paragraph({
				keepNext: true,
				spacing: { before: 160 },
				children: [new TextRun({ text: cleanText(s.label), bold: true }), new TextRun({ text: ` — soulevée à ${plural(tables, 'table', 'tables')}` })]
			})
		);
		for (const t of s.tables) {
			blocks.push(
				new Paragraph({
					bullet: { level: 0 },
					children: [new TextRun({ text: `${cleanText(t.theme)} : `, bold: true }), new TextRun(`${cleanText(t.clusterTitle)} (${votesLabel(t.votes)})`)]
				})
			);
		}
	}
	return blocks;
}

function fichesSection(fiches: WorkshopReport['fiches']): Block[] {
	const blocks: Block[] = [new Paragraph({ heading: HeadingLevel.HEADING_1, spacing: { before: 480 }, keepNext: true, text: 'Fiches-actions rédigées' })];
	if (!fiches.length) {
		blocks.push(new Paragraph({ children: [new TextRun({ text: 'Aucune fiche-action n’a encore été rédigée à partir de cet atelier.', italics: true })] }));
		return blocks;
	}
	const w = [0.13, 0.47, 0.25].map((s) => Math.round(CONTENT_WIDTH * s));
	w.push(CONTENT_WIDTH - w.reduce((s, x) => s + x, 0));
	const rows = fiches.map(
		(f) =>
			new TableRow({
				cantSplit: true,
				children: [
					cell(textParagraphs(f.code ?? '—', CELL_BOLD), w[0]),
					cell(textParagraphs(f.title), w[1]),
					cell(textParagraphs(f.boardTheme), w[2]),
					cell(textParagraphs(f.statusLabel), w[3])
				]
			})
	);
	blocks.push(table([headerRow(['N°', 'Intitulé de l’action', 'Table d’origine', 'Statut'], w), ...rows], w));
	return blocks;
}

function organisationsSection(organisations: WorkshopReport['organisations']): Block[] {
	const blocks: Block[] = [new Paragraph({ heading: HeadingLevel.HEADING_1, pageBreakBefore: true, keepNext: true, text: 'Structures participantes' })];
	if (!organisations.length) {
		blocks.push(new Paragraph({ children: [new TextRun({ text: 'Aucun participant n’a rejoint cet atelier.', italics: true })] }));
		return blocks;
	}
	const w = [0.5, 0.35].map((s) => Math.round(CONTENT_WIDTH * s));
	w.push(CONTENT_WIDTH - w[0] - w[1]);
	const rows = organisations.map(
		(o) =>
			new TableRow({
				cantSplit: true,
				children: [
					cell(textParagraphs(o.name), w[0]),
					cell(textParagraphs(o.kind), w[1]),
					cell([new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun(String(o.participants))] })], w[2])
				]
			})
	);
	blocks.push(table([headerRow(['Structure', 'Type', 'Participants'], w), ...rows], w));
	return blocks;
}

/** "Éléments partagés entre territoires": the problems other territories of the département raised too. */
function territoriesSection(shared: WorkshopReport['territories']): Block[] {
	if (!shared.length) return [];
	const blocks: Block[] = [new Paragraph({ heading: HeadingLevel.HEADING_1, text: 'Éléments partagés entre territoires' })];
	for (const s of shared) {
		blocks.push(new Paragraph({ keepNext: true, spacing: { before: 160 }, children: [new TextRun({ text: cleanText(s.label), bold: true })] }));
		for (const t of s.territories)
			blocks.push(
				new Paragraph({
					bullet: { level: 0 },
					children: [new TextRun({ text: `${cleanText(t.territory)}${t.own ? ' (ce territoire)' : ''} : `, bold: true }), new TextRun(t.titles.map(cleanText).join(' ; '))]
				})
			);
	}
	return blocks;
}

/** The restitution report of a workshop (DOCX, A4 portrait, French). */
/** `boardSvgs`: each table's picture by its id (boardToSvg), drawn where the table's section opens. */
/** `onProgress`: told as each table's pictures are drawn (the longest part), then as the file is written. */
export function reportToDocx(
	report: WorkshopReport,
	options: { date?: Date; boardSvgs?: Record<number, string>; onProgress?: (p: ExportProgress) => void } = {}
): Promise<Buffer> {
	const drawn = stepCounter('images', report.tables.length, options.onProgress);
	const body: Block[] = [
		...report.tables.flatMap((t, i) => {
			const blocks = tableSection(t, i, options.boardSvgs?.[t.id]);
			drawn(i + 1);
			return blocks;
		}),
		...sharedSection(report.shared, report.tables.length > 0),
		...territoriesSection(report.territories),
		...fichesSection(report.fiches),
		...organisationsSection(report.organisations),
		...participationChart(report)
	];
	// The title page is a section of its own: the first table opens the next page without a break.
	const sections = [coverSection(titlePage(report, options.date ?? new Date())), pageSection(body, `${report.project.name} · ${report.workshop.title}`)];
	options.onProgress?.({ step: 'ecriture' });
	return packDocument(sections, { title: `Restitution : ${report.workshop.title}`, subject: report.project.name });
}
