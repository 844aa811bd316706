// Import of fiches-actions from JSON (the shape of the published-plan fixture) and from tables:
// CSV (a spreadsheet with the sheet's French labels as column titles, e.g. saved by French Excel
// with ";" in Windows-1252, or the app's own sommaire.csv / fiches.csv) and the rows of an .xlsx
// sheet (read on the server). Pure: returns the fiches, per-line French errors and warnings, and
// which fiches already exist in the project.
import * as v from 'valibot';
import {
	FICHE_FIELDS,
	FICHE_FIELD_KEYS,
	FICHE_STATUSES,
	FICHE_STATUS_VALUES,
	PLANNING_COLUMNS,
	PLANNING_COLUMN_KEYS,
	PLANNING_PHASES,
	PLANNING_PHASE_VALUES,
	type FicheFieldKey,
	type FicheStatus,
	type PlanningColumnKey,
	type PlanningPhase
} from './fiche.ts';

export interface ImportedRow {
	phase: PlanningPhase | '';
	cells: Record<PlanningColumnKey, string>;
}

export interface ImportedFiche {
	/** Where it starts in the file, for the preview and its errors: "ligne 5", "fiche 3". */
	source: string;
	number: number | null;
	axis: string | null;
	status: FicheStatus | null;
	fields: Record<FicheFieldKey, string>;
	planning: ImportedRow[];
}

/**
 * `fiches` are those read without error (shown in the preview even when other lines have errors);
 * `warnings` do not stop the import (columns ignored).
 */
export type ImportResult =
	| { ok: true; fiches: ImportedFiche[]; warnings: string[] }
	| { ok: false; errors: string[]; fiches?: ImportedFiche[]; warnings?: string[] };

/** At most this many errors are listed; the rest are counted. */
export const MAX_LISTED_ERRORS = 30;

export const MAX_IMPORT_FICHES = 500;

