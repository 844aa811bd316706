import { createRequire } from 'node:module';
import type { Resvg as ResvgClass } from '@resvg/resvg-js';
import type { Db } from '../db/database.ts';
import type { DocStore } from '../realtime/doc-store.ts';
import type { WorkshopReport } from '../restitution/workshop-report.ts';
import { boardDocName } from '../../docs/doc-names.ts';
import { getClusters, getNotes } from '../../docs/board.ts';
import { columnsOf } from '../../domain/vocabulary.ts';
import { formatDate } from '../../domain/dates.ts';
import { tally } from '../../domain/voting.ts';
import { boardToSvg, xml } from './board-svg.ts';

// Pictures for the Word documents: the SVGs the web pages draw, rendered to PNG on the server by
// resvg (Word and LibreOffice do not all show SVG), with the system's fonts (DejaVu, Liberation on
// Debian) for the generic families the SVGs ask for. Plus two small charts for the restitution
// report, drawn here as SVG first so they look like the rest.

export interface Png {
	data: Uint8Array;
	width: number;
	height: number;
}

// resvg (a native module, ~100 ms to load) is loaded on first use, not with this module: the
// server's routes import this file for the board SVGs, and loading resvg there would pause every
// live board on the first report downloaded. The export worker is where it is used.
let ResvgCtor: typeof ResvgClass | null = null;
function resvgClass(): typeof ResvgClass {
	ResvgCtor ??= (createRequire(import.meta.url)('@resvg/resvg-js') as { Resvg: typeof ResvgClass }).Resvg;
	return ResvgCtor;
}

/** `svg` as a PNG `scale` times its own size (2: sharp once printed at the page's width). */
export function svgToPng(svg: string, scale = 2): Png {
	const Resvg = resvgClass();
	const resvg = new Resvg(svg, {
		fitTo: { mode: 'zoom', value: scale },
		font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
		background: '#ffffff'
	});
	const image = resvg.render();
	return { data: image.asPng(), width: image.width, height: image.height };
}

const CHART_FONT = "'DejaVu Sans', Arial, sans-serif";

/**
 * Horizontal bars, one per item, the value at the end of the bar: the votes of a table's clusters,
 * the participants per kind of organisation. Labels are cut to one line.
 */
export function barChartSvg(title: string, items: readonly { label: string; value: number }[], colour = '#1d4e89'): string {
	const width = 720;
	const labelWidth = 300;
	const row = 26;
	const top = 40;
	const height = top + Math.max(1, items.length) * row + 12;
	const max = Math.max(1, ...items.map((i) => i.value));
	const barMax = width - labelWidth - 60;
	const cut = (s: string) => (s.length > 46 ? `${s.slice(0, 45)}…` : s);
	const bars = items
		.map((item, k) => {
			const y = top + k * row;
			const w = Math.max(2, Math.round((item.value / max) * barMax));
			return (
				`<text x="${labelWidth - 8}" y="${y + 17}" text-anchor="end" font-size="13">${xml(cut(item.label))}</text>` +
				`<rect x="${labelWidth}" y="${y + 4}" width="${w}" height="18" rx="3" fill="${colour}"/>` +
				`<text x="${labelWidth + w + 6}" y="${y + 17}" font-size="13" font-weight="bold">${item.value}</text>`
			);
		})
		.join('');
	const empty = items.length ? '' : `<text x="16" y="${top + 17}" font-size="13" font-style="italic">Aucune donnée.</text>`;
	return (
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${xml(CHART_FONT)}">` +
		`<rect width="100%" height="100%" fill="#ffffff"/>` +
		`<text x="16" y="24" font-size="16" font-weight="bold" fill="#1f3864">${xml(title)}</text>` +
		bars +
		empty +
		`</svg>`
	);
}

/** Each table of a workshop's report as the board picture (boardToSvg), by board id, votes as they stand. */
export async function reportBoardSvgs(db: Db, store: DocStore, report: WorkshopReport): Promise<Record<number, string>> {
	const ids = report.tables.map((t) => t.id);
	const votes = ids.length ? await db.selectFrom('votes').select(['board_id', 'target_id']).where('board_id', 'in', ids).execute() : [];
	const subtitle = [report.workshop.title, report.workshop.date ? formatDate(report.workshop.date) : ''].filter(Boolean).join(' · ');
	const svgs: Record<number, string> = {};
	for (const t of report.tables) {
		const { notes, clusters } = store.read(boardDocName(t.id), (doc) => ({ notes: getNotes(doc), clusters: getClusters(doc) }));
		svgs[t.id] = boardToSvg({
			title: t.theme,
			subtitle,
			columns: columnsOf(t.template),
			notes,
			clusters,
			// As the report's text and the board's own picture (image.svg) give them, for members.
			votes: tally(votes.filter((v) => v.board_id === t.id))
		});
	}
	return svgs;
}
