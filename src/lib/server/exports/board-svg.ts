import type { Cluster, Note, NoteColour } from '../../docs/board.ts';
import { charsFitting, wrapText } from '../../domain/text-wrap.ts';

// A round table as a picture (SVG) for the restitution report: the columns side by side with
// their titles, the clusters as framed groups with their title and votes, the notes as coloured
// rectangles with their text wrapped. Built as a string on the server: SVG cannot wrap text by
// itself, so lines are cut here by an estimate of character widths (text-wrap.ts). Every text
// goes through `xml()`: notes are typed by the public.

export interface BoardSvgInput {
	/** The table's theme. */
	title: string;
	/** Workshop, date… shown under the title. */
	subtitle?: string;
	columns: readonly { id: string; label: string }[];
	notes: readonly Pick<Note, 'id' | 'text' | 'column' | 'position' | 'colour' | 'clusterId'>[];
	clusters: readonly Pick<Cluster, 'id' | 'title' | 'column' | 'position'>[];
	/** Votes per target (cluster or note id). */
	votes?: ReadonlyMap<string, number>;
}

/** As in app.css (--jaune-note…): the colours the board shows. */
export const NOTE_FILLS: Record<NoteColour, string> = {
	jaune: '#fff4b8',
	bleu: '#dbeafe',
	vert: '#d8f3dc',
	rose: '#fde2ef',
	orange: '#ffe5c7'
};

/** Column top borders, as in app.css (.col-atouts…). */
const COLUMN_ACCENTS: Record<string, string> = {
	atouts: '#1f6f43',
	points_forts: '#1f6f43',
	problematiques: '#b45309',
	points_faibles: '#b45309',
	potentialites: '#1d4e89',
	menaces: '#a4161a'
};

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
const TEXT = '#1b1f24';
const MUTED = '#4a5361';

const MARGIN = 24;
const COLUMN_WIDTH = 320;
const COLUMN_GAP = 20;
const COLUMN_PAD = 12;
const HEADER_HEIGHT = 44;
const NOTE_FONT = 15;
const NOTE_LINE = 20;
const NOTE_PAD = 10;
const NOTE_GAP = 10;
const CLUSTER_FONT = 16;
const CLUSTER_LINE = 21;
const CLUSTER_PAD = 8;

// XML 1.0 forbids these characters even escaped: one pasted from elsewhere would make the whole
// picture unreadable.
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Text for an XML text node or attribute value. */
export function xml(text: string): string {
	return text
		.replace(INVALID_XML, '')
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&apos;');
}

function plural(n: number, one: string, many: string): string {
	return `${n} ${n > 1 ? many : one}`;
}

/** Lines of text starting at (x, y) = first baseline. */
function lines(texts: readonly string[], x: number, y: number, lineHeight: number, attrs: string): string {
	const spans = texts.map((t, i) => `<tspan x="${x}" y="${y + i * lineHeight}">${xml(t)}</tspan>`).join('');
	return `<text ${attrs}>${spans}</text>`;
}

interface Block {
	height: number;
	/** SVG of the block with its top-left corner at (x, y). */
	draw: (x: number, y: number) => string;
}

function noteBlock(note: BoardSvgInput['notes'][number], width: number, votes: number): Block {
	const text = wrapText(note.text || ' ', charsFitting(width - 2 * NOTE_PAD, NOTE_FONT) - 1);
	const voteLine = votes > 0 ? NOTE_LINE : 0;
	const height = NOTE_PAD * 2 + text.length * NOTE_LINE + voteLine - 4;
	return {
		height,
		draw: (x, y) =>
			`<g class="note" data-note-id="${xml(note.id)}">` +
			`<rect x="${x}" y="${y}" width="${width}" height="${height}" rx="6" fill="${NOTE_FILLS[note.colour] ?? NOTE_FILLS.jaune}" stroke="#00000026"/>` +
			lines(text, x + NOTE_PAD, y + NOTE_PAD + NOTE_FONT, NOTE_LINE, `font-size="${NOTE_FONT}" fill="${TEXT}"`) +
			(votes > 0
				? `<text x="${x + width - NOTE_PAD}" y="${y + height - NOTE_PAD}" font-size="13" font-weight="700" fill="${MUTED}" text-anchor="end">${plural(votes, 'vote', 'votes')}</text>`
				: '') +
			`</g>`
	};
}

function stack(blocks: readonly Block[], gap: number): Block {
	const height = blocks.reduce((h, b) => h + b.height, 0) + Math.max(0, blocks.length - 1) * gap;
	return {
		height,
		draw: (x, y) => {
			let out = '';
			let top = y;
			for (const b of blocks) {
				out += b.draw(x, top);
				top += b.height + gap;
			}
			return out;
		}
	};
}