function fold(s: string): string {
	return s
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[’']/g, ' ')
		.replace(/[^a-z0-9]+/g, ' ')
		.trim();
}

function emptyFields(): Record<FicheFieldKey, string> {
	return Object.fromEntries(FICHE_FIELD_KEYS.map((k) => [k, ''])) as Record<FicheFieldKey, string>;
}
function emptyCells(): Record<PlanningColumnKey, string> {
	return Object.fromEntries(PLANNING_COLUMN_KEYS.map((k) => [k, ''])) as Record<PlanningColumnKey, string>;
}

/** "1/COOR" → { number: 1, axis: 'COOR' }. */
export function parseCode(code: string): { number: number; axis: string } | null {
	const m = /^\s*(\d{1,4})\s*\/\s*([A-Za-z][A-Za-z0-9_-]{0,11})\s*$/.exec(code);
	return m ? { number: Number(m[1]), axis: m[2].toUpperCase() } : null;
}

function parseStatus(value: string): FicheStatus | null {
	const f = fold(value);
	if (!f) return null;
	for (const s of FICHE_STATUS_VALUES) if (f === fold(s) || f === fold(FICHE_STATUSES[s])) return s;
	return null;
}

function parsePhase(value: string): PlanningPhase | '' {
	const f = fold(value);
	for (const p of PLANNING_PHASE_VALUES) if (f === fold(p) || f === fold(PLANNING_PHASES[p])) return p;
	return '';
}

function str(v: unknown): string {
	if (typeof v === 'string') return v;
	if (typeof v === 'number' && Number.isFinite(v)) return String(v);
	return '';
}

function listed(errors: string[]): string[] {
	if (errors.length <= MAX_LISTED_ERRORS) return errors;
	const more = errors.length - MAX_LISTED_ERRORS;
	return [...errors.slice(0, MAX_LISTED_ERRORS), `… et ${more} autre${more > 1 ? 's' : ''} erreur${more > 1 ? 's' : ''}.`];
}

// ---------------------------------------------------------------------------------------------
// Text encodings

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'windows-1252' | 'iso-8859-15';

/** Bytes Windows-1252 prints (€ œ Š …) where ISO-8859-15 has C1 control codes. */
const CP1252_ONLY = (b: number) => b >= 0x80 && b <= 0x9f;
/** Bytes that are € œ Œ Š š Ž ž Ÿ in ISO-8859-15, and rare signs (¤ ½ ¼ ¦ ¨ ´ ¸ ¾) in Windows-1252. */
const ISO_8859_15_LETTERS = new Set([0xa4, 0xa6, 0xa8, 0xb4, 0xb8, 0xbc, 0xbd, 0xbe]);

/**
 * The text of a file whose encoding nobody says: UTF-8 (with or without BOM), UTF-16 (Excel's
 * "Texte Unicode", with its BOM), else one of the two 8-bit encodings French Windows and older
 * Unix tools save in. A file that is valid UTF-8 is read as UTF-8 (8-bit French text almost never
 * is); otherwise Windows-1252 unless it has no byte only Windows-1252 prints and some that are
 * letters in ISO-8859-15 (œ, €).
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncodingName } {
	if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
	if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
	try {
		return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
	} catch {
		// Not UTF-8: an 8-bit encoding.
	}
	let cp1252 = false;
	let iso = false;
	for (const b of bytes) {
		if (CP1252_ONLY(b)) cp1252 = true;
		else if (ISO_8859_15_LETTERS.has(b)) iso = true;
	}
	const encoding = !cp1252 && iso ? 'iso-8859-15' : 'windows-1252';
	return { text: decode8bit(bytes, encoding === 'iso-8859-15' ? ISO_8859_15_TABLE : CP1252_TABLE), encoding };
}

// Decoded here rather than by TextDecoder: Node 20's 'windows-1252' decoder is Latin-1 (it turns
// ’ œ € … into control codes), and the ISO-8859-15 one needs full ICU.
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const CP1252_TABLE = new Map([...CP1252_HIGH].map((c, i) => [0x80 + i, c]));
const ISO_8859_15_TABLE = new Map([
	[0xa4, '€'],
	[0xa6, 'Š'],
	[0xa8, 'š'],
	[0xb4, 'Ž'],
	[0xb8, 'ž'],
	[0xbc, 'Œ'],
	[0xbd, 'œ'],
	[0xbe, 'Ÿ']
]);

/** Latin-1, with the bytes `table` gives other characters. */
function decode8bit(bytes: Uint8Array, table: Map<number, string>): string {
	let text = '';
	for (let i = 0; i < bytes.length; i += 4096) {
		const chunk = bytes.subarray(i, i + 4096);
		text += Array.from(chunk, (b) => table.get(b) ?? String.fromCharCode(b)).join('');
	}
	return text;
}

export const ENCODING_LABELS: Record<TextEncodingName, string> = {
	'utf-8': 'UTF-8',
	'utf-16le': 'UTF-16 (Texte Unicode)',
	'windows-1252': 'Windows-1252 (Excel français)',
	'iso-8859-15': 'ISO-8859-15 (Latin-9)'
};

// ---------------------------------------------------------------------------------------------
// JSON

export function parseFichesJson(text: string): ImportResult {
	let data: unknown;
	try {
		data = JSON.parse(text.replace(/^\uFEFF/, ''));
	} catch {
		return { ok: false, errors: ['Le fichier n’est pas un JSON valide.'] };
	}
	const list = Array.isArray(data) ? data : data && typeof data === 'object' && Array.isArray((data as { fiches?: unknown }).fiches) ? (data as { fiches: unknown[] }).fiches : null;
	if (!list) return { ok: false, errors: ['Le JSON doit être une liste de fiches, ou un objet avec une liste « fiches ».'] };
	if (list.length === 0) return { ok: false, errors: ['Le fichier ne contient aucune fiche.'] };
	if (list.length > MAX_IMPORT_FICHES) return { ok: false, errors: [`Au plus ${MAX_IMPORT_FICHES} fiches par import.`] };
	const errors: string[] = [];
	const fiches: ImportedFiche[] = [];
	list.forEach((item, i) => {
		if (!item || typeof item !== 'object') {
			errors.push(`Fiche ${i + 1} : ce n’est pas un objet.`);
			return;
		}
		const o = item as Record<string, unknown>;
		const fields = emptyFields();
		for (const key of FICHE_FIELD_KEYS) fields[key] = str(o[key]);
		const code = parseCode(str(o.code));
		const number = typeof o.number === 'number' && Number.isInteger(o.number) && o.number > 0 ? o.number : (code?.number ?? null);
		const axis = typeof o.axis === 'string' && o.axis.trim() ? o.axis.trim().toUpperCase() : (code?.axis ?? null);
		const planning: ImportedRow[] = [];
		if (o.planning !== undefined && !Array.isArray(o.planning)) errors.push(`Fiche ${i + 1} : « planning » doit être une liste.`);
		for (const r of Array.isArray(o.planning) ? o.planning : []) {
			if (!r || typeof r !== 'object') continue;
			const row = r as Record<string, unknown>;
			const cells = emptyCells();
			for (const key of PLANNING_COLUMN_KEYS) cells[key] = str(row[key]);
			planning.push({ phase: parsePhase(str(row.phase)), cells });
		}
		if (!fields.title.trim()) errors.push(`Fiche ${i + 1} : l’intitulé de l’action manque.`);
		else fiches.push({ source: `fiche ${i + 1}`, number, axis, status: parseStatus(str(o.status)), fields, planning });
	});
	return errors.length ? { ok: false, errors: listed(errors), fiches, warnings: [] } : { ok: true, fiches, warnings: [] };
}

// ---------------------------------------------------------------------------------------------
// CSV

/** RFC 4180 records; the separator is guessed from the first line (";" from a French Excel, "," or tab). */
export function parseCsv(text: string): string[][] {
	const src = text.replace(/^\uFEFF/, '');
	const firstLine = src.slice(0, src.search(/\r?\n|$/));
	const counts = [';', ',', '\t'].map((sep) => [sep, firstLine.split(sep).length] as const);
	const sep = counts.sort((a, b) => b[1] - a[1])[0][0];
	const records: string[][] = [];
	let record: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < src.length; i++) {
		const c = src[i];
		if (quoted) {
			if (c === '"') {
				if (src[i + 1] === '"') {
					field += '"';
					i++;
				} else quoted = false;
			} else field += c;
		} else if (c === '"' && field === '') quoted = true;
		else if (c === sep) {
			record.push(field);
			field = '';
		} else if (c === '\n' || c === '\r') {
			if (c === '\r' && src[i + 1] === '\n') i++;
			record.push(field);
			records.push(record);
			record = [];
			field = '';
		} else field += c;
	}
	if (field !== '' || record.length) {
		record.push(field);
		records.push(record);
	}
	return records.filter((r) => r.some((f) => f.trim() !== ''));
}

