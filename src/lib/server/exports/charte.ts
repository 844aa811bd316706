import type { Db } from '../db/database.ts';
import { now } from '../clock.ts';
import { checkLogo } from '../../domain/charte.ts';
import { svgToPng } from './pictures.ts';
import { readTemplate, type DocxTemplate } from './docx-template.ts';

// A project's charte graphique (logo and colour) for its documents. An SVG logo is rendered to PNG
// here, once, so documents embed a picture every program shows and no uploaded SVG is ever served.

export interface Charte {
	logo: { data: Uint8Array; type: 'png' | 'jpg'; width: number; height: number } | null;
	/** '#RRGGBB', or null for the default blue. */
	colour: string | null;
	/** The département's Word template for the styles (docx-template.ts), or null. */
	template?: DocxTemplate | null;
}

export async function loadCharte(db: Db, projectId: number): Promise<Charte> {
	const row = await db.selectFrom('project_chartes').selectAll().where('project_id', '=', projectId).executeTakeFirst();
	const logo =
		row?.logo && row.logo_type && row.logo_width && row.logo_height
			? { data: new Uint8Array(row.logo), type: row.logo_type, width: row.logo_width, height: row.logo_height }
			: null;
	const template = row?.template_styles ? { styles: row.template_styles, theme: row.template_theme } : null;
	return { logo, colour: row?.colour ?? null, template };
}

/** Whether the project has a logo (and which template), without reading its bytes. */
export async function hasLogo(
	db: Db,
	projectId: number
): Promise<{ logo: boolean; colour: string | null; updatedAt: number | null; templateName: string | null }> {
	const row = await db
		.selectFrom('project_chartes')
		.select(['colour', 'updated_at', 'template_name', (eb) => eb('logo', 'is not', null).as('has_logo')])
		.where('project_id', '=', projectId)
		.executeTakeFirst();
	return { logo: !!row?.has_logo, colour: row?.colour ?? null, updatedAt: row?.updated_at ?? null, templateName: row?.template_name ?? null };
}

/** A file's name as shown back: its last part, printable, at most 120 characters. */
function shownName(name: string): string {
	const base = name.split(/[\\/]/).pop() ?? '';
	// eslint-disable-next-line no-control-regex
	const clean = base.normalize('NFC').replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '').trim();
	return (clean || 'modele.docx').slice(0, 120);
}

/** Hrefs other than to the SVG itself or to embedded pictures: nothing outside the file is read. */
const OUTSIDE_REFERENCE = /\bhref\s*=\s*["'](?!#|data:image\/)/i;

/**
 * Saves the charte: a new logo (checked from its bytes; an SVG rendered to PNG), or none, and the
 * colour. Returns a French message when the logo is refused.
 */
export async function saveCharte(
	db: Db,
	projectId: number,
	input: {
		logo?: Uint8Array | null;
		removeLogo?: boolean;
		colour: string | null;
		template?: { bytes: Uint8Array; name: string } | null;
		removeTemplate?: boolean;
	}
): Promise<{ ok: true } | { ok: false; message: string }> {
	let template: { styles: string | null; theme: string | null; name: string | null } | undefined;
	if (input.template && input.template.bytes.length) {
		const check = readTemplate(input.template.bytes);
		if (!check.ok) return check;
		template = { styles: check.styles, theme: check.theme, name: shownName(input.template.name) };
	} else if (input.removeTemplate) {
		template = { styles: null, theme: null, name: null };
	}
	let logo: Charte['logo'] | undefined;
	if (input.logo && input.logo.length) {
		const check = checkLogo(input.logo);
		if (!check.ok) return check;
		if (check.kind === 'svg') {
			if (OUTSIDE_REFERENCE.test(check.text) || /<!ENTITY/i.test(check.text)) {
				return { ok: false, message: 'Ce SVG fait référence à des fichiers extérieurs : enregistrez-le avec ses images incluses, ou en PNG.' };
			}
			try {
				const png = svgToPng(check.text, 1);
				const scale = Math.min(4, 800 / Math.max(png.width, png.height));
				const sharp = scale > 1.01 ? svgToPng(check.text, scale) : png;
				logo = { data: sharp.data, type: 'png', width: sharp.width, height: sharp.height };
			} catch {
				return { ok: false, message: 'Ce SVG n’a pas pu être lu : enregistrez-le à nouveau, ou en PNG.' };
			}
		} else {
			logo = { data: input.logo, type: check.kind, width: check.width, height: check.height };
		}
	} else if (input.removeLogo) {
		logo = null;
	}
	const values = {
		colour: input.colour,
		updated_at: now(),
		...(logo === undefined ? {} : { logo: logo?.data ?? null, logo_type: logo?.type ?? null, logo_width: logo?.width ?? null, logo_height: logo?.height ?? null }),
		...(template === undefined ? {} : { template_styles: template.styles, template_theme: template.theme, template_name: template.name })
	};
	await db
		.insertInto('project_chartes')
		.values({ project_id: projectId, ...values })
		.onConflict((oc) => oc.column('project_id').doUpdateSet(values))
		.execute();
	return { ok: true };
}
