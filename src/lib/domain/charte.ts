// The charte graphique of a project's documents: its logo (PNG, JPEG or SVG) and the colour of
// headings. Pure checks of what was uploaded, in French; the server renders an SVG to PNG.
import * as v from 'valibot';

// Under adapter-node's default request limit (BODY_SIZE_LIMIT, 512 Ko), so the person gets this message.
export const MAX_LOGO_BYTES = 500 * 1024;
/** Larger than this, a logo is surely not one (and would weigh on every document). */
export const MAX_LOGO_PIXELS = 4000;

export type LogoKind = 'png' | 'jpg' | 'svg';

export type LogoCheck = { ok: true; kind: 'png' | 'jpg'; width: number; height: number } | { ok: true; kind: 'svg'; text: string } | { ok: false; message: string };

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function pngSize(b: Uint8Array): { width: number; height: number } | null {
	// The IHDR chunk comes first: width and height as 32-bit big-endian integers at 16 and 20.
	if (b.length < 24 || String.fromCharCode(...b.subarray(12, 16)) !== 'IHDR') return null;
	const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
	return { width: view.getUint32(16), height: view.getUint32(20) };
}

function jpegSize(b: Uint8Array): { width: number; height: number } | null {
	// Markers from the start: the first "start of frame" (SOF0-SOF15 but DHT, JPG, DAC) gives the size.
	let i = 2;
	while (i + 9 < b.length) {
		if (b[i] !== 0xff) return null;
		const marker = b[i + 1];
		const length = (b[i + 2] << 8) | b[i + 3];
		if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
			return { height: (b[i + 5] << 8) | b[i + 6], width: (b[i + 7] << 8) | b[i + 8] };
		}
		i += 2 + length;
	}
	return null;
}

/** What a file holds, from its bytes (never its name): a PNG, a JPEG or an SVG, else why not. */
export function checkLogo(bytes: Uint8Array): LogoCheck {
	if (bytes.length === 0) return { ok: false, message: 'Le fichier du logo est vide.' };
	if (bytes.length > MAX_LOGO_BYTES) return { ok: false, message: 'Logo trop lourd : 500 Ko au maximum.' };
	let size: { width: number; height: number } | null = null;
	let kind: 'png' | 'jpg' | null = null;
	if (PNG.every((x, i) => bytes[i] === x)) {
		kind = 'png';
		size = pngSize(bytes);
	} else if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
		kind = 'jpg';
		size = jpegSize(bytes);
	}
	if (kind) {
		if (!size || size.width < 1 || size.height < 1) return { ok: false, message: 'Image illisible : enregistrez le logo à nouveau en PNG ou JPEG.' };
		if (size.width > MAX_LOGO_PIXELS || size.height > MAX_LOGO_PIXELS) return { ok: false, message: `Logo trop grand : ${MAX_LOGO_PIXELS} pixels de côté au maximum.` };
		return { ok: true, kind, ...size };
	}
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
	} catch {
		return { ok: false, message: 'Format de logo non reconnu : PNG, JPEG ou SVG attendu.' };
	}
	if (/^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*(?:<!DOCTYPE[^>]*>\s*)?<svg[\s>]/i.test(text)) return { ok: true, kind: 'svg', text };
	return { ok: false, message: 'Format de logo non reconnu : PNG, JPEG ou SVG attendu.' };
}

export const charteSchema = v.object({
	couleur: v.optional(v.pipe(v.string(), v.trim(), v.regex(/^(?:#[0-9a-fA-F]{6})?$/, 'Couleur : un code comme #1F3864 est attendu.')), ''),
	retirerLogo: v.optional(v.picklist(['on', ''], 'Valeur invalide.'), ''),
	retirerModele: v.optional(v.picklist(['on', ''], 'Valeur invalide.'), '')
});