type Column =
	| { kind: 'field'; key: FicheFieldKey }
	| { kind: 'cell'; key: PlanningColumnKey }
	| { kind: 'number' | 'axis' | 'code' | 'status' | 'phase' | 'derived' };

/** Column titles understood, by their folded French label (and the fixture's keys). */
function columnIndex(): Map<string, Column> {
	const m = new Map<string, Column>();
	for (const f of FICHE_FIELDS) {
		m.set(fold(f.label), { kind: 'field', key: f.key });
		m.set(fold(f.key), { kind: 'field', key: f.key });
	}
	const aliases: Record<string, FicheFieldKey> = {
		intitule: 'title',
		'nom de l action': 'title',
		action: 'title',
		'direction de territoire': 'direction',
		diagnostic: 'diagnostic',
		'elements de diagnostic': 'diagnostic',
		lieu: 'lieu',
		'lieu territoire': 'lieu',
		objectifs: 'objectifs',
		description: 'description',
		'public concerne': 'public',
		public: 'public',
		contenu: 'contenu',
		partenaires: 'partenaires',
		'acteurs partenaires': 'partenaires',
		'resultats attendus': 'resultats',
		moyens: 'moyens',
		'moyens a prevoir': 'moyens',
		indicateurs: 'indicateurs',
		porteur: 'porteur',
		'references document cadre intitule': 'cadre_intitule',
		'references document cadre action': 'cadre_action'
	};
	for (const [k, v] of Object.entries(aliases)) m.set(k, { kind: 'field', key: v });
	for (const c of PLANNING_COLUMNS) {
		m.set(fold(c.label), { kind: 'cell', key: c.key });
		m.set(fold(c.key), { kind: 'cell', key: c.key });
	}
	m.set('calendrier', { kind: 'cell', key: 'calendrier' });
	m.set('qui', { kind: 'cell', key: 'qui' });
	for (const k of ['n', 'no', 'numero', 'n de l action', 'numero de l action', 'number', 'n action', 'no action', 'numero action']) m.set(k, { kind: 'number' });
	// Columns the app's own exports add, computed from the planning: read and left aside.
	for (const k of ['debut prevu', 'fin prevue', 'calendrier incomplet', 'periode']) m.set(k, { kind: 'derived' });
	m.set('lieu territoire', { kind: 'field', key: 'lieu' });
	for (const k of ['axe', 'axis']) m.set(k, { kind: 'axis' });
	for (const k of ['code', 'reference']) m.set(k, { kind: 'code' });
	for (const k of ['statut', 'status']) m.set(k, { kind: 'status' });
	m.set('phase', { kind: 'phase' });
	return m;
}