function clusterBlock(cluster: BoardSvgInput['clusters'][number], notes: Block[], width: number, votes: number): Block {
	const title = wrapText(cluster.title.trim() || 'Regroupement sans nom', charsFitting(width - 2 * CLUSTER_PAD, CLUSTER_FONT, true) - 1);
	const meta = `${plural(notes.length, 'note', 'notes')} · ${plural(votes, 'vote', 'votes')}`;
	const head = CLUSTER_PAD + title.length * CLUSTER_LINE + 20;
	const body = stack(notes, NOTE_GAP);
	const height = head + body.height + (notes.length ? CLUSTER_PAD : 0) + CLUSTER_PAD;
	return {
		height,
		draw: (x, y) =>
			`<g class="cluster">` +
			`<rect x="${x}" y="${y}" width="${width}" height="${height}" rx="8" fill="#ffffff" stroke="#5f6b7a" stroke-width="1.5"/>` +
			lines(title, x + CLUSTER_PAD, y + CLUSTER_PAD + CLUSTER_FONT, CLUSTER_LINE, `font-size="${CLUSTER_FONT}" font-weight="700" fill="${TEXT}"`) +
			`<text x="${x + CLUSTER_PAD}" y="${y + CLUSTER_PAD + title.length * CLUSTER_LINE + 12}" font-size="13" fill="${MUTED}">${meta}</text>` +
			body.draw(x + CLUSTER_PAD, y + head + 4) +
			`</g>`
	};
}

/** The board as a standalone SVG document. */
export function boardToSvg(input: BoardSvgInput): string {
	const votes = input.votes ?? new Map<string, number>();
	const byPosition = <T extends { position: number }>(a: T, b: T) => a.position - b.position;

	// Notes or clusters in a column the template no longer has still appear, in a column of their own.
	const columns = [...input.columns];
	for (const item of [...input.clusters, ...input.notes]) {
		if (!columns.some((c) => c.id === item.column)) columns.push({ id: item.column, label: item.column });
	}

	const clusterIds = new Set(input.clusters.map((c) => c.id));
	const innerWidth = COLUMN_WIDTH - 2 * COLUMN_PAD;
	const bodies = columns.map((column) => {
		const clusters = input.clusters
			.filter((c) => c.column === column.id)
			.sort(byPosition)
			.map((c) => {
				const notes = input.notes
					.filter((n) => n.clusterId === c.id)
					.sort(byPosition)
					.map((n) => noteBlock(n, innerWidth - 2 * CLUSTER_PAD, votes.get(n.id) ?? 0));
				return clusterBlock(c, notes, innerWidth, votes.get(c.id) ?? 0);
			});
		const loose = input.notes
			.filter((n) => n.column === column.id && !(n.clusterId && clusterIds.has(n.clusterId)))
			.sort(byPosition)
			.map((n) => noteBlock(n, innerWidth, votes.get(n.id) ?? 0));
		const count = input.notes.filter((n) => n.column === column.id || (n.clusterId && input.clusters.find((c) => c.id === n.clusterId)?.column === column.id)).length;
		return { column, count, body: stack([...clusters, ...loose], NOTE_GAP) };
	});

	const subtitle = input.subtitle?.trim();
	const titleLines = wrapText(input.title.trim() || 'Table', charsFitting(Math.max(COLUMN_WIDTH, columns.length * (COLUMN_WIDTH + COLUMN_GAP) - COLUMN_GAP), 26, true));
	const titleHeight = titleLines.length * 32 + (subtitle ? 26 : 0) + 16;
	const columnHeight = HEADER_HEIGHT + Math.max(40, ...bodies.map((b) => b.body.height)) + 2 * COLUMN_PAD;
	const width = MARGIN * 2 + Math.max(1, columns.length) * COLUMN_WIDTH + Math.max(0, columns.length - 1) * COLUMN_GAP;
	const height = MARGIN * 2 + titleHeight + columnHeight;
	const noteCount = input.notes.length;

	let out =
		`<?xml version="1.0" encoding="UTF-8"?>\n` +
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${xml(FONT)}" role="img" aria-labelledby="titre desc">` +
		`<title id="titre">${xml(`Table « ${input.title} »`)}</title>` +
		`<desc id="desc">${xml(`${plural(noteCount, 'note', 'notes')} en ${plural(columns.length, 'colonne', 'colonnes')} : ${bodies.map((b) => `${b.column.label} (${b.count})`).join(', ')}.`)}</desc>` +
		`<rect width="100%" height="100%" fill="#f6f7f9"/>` +
		lines(titleLines, MARGIN, MARGIN + 26, 32, `font-size="26" font-weight="700" fill="${TEXT}"`);
	if (subtitle) out += `<text x="${MARGIN}" y="${MARGIN + titleLines.length * 32 + 14}" font-size="16" fill="${MUTED}">${xml(subtitle)}</text>`;

	bodies.forEach(({ column, count, body }, i) => {
		const x = MARGIN + i * (COLUMN_WIDTH + COLUMN_GAP);
		const y = MARGIN + titleHeight;
		const accent = COLUMN_ACCENTS[column.id] ?? '#5f6b7a';
		out +=
			`<g class="column">` +
			`<rect x="${x}" y="${y}" width="${COLUMN_WIDTH}" height="${columnHeight}" rx="10" fill="#eef1f5"/>` +
			`<rect x="${x}" y="${y}" width="${COLUMN_WIDTH}" height="5" fill="${accent}"/>` +
			`<text x="${x + COLUMN_PAD}" y="${y + 32}" font-size="19" fill="${TEXT}"><tspan font-weight="700">${xml(column.label)}</tspan><tspan fill="${MUTED}"> (${count})</tspan></text>` +
			body.draw(x + COLUMN_PAD, y + HEADER_HEIGHT + COLUMN_PAD) +
			`</g>`;
	});
	return `${out}</svg>\n`;
}
