// Word wrapping for text drawn in SVG (charts, the board as a picture), where nothing wraps by
// itself. Widths are counted in characters: SVG built on the server cannot measure text, and an
// average character width (about 0.55 em for the sans-serif fonts we use) is close enough for
// short labels. Pure, runs in the browser and in Node.

/** Average width of a character, in em, for the system sans-serif fonts (bold is wider). */
export const AVERAGE_CHAR_EM = 0.56;

/** How many characters fit in `width` pixels at `fontSize` (at least 1). */
export function charsFitting(width: number, fontSize: number, bold = false): number {
	const em = AVERAGE_CHAR_EM * (bold ? 1.08 : 1);
	return Math.max(1, Math.floor(width / (fontSize * em)));
}

/**
 * Lines of at most `maxChars` characters, cut between words (a word longer than a line is cut
 * inside). With `maxLines`, the last line kept ends with "…" when text was left out.
 */
export function wrapText(text: string, maxChars: number, maxLines = Infinity): string[] {
	const width = Math.max(1, Math.floor(maxChars));
	const words = text.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);
	const lines: string[] = [];
	let line = '';
	for (let word of words) {
		while (word.length > width) {
			// A word longer than a line (a URL, a long compound): fill the line, cut the rest.
			if (line) {
				lines.push(line);
				line = '';
			}
			lines.push(word.slice(0, width));
			word = word.slice(width);
		}
		if (!line) line = word;
		else if (line.length + 1 + word.length <= width) line += ` ${word}`;
		else {
			lines.push(line);
			line = word;
		}
	}
	if (line) lines.push(line);
	if (lines.length <= maxLines) return lines;
	const kept = lines.slice(0, Math.max(1, maxLines));
	const last = kept.length - 1;
	kept[last] = ellipsis(kept[last], width);
	return kept;
}

/** The text on one line of `maxChars`, ending in "…" when cut. */
export function truncate(text: string, maxChars: number): string {
	const clean = text.replace(/\s+/g, ' ').trim();
	return clean.length <= maxChars ? clean : ellipsis(clean, maxChars);
}

function ellipsis(line: string, width: number): string {
	const room = Math.max(0, width - 1);
	const cut = line.length > room ? line.slice(0, room) : line;
	return `${cut.replace(/[\s,;:.\-–]+$/, '')}…`;
}