/** What Excel's escaping adds before a cell it would take for a formula: taken off on the way in. */
function unescapeCell(value: string): string {
	return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}

/**
 * One line per fiche, or several: a line with the same N° (or code) as the line above, or with no
 * intitulé, adds a planning row to the fiche above it. `records[0]` is the line of titles.
 */
export function parseFichesTable(records: readonly (readonly string[])[]): ImportResult {
	if (records.length < 2) return { ok: false, errors: ['Le fichier doit avoir une ligne de titres et au moins une fiche.'] };
	const index = columnIndex();
	const header = records[0].map((h) => index.get(fold(h)) ?? null);
	const unknown = records[0].filter((h, i) => header[i] === null && h.trim() !== '');
	if (!header.some((c) => c?.kind === 'field' && c.key === 'title'))
		return { ok: false, errors: ['Colonne « Intitulé de l’action » (ou « Nom de l’action ») introuvable dans la ligne de titres.'] };
	if (records.length - 1 > MAX_IMPORT_FICHES * 20) return { ok: false, errors: ['Fichier trop long.'] };
	const warnings = unknown.length ? [`Colonnes non reconnues, ignorées : ${unknown.map((u) => `« ${u.trim()} »`).join(', ')}.`] : [];

	const errors: string[] = [];
	const fiches: ImportedFiche[] = [];
	let currentKey: string | null = null;
	let currentFailed = false;
	records.slice(1).forEach((rec, i) => {
		const line = i + 2;
		const lineErrors: string[] = [];
		const fields = emptyFields();
		const cells = emptyCells();
		let number: number | null = null;
		let axis: string | null = null;
		let status: FicheStatus | null = null;
		let phase: PlanningPhase | '' = '';
		header.forEach((col, j) => {
			const v = unescapeCell((rec[j] ?? '').trim());
			if (!col || !v) return;
			switch (col.kind) {
				case 'field':
					fields[col.key] = v;
					break;
				case 'cell':
					cells[col.key] = v;
					break;
				case 'number': {
					// The app's sommaire writes the code ("12/INS") in its "N° action" column.
					const c = parseCode(v);
					if (/^\d{1,4}$/.test(v)) number = Number(v);
					else if (c) {
						number = c.number;
						axis ??= c.axis;
					} else lineErrors.push(`Ligne ${line} : numéro « ${v} » invalide (attendu : 12 ou 12/INS).`);
					break;
				}
				case 'axis':
					if (/^[A-Za-z][A-Za-z0-9_-]{0,11}$/.test(v)) axis = v.toUpperCase();
					else lineErrors.push(`Ligne ${line} : axe « ${v} » invalide (un code court, par exemple INS).`);
					break;
				case 'code': {
					const c = parseCode(v);
					if (!c) lineErrors.push(`Ligne ${line} : code « ${v} » invalide (attendu : 12/INS).`);
					else {
						number ??= c.number;
						axis ??= c.axis;
					}
					break;
				}
				case 'status':
					status = parseStatus(v);
					if (!status) lineErrors.push(`Ligne ${line} : statut « ${v} » inconnu (attendu : ${FICHE_STATUS_VALUES.map((s) => FICHE_STATUSES[s]).join(', ')}).`);
					break;
				case 'phase':
					phase = parsePhase(v);
					if (!phase) lineErrors.push(`Ligne ${line} : phase « ${v} » inconnue (attendu : ${PLANNING_PHASE_VALUES.map((p) => PLANNING_PHASES[p]).join(', ')}).`);
					break;
				case 'derived':
					break;
			}
		});
		const key: string | null = number !== null ? `${number}/${axis ?? ''}` : null;
		const hasRow = Object.values(cells).some((c) => c !== '') || phase !== '';
		const continues = (fiches.length > 0 || currentFailed) && (fields.title === '' || (key !== null && key === currentKey));
		errors.push(...lineErrors);
		if (continues) {
			if (lineErrors.length) {
				// A planning row in error: its fiche is not imported, the preview says why.
				if (!currentFailed) fiches.pop();
				currentFailed = true;
				return;
			}
			if (hasRow && !currentFailed) fiches[fiches.length - 1].planning.push({ phase, cells });
			return;
		}
		if (!fields.title) {
			errors.push(`Ligne ${line} : l’intitulé de l’action manque.`);
			currentFailed = true;
			return;
		}
		currentKey = key;
		currentFailed = lineErrors.length > 0;
		if (!currentFailed) fiches.push({ source: `ligne ${line}`, number, axis, status, fields, planning: hasRow ? [{ phase, cells }] : [] });
	});
	if (fiches.length > MAX_IMPORT_FICHES) errors.push(`Au plus ${MAX_IMPORT_FICHES} fiches par import.`);
	return errors.length ? { ok: false, errors: listed(errors), fiches, warnings } : { ok: true, fiches, warnings };
}

