import { readSheet } from 'read-excel-file/node';
import type { Db } from '../db/database.ts';
import type { DocStore } from '../realtime/doc-store.ts';
import { audit } from '../audit.ts';
import { ficheDocName } from '../../docs/doc-names.ts';
import { readPlanning, restoreContent } from '../../docs/fiche.ts';
import {
	decodeText,
	findDuplicates,
	parseFichesFile,
	parseFichesTable,
	type DuplicateMatch,
	type ImportResult,
	type ImportedFiche,
	type TextEncodingName
} from '../../domain/fiche-import.ts';
import { createFiche, type Actor } from './fiche.service.ts';
import { refreshFicheProjection, saveVersion } from './projection.ts';

/** What to do with imported fiches that are already in the project. */
export const DUPLICATE_CHOICES = ['update', 'skip', 'new'] as const;
export type DuplicateChoice = (typeof DUPLICATE_CHOICES)[number];

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

function isZip(bytes: Uint8Array): boolean {
	return ZIP_MAGIC.every((b, i) => bytes[i] === b);
}

/** An .xlsx cell as the text a person sees in it (dates as dd/mm/yyyy, which the calendar reads). */
function cellText(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (value instanceof Date) {
		if (Number.isNaN(value.getTime())) return '';
		const dd = String(value.getUTCDate()).padStart(2, '0');
		const mm = String(value.getUTCMonth() + 1).padStart(2, '0');
		return `${dd}/${mm}/${value.getUTCFullYear()}`;
	}
	if (typeof value === 'boolean') return value ? 'oui' : 'non';
	return String(value);
}

export type FileReading = ImportResult & { encoding: TextEncodingName | 'xlsx' | null };

/**
 * Reads an uploaded file: .xlsx (its first sheet), else text in whatever encoding it is in
 * (decodeText), as JSON or CSV.
 */
export async function readImportFile(name: string, bytes: Uint8Array): Promise<FileReading> {
	if (/\.xlsx$/i.test(name) || isZip(bytes)) {
		let rows: unknown[][];
		try {
			rows = (await readSheet(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))) as unknown[][];
		} catch {
			return { ok: false, errors: ['Le classeur Excel (.xlsx) n’a pas pu être lu : enregistrez-le à nouveau depuis Excel ou LibreOffice, ou en CSV.'], encoding: 'xlsx' };
		}
		return { ...parseFichesTable(rows.map((r) => r.map(cellText))), encoding: 'xlsx' };
	}
	const { text, encoding } = decodeText(bytes);
	return { ...parseFichesFile(name, text), encoding };
}

/** The project's fiches (not archived) an import may find again. */
export async function existingFiches(db: Db, projectId: number) {
	return db
		.selectFrom('fiches')
		.select(['id', 'number', 'axis', 'title'])
		.where('project_id', '=', projectId)
		.where('archived_at', 'is', null)
		.orderBy('id')
		.execute();
}

export async function matchDuplicates(db: Db, projectId: number, fiches: readonly ImportedFiche[]): Promise<DuplicateMatch[]> {
	return findDuplicates(fiches, await existingFiches(db, projectId));
}

/**
 * The fields and planning of an existing fiche become the imported ones, as new changes to its
 * live doc (co-writers see them arrive; comments and history stay), with a version before and
 * after. Its number, axis and status stay: they have their own rules (renumbering, validation).
 */
async function updateFromImport(db: Db, store: DocStore, ficheId: number, fiche: ImportedFiche, actor: Actor): Promise<void> {
	await saveVersion(db, store, ficheId, 'Avant import', actor.name);
	store.transact(
		ficheDocName(ficheId),
		(doc) => {
			const rows = readPlanning(doc);
			restoreContent(doc, {
				fields: fiche.fields,
				// Rows keep their identity by position, so only what changed is rewritten.
				planning: fiche.planning.map((r, i) => ({ id: rows[i]?.id ?? crypto.randomUUID(), phase: r.phase, position: i + 1, cells: r.cells }))
			});
		},
		{ userId: actor.userId }
	);
	await refreshFicheProjection(db, store, ficheId, { version: 'Mise à jour par import' });
}

export interface ImportOutcome {
	/** Fiches created. */
	ids: number[];
	/** Existing fiches updated. */
	updated: number[];
	skipped: number;
	addedAxes: string[];
}

/**
 * Creates the imported fiches in the project, field-identical. Published numbers are kept when
 * free (else the next free one); axes the project lacks are added (label = code, to rename in
 * the project's settings); fiches without a status are taken as validated (a published plan).
 * Fiches found in `matches` (findDuplicates) are updated, skipped or added as new, as chosen.
 */
export async function importFiches(
	db: Db,
	store: DocStore,
	projectId: number,
	fiches: readonly ImportedFiche[],
	actor: Actor,
	options: { matches?: readonly DuplicateMatch[]; duplicates?: DuplicateChoice } = {}
): Promise<ImportOutcome> {
	const matchOf = new Map((options.matches ?? []).map((m) => [m.index, m]));
	const choice = options.duplicates ?? 'new';
	const axes = await db.selectFrom('project_axes').select(['code', 'position']).where('project_id', '=', projectId).execute();
	const known = new Set(axes.map((a) => a.code));
	let position = axes.reduce((m, a) => Math.max(m, a.position), 0);
	const addedAxes: string[] = [];
	for (const [i, f] of fiches.entries()) {
		if (matchOf.has(i) && choice !== 'new') continue;
		if (f.axis && !known.has(f.axis)) {
			known.add(f.axis);
			addedAxes.push(f.axis);
			await db.insertInto('project_axes').values({ project_id: projectId, code: f.axis, label: f.axis, position: ++position }).execute();
		}
	}
	const ids: number[] = [];
	const updated: number[] = [];
	let skipped = 0;
	for (const [i, f] of fiches.entries()) {
		const match = matchOf.get(i);
		if (match && choice === 'skip') {
			skipped++;
			continue;
		}
		if (match && choice === 'update') {
			await updateFromImport(db, store, match.existingId, f, actor);
			updated.push(match.existingId);
			continue;
		}
		ids.push(
			await createFiche(
				db,
				store,
				projectId,
				{
					axis: f.axis,
					number: f.number,
					status: f.status ?? 'validee',
					fields: f.fields,
					planning: f.planning.map((r) => ({ phase: r.phase, cells: r.cells }))
				},
				actor
			)
		);
	}
	await audit(db, {
		userId: actor.userId,
		action: 'fiche.import',
		subject: `project:${projectId}`,
		detail: `${ids.length} créées, ${updated.length} mises à jour, ${skipped} ignorées`
	});
	return { ids, updated, skipped, addedAxes };
}
