// Import of fiches-actions from JSON (the shape of the published-plan fixture) and from CSV
// (a spreadsheet with the sheet's French labels as column titles, e.g. exported from Excel with
// ";" separators). Pure: returns the fiches or the French reasons it cannot.
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
	number: number | null;
	axis: string | null;
	status: FicheStatus | null;
	fields: Record<FicheFieldKey, string>;
	planning: ImportedRow[];
}

export type ImportResult = { ok: true; fiches: ImportedFiche[] } | { ok: false; errors: string[] };

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
		fiches.push({ number, axis, status: parseStatus(str(o.status)), fields, planning });
	});
	return errors.length ? { ok: false, errors } : { ok: true, fiches };
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
	| { kind: 'number' | 'axis' | 'code' | 'status' | 'phase' };

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
	for (const k of ['n', 'no', 'numero', 'n de l action', 'numero de l action', 'number']) m.set(k, { kind: 'number' });
	for (const k of ['axe', 'axis']) m.set(k, { kind: 'axis' });
	for (const k of ['code', 'reference']) m.set(k, { kind: 'code' });
	for (const k of ['statut', 'status']) m.set(k, { kind: 'status' });
	m.set('phase', { kind: 'phase' });
	return m;
}

/**
 * One line per fiche, or several: a line with the same N° (or code) as the line above, or with no
 * intitulé, adds a planning row to the fiche above it.
 */
export function parseFichesCsv(text: string): ImportResult {
	const records = parseCsv(text);
	if (records.length < 2) return { ok: false, errors: ['Le fichier CSV doit avoir une ligne de titres et au moins une fiche.'] };
	const index = columnIndex();
	const header = records[0].map((h) => index.get(fold(h)) ?? null);
	const unknown = records[0].filter((h, i) => header[i] === null && h.trim() !== '');
	if (!header.some((c) => c?.kind === 'field' && c.key === 'title'))
		return { ok: false, errors: ['Colonne « Intitulé de l’action » introuvable dans la ligne de titres.'] };
	if (unknown.length) return { ok: false, errors: [`Colonnes non reconnues : ${unknown.map((u) => `« ${u} »`).join(', ')}.`] };
	if (records.length - 1 > MAX_IMPORT_FICHES * 20) return { ok: false, errors: ['Fichier trop long.'] };

	const errors: string[] = [];
	const fiches: ImportedFiche[] = [];
	let currentKey: string | null = null;
	records.slice(1).forEach((rec, i) => {
		const line = i + 2;
		const fields = emptyFields();
		const cells = emptyCells();
		let number: number | null = null;
		let axis: string | null = null;
		let status: FicheStatus | null = null;
		let phase: PlanningPhase | '' = '';
		header.forEach((col, j) => {
			const v = (rec[j] ?? '').trim();
			if (!col || !v) return;
			switch (col.kind) {
				case 'field':
					fields[col.key] = v;
					break;
				case 'cell':
					cells[col.key] = v;
					break;
				case 'number':
					if (/^\d{1,4}$/.test(v)) number = Number(v);
					else errors.push(`Ligne ${line} : numéro « ${v} » invalide.`);
					break;
				case 'axis':
					axis = v.toUpperCase();
					break;
				case 'code': {
					const c = parseCode(v);
					if (!c) errors.push(`Ligne ${line} : code « ${v} » invalide (attendu : 12/INS).`);
					else {
						number ??= c.number;
						axis ??= c.axis;
					}
					break;
				}
				case 'status':
					status = parseStatus(v);
					if (!status) errors.push(`Ligne ${line} : statut « ${v} » inconnu.`);
					break;
				case 'phase':
					phase = parsePhase(v);
					break;
			}
		});
		const key: string | null = number !== null ? `${number}/${axis ?? ''}` : null;
		const hasRow = Object.values(cells).some((c) => c !== '') || phase !== '';
		const continues = fiches.length > 0 && (fields.title === '' || (key !== null && key === currentKey));
		if (continues) {
			if (hasRow) fiches[fiches.length - 1].planning.push({ phase, cells });
			return;
		}
		if (!fields.title) {
			errors.push(`Ligne ${line} : l’intitulé de l’action manque.`);
			return;
		}
		currentKey = key;
		fiches.push({ number, axis, status, fields, planning: hasRow ? [{ phase, cells }] : [] });
	});
	if (fiches.length > MAX_IMPORT_FICHES) errors.push(`Au plus ${MAX_IMPORT_FICHES} fiches par import.`);
	return errors.length ? { ok: false, errors: errors.slice(0, 20) } : { ok: true, fiches };
}

/** By file name or content: JSON starts with { or [. */
export function parseFichesFile(name: string, text: string): ImportResult {
	const trimmed = text.replace(/^\uFEFF/, '').trimStart();
	if (/\.json$/i.test(name) || trimmed.startsWith('{') || trimmed.startsWith('[')) return parseFichesJson(text);
	return parseFichesCsv(text);
}
