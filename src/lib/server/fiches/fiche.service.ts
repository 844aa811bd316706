import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { isPostgres } from '../db/postgres.ts';
import type { DocStore } from '../realtime/doc-store.ts';
import { now } from '../clock.ts';
import { audit } from '../audit.ts';
import { AppError } from '../errors.ts';
import { suggestAxisFromContent } from '../../domain/axis-suggestion.ts';
import { ficheDocName, boardDocName } from '../../docs/doc-names.ts';
import {
	addPlanningRow,
	contentFromUpdate,
	ensureFields,
	restoreContent,
	readContent,
	writeMeta,
	writeProvenance,
	type FicheContent,
	type FicheProvenance
} from '../../docs/fiche.ts';
import { getClusters, getNotes, updateCluster, getSettings } from '../../docs/board.ts';
import {
	PROBLEM_COLUMNS,
	canMoveStatus,
	draftFromCluster,
	ficheCode,
	nextFicheNumber,
	renumber,
	statusNeedsManager,
	FICHE_STATUSES,
	type FicheFieldKey,
	type FicheSort,
	type FicheStatus,
	type PlanningColumnKey,
	type PlanningPhase
} from '../../domain/fiche.ts';
import { rankTargets, tally } from '../../domain/voting.ts';
import { refreshFicheProjection, saveVersion } from './projection.ts';

export { saveVersion };

/** Who acts: an account (userId) or an invited co-writer (name only). */
export interface Actor {
	userId: number | null;
	name: string;
}

export async function findFiche(db: Db, ficheId: number) {
	return db.selectFrom('fiches').selectAll().where('id', '=', ficheId).executeTakeFirst();
}

function newId(): string {
	return crypto.randomUUID();
}

export interface NewFiche {
	axis: string | null;
	/** `axis` is Tablée's suggestion, to be confirmed on the fiche. */
	axisSuggested?: boolean;
	fields?: Partial<Record<FicheFieldKey, string>>;
	planning?: { phase?: PlanningPhase | ''; cells?: Partial<Record<PlanningColumnKey, string>> }[];
	provenance?: FicheProvenance;
	votes?: number | null;
	rank?: number | null;
	status?: FicheStatus;
	/** Imported fiches keep their published number when it is free. */
	number?: number | null;
}

async function takenNumbers(db: Db, projectId: number): Promise<(number | null)[]> {
	const rows = await db.selectFrom('fiches').select('number').where('project_id', '=', projectId).execute();
	return rows.map((r) => r.number);
}

