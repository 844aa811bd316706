import { strFromU8, strToU8, unzipSync, zipSync, type Unzipped } from 'fflate';

// A département's own Word template for the plan's styles (issue 18: "optionally a département-
// supplied .docx template for styles").
//
// The approach: from the .docx or .dotx uploaded in the project's settings, only two parts are
// kept, its styles (word/styles.xml) and its theme (word/theme/theme1.xml: the fonts and colours
// its styles name by theme); everything else (text, macros, pictures, numbering, headers) is left
// out. When a plan is written, its styles.xml is the template's, with Tablée's own styles added
// only where the template has none of that id (the table cells' styles "Cellule"…, and headings a
// template that never used them does not hold), and its theme is the template's. So the
// template decides fonts, sizes and colours of Normal and the headings, while the fiche's layout
// (compact cells, widths, page breaks) stays Tablée's, which keeps a fiche on one page.
//
// Why not docx's `externalStyles`: docx puts its own default styles (Heading1…) before the
// imported ones in styles.xml, and where two styles share an id, Word keeps the first (ECMA-376
// 17.7.4.17): the template's headings would lose to docx's. Merging after the file is packed lets
// the template's styles be the only ones of their ids.

export const MAX_TEMPLATE_BYTES = 2 * 1024 * 1024;
/** Unpacked, a styles or theme part larger than this is not a template's (a zip bomb, say). */
const MAX_PART_BYTES = 2 * 1024 * 1024;

const STYLES = 'word/styles.xml';
const THEME = 'word/theme/theme1.xml';
const TYPES = '[Content_Types].xml';

export interface DocxTemplate {
	styles: string;
	theme: string | null;
}

export type TemplateCheck = ({ ok: true } & DocxTemplate & { styleCount: number }) | { ok: false; message: string };

const STYLE_ELEMENT = /<w:style\b[^>]*?(?:\/>|>[\s\S]*?<\/w:style>)/g;
const STYLE_ID = /\bw:styleId="([^"]*)"/;

function styleIds(xml: string): Set<string> {
	const ids = new Set<string>();
	for (const m of xml.matchAll(STYLE_ELEMENT)) {
		const id = STYLE_ID.exec(m[0])?.[1];
		if (id) ids.add(id);
	}
	return ids;
}

function decodeXml(bytes: Uint8Array | undefined): string | null {
	if (!bytes) return null;
	try {
		return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
	} catch {
		return null;
	}
}

/** No DTD: nothing in a template may declare entities (billion laughs) or point outside. */
function safeXml(xml: string): boolean {
	return !/<!DOCTYPE|<!ENTITY/i.test(xml);
}

/**
 * The styles and theme of an uploaded Word template, checked from its bytes (never its name),
 * or why it is refused, in French.
 */
export function readTemplate(bytes: Uint8Array): TemplateCheck {
	if (bytes.length === 0) return { ok: false, message: 'Le fichier du modèle est vide.' };
	if (bytes.length > MAX_TEMPLATE_BYTES) return { ok: false, message: 'Modèle trop lourd : 2 Mo au maximum (un modèle de styles n’a pas besoin d’images).' };
	if (bytes[0] === 0xd0 && bytes[1] === 0xcf) return { ok: false, message: 'Ancien format Word (.doc ou .dot) : ouvrez-le dans Word ou LibreOffice et enregistrez-le en .docx.' };
	if (!(bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)) {
		return { ok: false, message: 'Ce fichier n’est pas un modèle Word : un fichier .docx ou .dotx est attendu.' };
	}
	let parts: Unzipped;
	let tooLarge = false;
	try {
		parts = unzipSync(bytes, {
			filter: (file) => {
				if (file.name !== STYLES && file.name !== THEME && file.name !== TYPES) return false;
				if (file.originalSize > MAX_PART_BYTES) tooLarge = true;
				return !tooLarge;
			}
		});
	} catch {
		return { ok: false, message: 'Ce fichier Word est abîmé : ouvrez-le et enregistrez-le à nouveau en .docx.' };
	}
	if (tooLarge) return { ok: false, message: 'Les styles de ce modèle sont démesurés : 2 Mo au maximum une fois décompressés.' };
	const types = decodeXml(parts[TYPES]);
	if (!types || !/wordprocessingml\.(?:document|template)/.test(types)) {
		return { ok: false, message: 'Ce fichier n’est pas un document Word : un fichier .docx ou .dotx est attendu (un .odt s’enregistre en .docx depuis LibreOffice).' };
	}
	const styles = decodeXml(parts[STYLES]);
	if (!styles || !/<w:styles\b[\s\S]*<\/w:styles>\s*$/.test(styles)) return { ok: false, message: 'Ce document Word ne contient pas de styles lisibles.' };
	const theme = decodeXml(parts[THEME]);
	if (!safeXml(styles) || (theme && !safeXml(theme))) return { ok: false, message: 'Ce modèle contient des déclarations XML refusées (DOCTYPE) : enregistrez-le à nouveau depuis Word.' };
	const styleCount = styleIds(styles).size;
	if (!styleCount) return { ok: false, message: 'Ce document Word ne définit aucun style.' };
	return { ok: true, styles: withoutNumbering(styles), theme: theme && /<a:theme\b/.test(theme) ? theme : null, styleCount };
}

/** Headings numbered by the template refer to its numbering part, which is not carried over. */
function withoutNumbering(styles: string): string {
	return styles.replace(/<w:numPr\b[^>]*?(?:\/>|>[\s\S]*?<\/w:numPr>)/g, '');
}

/** The template's styles.xml with the styles of `ours` whose ids it lacks added at its end. */
export function mergeStyles(template: string, ours: string): string {
	const have = styleIds(template);
	const added: string[] = [];
	for (const m of ours.matchAll(STYLE_ELEMENT)) {
		const id = STYLE_ID.exec(m[0])?.[1];
		if (id && !have.has(id)) {
			have.add(id);
			added.push(m[0]);
		}
	}
	const end = template.lastIndexOf('</w:styles>');
	return template.slice(0, end) + added.join('') + template.slice(end);
}

/** A packed .docx with the template's styles (merged with its own) and theme. */
export function applyTemplate(docx: Uint8Array, template: DocxTemplate): Buffer {
	const files = unzipSync(docx);
	const ours = files[STYLES] ? strFromU8(files[STYLES]) : '';
	files[STYLES] = strToU8(mergeStyles(template.styles, ours));
	if (template.theme && files[THEME]) files[THEME] = strToU8(template.theme);
	return Buffer.from(zipSync(files, { level: 6 }));
}
