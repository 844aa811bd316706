import type { Db } from '../db/database.ts';
import type { DocStore } from '../realtime/doc-store.ts';
import { AppError } from '../errors.ts';
import { flushFicheProjections } from '../fiches/projection.ts';
import { FICHE_FIELD_KEYS, FICHE_STATUSES, ficheCode, type FicheFieldKey, type FicheStatus } from '../../domain/fiche.ts';
import type { FicheContent, PlanningRow } from '../../docs/fiche.ts';
import { loadCharte, type Charte } from './charte.ts';

// The plan as the exports see it: read from the fiches' SQL projection (never from the docs), in
// the order of the published plan (by number).

export interface PlanFiche {
	id: number;
	number: number | null;
	axis: string | null;
	axisLabel: string | null;
	code: string | null;
	status: FicheStatus;
	statusLabel: string;
	fields: Record<FicheFieldKey, string>;
	planning: PlanningRow[];
	periodStart: string | null;
	periodEnd: string | null;
	/** A planning phrase was not understood: the period may be wider than periodStart-periodEnd. */
	periodIncomplete: boolean;
}

export interface PlanData {
	project: { id: number; name: string; territory: string; departement: string; periodStart: number; periodEnd: number; charte?: Charte };
	axes: { code: string; label: string }[];
	fiches: PlanFiche[];
}

function emptyContent(): FicheContent {
	return { fields: Object.fromEntries(FICHE_FIELD_KEYS.map((k) => [k, ''])) as Record<FicheFieldKey, string>, planning: [] };
}

export function parseContent(json: string): FicheContent {
	if (!json) return emptyContent();
	const c = JSON.parse(json) as Partial<FicheContent>;
	const base = emptyContent();
	return { fields: { ...base.fields, ...(c.fields ?? {}) }, planning: c.planning ?? [] };
}

/** The plan of a project (or some of its fiches), archived fiches left out. */
export async function loadPlan(db: Db, store: DocStore, projectId: number, options: { ficheIds?: number[] } = {}): Promise<PlanData> {
	await flushFicheProjections(db, store);
	const project = await db.selectFrom('projects').selectAll().where('id', '=', projectId).executeTakeFirst();
	if (!project) throw new AppError('not_found', 'Projet introuvable.');
	const axes = await db.selectFrom('project_axes').select(['code', 'label']).where('project_id', '=', projectId).orderBy('position').execute();
	let q = db
		.selectFrom('fiches')
		.select(['id', 'number', 'axis', 'status', 'content', 'period_start', 'period_end', 'period_incomplete'])
		.where('project_id', '=', projectId)
		.where('archived_at', 'is', null);
	if (options.ficheIds) q = q.where('id', 'in', options.ficheIds.length ? options.ficheIds : [-1]);
	const rows = await q.orderBy((eb) => eb.fn.coalesce('number', eb.val(1_000_000)), 'asc').orderBy('id').execute();
	const axisLabel = new Map(axes.map((a) => [a.code, a.label]));
	return {
		project: {
			id: project.id,
			name: project.name,
			territory: project.territory,
			departement: project.departement,
			periodStart: project.period_start,
			periodEnd: project.period_end,
			charte: await loadCharte(db, projectId)
		},
		axes,
		fiches: rows.map((r) => {
			const content = parseContent(r.content);
			return {
				id: r.id,
				number: r.number,
				axis: r.axis,
				axisLabel: r.axis ? (axisLabel.get(r.axis) ?? null) : null,
				code: ficheCode(r.number, r.axis),
				status: r.status,
				statusLabel: FICHE_STATUSES[r.status],
				fields: content.fields,
				planning: content.planning,
				periodStart: r.period_start,
				periodEnd: r.period_end,
				periodIncomplete: r.period_incomplete === 1
			};
		})
	};
}