/** Creates the SQL row and the doc (every field's Y.Text, planning rows, meta, provenance). */
export async function createFiche(db: Db, store: DocStore, projectId: number, input: NewFiche, actor: Actor): Promise<number> {
	const t = now();
	const taken = await takenNumbers(db, projectId);
	const number = input.number && !taken.includes(input.number) ? input.number : nextFicheNumber(taken);
	const status = input.status ?? 'brouillon';
	const row = await db
		.insertInto('fiches')
		.values({
			project_id: projectId,
			number,
			axis: input.axis,
			status,
			status_changed_at: t,
			status_changed_by: actor.name,
			source_board_id: input.provenance?.boardId ?? null,
			source_cluster_id: input.provenance?.clusterId ?? null,
			votes: input.votes ?? null,
			vote_rank: input.rank ?? null,
			created_by: actor.userId,
			created_at: t,
			updated_at: t
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	const id = row.id;
	await db.insertInto('fiche_status_history').values({ fiche_id: id, from_status: null, to_status: status, reason: null, by_name: actor.name, at: t }).execute();
	store.transact(
		ficheDocName(id),
		(doc) => {
			ensureFields(doc, input.fields ?? {});
			for (const r of input.planning ?? []) addPlanningRow(doc, { id: newId(), phase: r.phase ?? '', cells: r.cells });
			writeMeta(doc, { number, axis: input.axis, status, votes: input.votes ?? null, rank: input.rank ?? null, axisSuggested: !!(input.axis && input.axisSuggested) });
			if (input.provenance) writeProvenance(doc, input.provenance);
		},
		{ userId: actor.userId }
	);
	await refreshFicheProjection(db, store, id, { version: 'Création' });
	await audit(db, { userId: actor.userId, action: 'fiche.create', subject: ficheDocName(id) });
	return id;
}

/**
 * "Créer une fiche-action" on a cluster: a draft pre-filled from the cluster and its notes; the
 * cluster then points to the fiche. Asking twice opens the same fiche.
 */
export async function createFicheFromCluster(db: Db, store: DocStore, boardId: number, clusterId: string, actor: Actor): Promise<number> {
	const board = await db
		.selectFrom('boards as b')
		.innerJoin('workshops as w', 'w.id', 'b.workshop_id')
		.innerJoin('projects as p', 'p.id', 'w.project_id')
		.select(['b.id', 'b.theme', 'w.id as workshop_id', 'w.title as workshop_title', 'p.id as project_id', 'p.territory'])
		.where('b.id', '=', boardId)
		.executeTakeFirst();
	if (!board) throw new AppError('not_found', 'Table introuvable.');
	const existing = await db
		.selectFrom('fiches')
		.select('id')
		.where('source_board_id', '=', boardId)
		.where('source_cluster_id', '=', clusterId)
		.where('archived_at', 'is', null)
		.executeTakeFirst();
	if (existing) return existing.id;

	const { cluster, notes, clusters, anonymous } = store.read(boardDocName(boardId), (doc) => {
		const clusters = getClusters(doc);
		return {
			clusters,
			cluster: clusters.find((c) => c.id === clusterId),
			notes: getNotes(doc).filter((n) => n.clusterId === clusterId),
			anonymous: getSettings(doc).anonymous
		};
	});
	if (!cluster) throw new AppError('not_found', 'Regroupement introuvable.');
	const votes = await db.selectFrom('votes').select('target_id').where('board_id', '=', boardId).execute();
	const ranked = rankTargets(clusters, tally(votes));
	const mine = ranked.find((c) => c.id === clusterId);
	const axes = await db.selectFrom('project_axes').select(['code', 'label']).where('project_id', '=', board.project_id).orderBy('position').execute();
	const draft = draftFromCluster({
		clusterLabel: cluster.title || 'Action sans titre',
		problemColumns: PROBLEM_COLUMNS,
		notes: notes.map((n) => ({ id: n.id, text: n.text, column: n.column, authorName: n.authorName, organisation: n.organisation })),
		territory: board.territory,
		boardTheme: board.theme,
		boardName: board.theme,
		workshopTitle: board.workshop_title,
		axes,
		anonymous,
		votes: votes.length ? (mine?.votes ?? 0) : null,
		rank: votes.length ? (mine?.rank ?? null) : null
	});
	// The table's theme first ("Autonomie" → AUT); else what the cluster speaks of ("Mobilité" → INS).
	const suggestedAxis =
		draft.suggestedAxis ?? suggestAxisFromContent({ title: cluster.title, notes: notes.map((n) => n.text) }, axes);
	const id = await createFiche(
		db,
		store,
		board.project_id,
		{
			axis: suggestedAxis,
			axisSuggested: suggestedAxis !== null,
			fields: draft.fields,
			planning: draft.planning,
			votes: draft.votes,
			rank: draft.rank,
			provenance: {
				boardId,
				boardName: board.theme,
				clusterId,
				clusterLabel: cluster.title,
				workshopId: board.workshop_id,
				workshopTitle: board.workshop_title,
				notes: draft.diagnosticLines
			}
		},
		actor
	);
	await mirrorClusterRef(db, store, id);
	return id;
}

/** The cluster a fiche came from shows its code ("→ fiche 12/INS") and links to it. */
async function mirrorClusterRef(db: Db, store: DocStore, ficheId: number) {
	const f = await findFiche(db, ficheId);
	if (!f || f.source_board_id === null || f.source_cluster_id === null) return;
	const clusterId = f.source_cluster_id;
	store.transact(boardDocName(f.source_board_id), (doc) =>
		updateCluster(doc, clusterId, { ficheRef: ficheCode(f.number, f.axis) ?? `n° ${f.number}`, ficheId })
	);
}

export async function duplicateFiche(db: Db, store: DocStore, ficheId: number, actor: Actor): Promise<number> {
	const f = await findFiche(db, ficheId);
	if (!f) throw new AppError('not_found', 'Fiche introuvable.');
	const content = store.read(ficheDocName(ficheId), readContent);
	return createFiche(
		db,
		store,
		f.project_id,
		{
			axis: f.axis,
			fields: { ...content.fields, title: `Copie de ${content.fields.title}`.trim() },
			planning: content.planning.map((r) => ({ phase: r.phase, cells: r.cells }))
		},
		actor
	);
}

export async function setFicheStatus(
	db: Db,
	store: DocStore,
	ficheId: number,
	to: FicheStatus,
	reason: string | null,
	actor: Actor & { manager: boolean }
): Promise<void> {
	const f = await findFiche(db, ficheId);
	if (!f) throw new AppError('not_found', 'Fiche introuvable.');
	if (f.status === to) return;
	if (!canMoveStatus(f.status, to))
		throw new AppError('invalid', `Une fiche « ${FICHE_STATUSES[f.status]} » ne peut pas passer à « ${FICHE_STATUSES[to]} ».`);
	if (statusNeedsManager(to) && !actor.manager) throw new AppError('forbidden', 'Seuls les pilotes et animateurs valident les fiches.');
	if (to === 'abandonnee' && !reason?.trim()) throw new AppError('invalid', 'Indiquez la raison de l’abandon.');
	const t = now();
	await db
		.updateTable('fiches')
		.set({ status: to, status_reason: to === 'abandonnee' ? reason!.trim() : null, status_changed_at: t, status_changed_by: actor.name, updated_at: t })
		.where('id', '=', ficheId)
		.execute();
	await db
		.insertInto('fiche_status_history')
		.values({ fiche_id: ficheId, from_status: f.status, to_status: to, reason: reason?.trim() || null, by_name: actor.name, at: t })
		.execute();
	store.transact(ficheDocName(ficheId), (doc) => writeMeta(doc, { status: to }), { userId: actor.userId });
	await saveVersion(db, store, ficheId, `Statut : ${FICHE_STATUSES[to]}`, actor.name);
	await audit(db, { userId: actor.userId, action: 'fiche.status', subject: ficheDocName(ficheId), detail: to });
}

export async function setFicheAxis(db: Db, store: DocStore, ficheId: number, axis: string | null, actor: Actor): Promise<void> {
	const f = await findFiche(db, ficheId);
	if (!f) throw new AppError('not_found', 'Fiche introuvable.');
	if (axis !== null) {
		const known = await db.selectFrom('project_axes').select('code').where('project_id', '=', f.project_id).where('code', '=', axis).executeTakeFirst();
		if (!known) throw new AppError('invalid', 'Cet axe n’existe pas dans ce projet.');
	}
	await db.updateTable('fiches').set({ axis, updated_at: now() }).where('id', '=', ficheId).execute();
	store.transact(ficheDocName(ficheId), (doc) => writeMeta(doc, { axis, axisSuggested: false }), { userId: actor.userId });
	await mirrorClusterRef(db, store, ficheId);
}

/** Final numbering: by axis (the project's order), then creation. Returns how many changed. */
export async function renumberFiches(db: Db, store: DocStore, projectId: number, actor: Actor): Promise<number> {
	const fiches = await db
		.selectFrom('fiches')
		.select(['id', 'axis', 'created_at', 'number'])
		.where('project_id', '=', projectId)
		.where('archived_at', 'is', null)
		.execute();
	const axes = await db.selectFrom('project_axes').select('code').where('project_id', '=', projectId).orderBy('position').execute();
	const numbers = renumber(
		fiches.map((f) => ({ id: f.id, axis: f.axis, createdAt: f.created_at })),
		axes.map((a) => a.code)
	);
	const changed = fiches.filter((f) => numbers.get(f.id) !== f.number);
	await db.transaction().execute(async (trx) => {
		// Archived fiches give their numbers back: they are not in the published plan.
		await trx.updateTable('fiches').set({ number: null }).where('project_id', '=', projectId).where('archived_at', 'is not', null).execute();
		for (const f of changed) await trx.updateTable('fiches').set({ number: numbers.get(f.id)! }).where('id', '=', f.id).execute();
	});
	for (const f of changed) {
		store.transact(ficheDocName(f.id), (doc) => writeMeta(doc, { number: numbers.get(f.id)! }), { userId: actor.userId });
		await mirrorClusterRef(db, store, f.id);
	}
	await audit(db, { userId: actor.userId, action: 'fiche.renumber', subject: `project:${projectId}`, detail: String(changed.length) });
	return changed.length;
}

export async function setFicheArchived(db: Db, ficheId: number, archived: boolean, actor: Actor) {
	await db.updateTable('fiches').set({ archived_at: archived ? now() : null }).where('id', '=', ficheId).execute();
	await audit(db, { userId: actor.userId, action: archived ? 'fiche.archive' : 'fiche.restore', subject: ficheDocName(ficheId) });
}

// ---------------------------------------------------------------------------------------------
// Lists and search

export interface FicheListOptions {
	status?: FicheStatus | null;
	axis?: string | null;
	q?: string | null;
	sort?: FicheSort;
	descending?: boolean;
	includeArchived?: boolean;
}

/**
 * FTS5 query from what a user typed: every word must appear (prefix match on the last word of
 * each), a hyphenated or elided group is a phrase ("non-recours", "l'accès"); no operator of the
 * user's reaches FTS5.
 */
export function ftsQuery(input: string): string | null {
	const phrases = input
		.normalize('NFC')
		.split(/\s+/)
		.map((chunk) => chunk.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0))
		.filter((words) => words.length > 0)
		.slice(0, 12);
	if (!phrases.length) return null;
	return phrases.map((words) => `"${words.join(' ')}"*`).join(' ');
}

/**
 * The same search for PostgreSQL's text search (configuration tablee_fr: accents folded, French
 * stemming): every word must appear, the last word of each group as a prefix, a hyphenated or elided
 * group as a phrase (words next to each other). Only letters and digits reach `to_tsquery`.
 */
export function pgTsQuery(input: string): string | null {
	const phrases = input
		.normalize('NFC')
		.split(/\s+/)
		.map((chunk) => chunk.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0))
		.filter((words) => words.length > 0)
		.slice(0, 12);
	if (!phrases.length) return null;
	return phrases.map((words) => `(${words.map((w, i) => (i === words.length - 1 ? `${w}:*` : w)).join(' <-> ')})`).join(' & ');
}

