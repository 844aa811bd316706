import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { DocStore } from '../realtime/doc-store.ts';
import { now } from '../clock.ts';
import { ficheDocName, parseDocName } from '../../docs/doc-names.ts';
import { readContent, searchText } from '../../docs/fiche.ts';
import { parseCalendarPhrase, type CalendarOptions } from '../../domain/calendar-phrase.ts';

// The SQL row of a fiche keeps a projection of its doc (title, porteur, lieu, planning period,
// searchable text), refreshed shortly after changes, so lists, search and exports never open
// every doc. Automatic versions are taken here too: at most one an hour while a fiche is edited.

export const PROJECTION_DELAY_MS = 400;
export const AUTO_VERSION_EVERY_MS = 3600_000;

export async function saveVersion(db: Db, store: DocStore, ficheId: number, reason: string, byName: string | null): Promise<number> {
	const state = store.fullState(ficheDocName(ficheId));
	const row = await db
		.insertInto('fiche_versions')
		.values({ fiche_id: ficheId, reason, by_name: byName, state, created_at: now() })
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

/**
 * Earliest start and latest end of the understood planning phrases; `incomplete` when a written
 * phrase was not understood (the period may be wider than shown: the sommaire says so).
 */
export function planningPeriod(
	calendars: readonly string[],
	options: CalendarOptions = {}
): { start: string | null; end: string | null; incomplete: boolean } {
	let start: string | null = null;
	let end: string | null = null;
	let incomplete = false;
	for (const c of calendars) {
		const p = parseCalendarPhrase(c, options);
		if (!p.understood) {
			if (p.reason === 'inconnu') incomplete = true;
			continue;
		}
		if (start === null || p.period.start < start) start = p.period.start;
		if (end === null || p.period.end > end) end = p.period.end;
	}
	return { start, end, incomplete };
}

export async function refreshFicheProjection(db: Db, store: DocStore, ficheId: number, options: { version?: string } = {}): Promise<void> {
	const row = await db
		.selectFrom('fiches as f')
		.innerJoin('projects as p', 'p.id', 'f.project_id')
		.select(['f.id', 'f.projected_at', 'p.period_start', 'p.period_end'])
		.where('f.id', '=', ficheId)
		.executeTakeFirst();
	if (!row) return;
	const content = store.read(ficheDocName(ficheId), readContent);
	const planYears = { start: row.period_start, end: row.period_end };
	const period = planningPeriod(
		content.planning.map((r) => r.cells.calendrier),
		{ planYears }
	);
	const t = now();
	const title = content.fields.title.trim();
	await db.transaction().execute(async (trx) => {
		await trx
			.updateTable('fiches')
			.set({
				title,
				porteur: content.fields.porteur.trim(),
				lieu: content.fields.lieu.trim(),
				period_start: period.start,
				period_end: period.end,
				period_incomplete: period.incomplete ? 1 : 0,
				updated_at: t,
				projected_at: t,
				content: JSON.stringify(content)
			})
			.where('id', '=', ficheId)
			.execute();
		await sql`DELETE FROM fiches_fts WHERE rowid = ${ficheId}`.execute(trx);
		await sql`INSERT INTO fiches_fts (rowid, title, body) VALUES (${ficheId}, ${title}, ${searchText(content)})`.execute(trx);
	});
	if (options.version) {
		await saveVersion(db, store, ficheId, options.version, null);
		return;
	}
	const last = await db
		.selectFrom('fiche_versions')
		.select('created_at')
		.where('fiche_id', '=', ficheId)
		.orderBy('created_at', 'desc')
		.executeTakeFirst();
	if (!last || t - last.created_at >= AUTO_VERSION_EVERY_MS) await saveVersion(db, store, ficheId, 'Enregistrement automatique', null);
}

/**
 * Debounced refresh of fiche rows after doc updates (sockets of co-writers, routes, restores).
 * createApp registers `onDocUpdated` on the doc store; one per app instance.
 */
export class FicheProjections {
	readonly #timers = new Map<number, ReturnType<typeof setTimeout>>();
	readonly #running = new Set<Promise<void>>();

	constructor(
		private readonly db: Db,
		private readonly store: DocStore
	) {}

	/** Called after every stored update of any doc: refreshes a fiche's row a moment later. */
	onDocUpdated = (docName: string): void => {
		if (!docName.startsWith('fiche:')) return;
		const parsed = parseDocName(docName);
		if (!parsed) return;
		const id = parsed.id;
		const existing = this.#timers.get(id);
		if (existing) clearTimeout(existing);
		const timer = setTimeout(() => {
			this.#timers.delete(id);
			const p = refreshFicheProjection(this.db, this.store, id)
				.catch((e) => console.error(`[fiches] projection ${id}:`, e))
				.finally(() => this.#running.delete(p));
			this.#running.add(p);
		}, PROJECTION_DELAY_MS);
		timer.unref?.();
		this.#timers.set(id, timer);
	};

	/** Runs every pending refresh now (shutdown, and routes that list right after an edit). */
	async flush(): Promise<void> {
		const ids = [...this.#timers.keys()];
		for (const t of this.#timers.values()) clearTimeout(t);
		this.#timers.clear();
		await Promise.all([...this.#running]);
		for (const id of ids) await refreshFicheProjection(this.db, this.store, id);
	}
}

/** Runs every pending refresh now (routes that list right after an edit): see DocStore.settle. */
export async function flushFicheProjections(_db: Db, store: DocStore): Promise<void> {
	await store.settle();
}

/**
 * Every fiche of a project read anew: after its years change, "dès 2025" or "toute la durée du
 * PST" mean other months.
 */
export async function refreshProjectProjections(db: Db, store: DocStore, projectId: number): Promise<number> {
	const rows = await db.selectFrom('fiches').select('id').where('project_id', '=', projectId).execute();
	for (const { id } of rows) await refreshFicheProjection(db, store, id);
	return rows.length;
}

/**
 * After a crash, a projection may miss the last moments of typing (it runs a moment after the
 * changes): at start, every fiche whose doc changed after its last projection is refreshed.
 */
export async function refreshStaleProjections(db: Db, store: DocStore): Promise<number> {
	const stale = await sql<{ id: number }>`
		SELECT f.id FROM fiches f
		WHERE f.projected_at = 0
		   OR EXISTS (SELECT 1 FROM doc_updates u WHERE u.doc_name = 'fiche:' || f.id AND u.created_at > f.projected_at)
		   OR EXISTS (SELECT 1 FROM doc_snapshots s WHERE s.doc_name = 'fiche:' || f.id AND s.updated_at > f.projected_at)`.execute(db);
	for (const { id } of stale.rows) await refreshFicheProjection(db, store, id);
	return stale.rows.length;
}