export function parseFichesCsv(text: string): ImportResult {
	return parseFichesTable(parseCsv(text));
}

// ---------------------------------------------------------------------------------------------
// Fiches already in the project

export interface ExistingFiche {
	id: number;
	number: number | null;
	title: string;
}

export interface DuplicateMatch {
	/** Index in the imported list. */
	index: number;
	existingId: number;
	by: 'numero' | 'intitule';
}

/**
 * Imported fiches that are already in the project: the same number (a fiche's number is unique
 * in its project), else the same title once case, accents and punctuation are set aside. Each
 * existing fiche matches at most one imported fiche (the first).
 */
export function findDuplicates(imported: readonly ImportedFiche[], existing: readonly ExistingFiche[]): DuplicateMatch[] {
	const byNumber = new Map(existing.filter((e) => e.number !== null).map((e) => [e.number, e.id]));
	const byTitle = new Map<string, number>();
	for (const e of existing) {
		const t = fold(e.title);
		if (t && !byTitle.has(t)) byTitle.set(t, e.id);
	}
	const used = new Set<number>();
	const matches: DuplicateMatch[] = [];
	imported.forEach((f, index) => {
		const numbered = f.number !== null ? byNumber.get(f.number) : undefined;
		const titled = byTitle.get(fold(f.fields.title));
		const match = numbered !== undefined && !used.has(numbered) ? { id: numbered, by: 'numero' as const } : titled !== undefined && !used.has(titled) ? { id: titled, by: 'intitule' as const } : null;
		if (!match) return;
		used.add(match.id);
		matches.push({ index, existingId: match.id, by: match.by });
	});
	return matches;
}

/** By file name or content: JSON starts with { or [. `.xlsx` files are read on the server (fiches/import.ts). */
export function parseFichesFile(name: string, text: string): ImportResult {
	const trimmed = text.replace(/^\uFEFF/, '').trimStart();
	if (/\.json$/i.test(name) || trimmed.startsWith('{') || trimmed.startsWith('[')) return parseFichesJson(text);
	return parseFichesCsv(text);
}

// ---------------------------------------------------------------------------------------------
// The confirmation of a previewed import (form fields, validated at the route)

export const DUPLICATE_CHOICE_MISSING = 'Choisissez quoi faire des fiches déjà présentes : les mettre à jour, les ignorer ou les ajouter comme nouvelles.';

/** doublons: what to do with fiches already in the project (asked only when there are some). */
export const importConfirmSchema = v.object({
	jeton: v.pipe(v.string('Prévisualisation introuvable : choisissez le fichier à nouveau.'), v.regex(/^[A-Za-z0-9_-]{16,64}$/, 'Prévisualisation introuvable : choisissez le fichier à nouveau.')),
	doublons: v.optional(v.picklist(['update', 'skip', 'new'], DUPLICATE_CHOICE_MISSING))
});
