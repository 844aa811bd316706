import { scaleLinear, type ScaleLinear } from 'd3-scale';
import { charsFitting, wrapText } from '$lib/domain/text-wrap';

// Where the rows of a horizontal bar chart go: labels in a column on the left when the chart is
// wide enough (a slide holds more rows), else each label above its bar (labels wrap instead of
// squeezing the bars on a phone); values at the end of the bars. Shared by BarChart and
// StackedBarChart. d3 computes the scale; Svelte draws.

export interface BarLayoutOptions {
	labels: readonly string[];
	/** The longest bar's value (the scale's domain). */
	maxValue: number;
	width: number;
	/** Projector type sizes. */
	large: boolean;
	barHeight: number;
	/** Share of the width for the label column when labels sit beside the bars. */
	labelShare: number;
	maxLabelLines: number;
}

export interface BarRow {
	lines: string[];
	baselines: number[];
	barTop: number;
}

export interface BarLayout {
	font: number;
	side: boolean;
	labelX: number;
	height: number;
	x: ScaleLinear<number, number>;
	rows: BarRow[];
}

export function barLayout(o: BarLayoutOptions): BarLayout {
	const font = o.large ? 26 : 15;
	const lineHeight = Math.round(font * 1.25);
	const gap = o.large ? 18 : 14;
	const side = o.width >= (o.large ? 900 : 700);
	const labelWidth = side ? Math.round(o.width * o.labelShare) : 0;
	const valueRoom = Math.ceil(font * 0.7 * Math.max(1, String(o.maxValue).length)) + 14; // bold digits, and the gap before them
	const x = scaleLinear()
		.domain([0, Math.max(1, o.maxValue)])
		.range([side ? labelWidth + 14 : 0, Math.max((side ? labelWidth : 0) + 40, o.width - valueRoom)]);
	const chars = charsFitting(side ? labelWidth : o.width, font);
	let y = 0;
	const rows = o.labels.map((label) => {
		const lines = wrapText(label, chars, o.maxLabelLines);
		const textHeight = lines.length * lineHeight;
		let textTop: number;
		let barTop: number;
		if (side) {
			const block = Math.max(textHeight, o.barHeight);
			textTop = y + (block - textHeight) / 2;
			barTop = y + (block - o.barHeight) / 2;
			y += block + gap;
		} else {
			textTop = y;
			barTop = y + textHeight + 4;
			y = barTop + o.barHeight + gap;
		}
		const baselines = lines.map((_, l) => textTop + (l + 1) * lineHeight - font * 0.25);
		return { lines, baselines, barTop };
	});
	return { font, side, labelX: labelWidth, height: Math.max(1, y - gap), x, rows };
}