export async function listFiches(db: Db, projectId: number, options: FicheListOptions = {}) {
	let q = db
		.selectFrom('fiches as f')
		.leftJoin('project_axes as a', (j) => j.onRef('a.project_id', '=', 'f.project_id').onRef('a.code', '=', 'f.axis'))
		.select([
			'f.id',
			'f.number',
			'f.axis',
			'f.title',
			'f.porteur',
			'f.lieu',
			'f.status',
			'f.status_reason',
			'f.period_start',
			'f.period_end',
			'f.period_incomplete',
			'f.updated_at',
			'f.archived_at',
			'f.source_board_id',
			'a.position as axis_position',
			'a.label as axis_label'
		])
		.where('f.project_id', '=', projectId);
	if (!options.includeArchived) q = q.where('f.archived_at', 'is', null);
	if (options.status) q = q.where('f.status', '=', options.status);
	if (options.axis) q = q.where('f.axis', '=', options.axis);
	const pg = isPostgres(db);
	const match = options.q ? (pg ? pgTsQuery(options.q) : ftsQuery(options.q)) : null;
	if (options.q && !match) return [];
	if (match) {
		q = q.where(
			'f.id',
			'in',
			pg
				? sql<number>`(SELECT rowid FROM fiches_fts WHERE tsv @@ to_tsquery('tablee_fr', ${match}))`
				: sql<number>`(SELECT rowid FROM fiches_fts WHERE fiches_fts MATCH ${match})`
		);
	}
	const dir = options.descending ? 'desc' : 'asc';
	switch (options.sort ?? 'numero') {
		case 'nom':
			q = q.orderBy(pg ? sql`lower(f.title)` : sql`f.title COLLATE NOCASE`, dir);
			break;
		case 'porteur':
			q = q.orderBy(pg ? sql`lower(f.porteur)` : sql`f.porteur COLLATE NOCASE`, dir);
			break;
		case 'axe':
			q = q.orderBy('a.position', dir);
			break;
		case 'statut':
			q = q.orderBy(
				sql`CASE f.status WHEN 'brouillon' THEN 0 WHEN 'relecture' THEN 1 WHEN 'validee' THEN 2 WHEN 'en_cours' THEN 3 WHEN 'realisee' THEN 4 ELSE 5 END`,
				dir
			);
			break;
		case 'modification':
			q = q.orderBy('f.updated_at', dir);
			break;
		default:
			break;
	}
	const rows = await q.orderBy('f.number', dir).orderBy('f.id').execute();
	return rows.map((r) => ({ ...r, code: ficheCode(r.number, r.axis) }));
}

// ---------------------------------------------------------------------------------------------
// Versions

export async function listVersions(db: Db, ficheId: number) {
	return db
		.selectFrom('fiche_versions')
		.select(['id', 'reason', 'by_name', 'created_at'])
		.where('fiche_id', '=', ficheId)
		.orderBy('created_at', 'desc')
		.orderBy('id', 'desc')
		.execute();
}

export async function getVersionState(db: Db, ficheId: number, versionId: number): Promise<Uint8Array> {
	const v = await db
		.selectFrom('fiche_versions')
		.select('state')
		.where('fiche_id', '=', ficheId)
		.where('id', '=', versionId)
		.executeTakeFirst();
	if (!v) throw new AppError('not_found', 'Version introuvable.');
	return v.state;
}

export function currentContent(store: DocStore, ficheId: number): FicheContent {
	return store.read(ficheDocName(ficheId), readContent);
}

/** Restores a past version as a new change: the current text is kept as a version first. */
export async function restoreVersion(db: Db, store: DocStore, ficheId: number, versionId: number, actor: Actor): Promise<void> {
	const state = await getVersionState(db, ficheId, versionId);
	const old = contentFromUpdate(state);
	await saveVersion(db, store, ficheId, 'Avant restauration', actor.name);
	store.transact(ficheDocName(ficheId), (doc) => restoreContent(doc, old), { userId: actor.userId });
	await refreshFicheProjection(db, store, ficheId, { version: 'Version restaurée' });
	await audit(db, { userId: actor.userId, action: 'fiche.restore-version', subject: ficheDocName(ficheId), detail: String(versionId) });
}
