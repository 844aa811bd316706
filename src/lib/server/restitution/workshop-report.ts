import type { Db } from '../db/database.ts';
import type { DocStore } from '../realtime/doc-store.ts';
import { AppError } from '../errors.ts';
import { boardDocName } from '../../docs/doc-names.ts';
import { getClusters, getNotes } from '../../docs/board.ts';
import { columnsOf, type BoardTemplate } from '../../domain/vocabulary.ts';
import { organisationKindLabel } from '../../domain/rotation.ts';
import { rankTargets, tally } from '../../domain/voting.ts';
import { linkProblems } from '../../domain/shared-problems.ts';
import { loadTerritoryShared, type TerritoryShared } from './territory-shared.ts';
import { FICHE_STATUSES, PROBLEM_COLUMNS, ficheCode, type FicheStatus } from '../../domain/fiche.ts';

// What a workshop produced, as the restitution slides, the restitution report (DOCX) and the CSV
// exports show it: built from the live board docs and SQL (votes, participants, fiches).

export interface ReportNote {
	id: string;
	text: string;
	organisation: string | null;
	votes: number;
}

export interface ReportCluster {
	id: string;
	title: string;
	votes: number;
	rank: number;
	notes: ReportNote[];
	ficheId: number | null;
	ficheRef: string | null;
}

export interface ReportColumn {
	id: string;
	label: string;
	problem: boolean;
	clusters: ReportCluster[];
	/** Notes outside any cluster, by votes then order. */
	loose: ReportNote[];
	noteCount: number;
}

export interface ReportTable {
	id: number;
	theme: string;
	template: BoardTemplate;
	columns: ReportColumn[];
	noteCount: number;
	voteCount: number;
	/** The facilitator shows the tallies (or the vote is closed): what the board itself shows. */
	votesVisible: boolean;
}

export interface SharedProblem {
	label: string;
	tables: { boardId: number; theme: string; clusterTitle: string; votes: number }[];
}

export interface WorkshopReport {
	workshop: { id: number; title: string; date: string | null; place: string; joinCode: string };
	project: { id: number; name: string; territory: string };
	figures: { participants: number; organisations: number; notes: number; votes: number; tables: number };
	tables: ReportTable[];
	shared: SharedProblem[];
	/** Problems the other territories of the département raised too (titles only). */
	territories: TerritoryShared[];
	fiches: { id: number; code: string | null; title: string; status: FicheStatus; statusLabel: string; boardTheme: string }[];
	organisations: { name: string; kind: string; participants: number }[];
	participantsByKind: { kind: string; count: number }[];
	/** Structures (distinct organisations) by kind, with their people: "Les structures présentes". */
	organisationsByKind: { kind: string; organisations: number; participants: number }[];
}

export async function loadWorkshopReport(db: Db, store: DocStore, workshopId: number): Promise<WorkshopReport> {
	const workshop = await db.selectFrom('workshops').selectAll().where('id', '=', workshopId).executeTakeFirst();
	if (!workshop) throw new AppError('not_found', 'Atelier introuvable.');
	const project = (await db.selectFrom('projects').select(['id', 'name', 'territory']).where('id', '=', workshop.project_id).executeTakeFirst())!;
	const boards = await db
		.selectFrom('boards')
		.select(['id', 'theme', 'template', 'votes_hidden', 'phase'])
		.where('workshop_id', '=', workshopId)
		.where('archived_at', 'is', null)
		.orderBy('position')
		.execute();
	const boardIds = boards.map((b) => b.id);
	const votes = boardIds.length
		? await db.selectFrom('votes').select(['board_id', 'target_id']).where('board_id', 'in', boardIds).execute()
		: [];
	const participants = await db.selectFrom('participants').select(['organisation']).where('workshop_id', '=', workshopId).execute();

	const tables: ReportTable[] = boards.map((b) => {
		const boardVotes = votes.filter((v) => v.board_id === b.id);
		const tallies = tally(boardVotes);
		const { notes, clusters } = store.read(boardDocName(b.id), (doc) => ({ notes: getNotes(doc), clusters: getClusters(doc) }));
		const toNote = (n: (typeof notes)[number]): ReportNote => ({ id: n.id, text: n.text, organisation: n.organisation ?? null, votes: tallies.get(n.id) ?? 0 });
		const byPosition = (a: { position: number }, z: { position: number }) => a.position - z.position;
		const columns = columnsOf(b.template).map((col) => {
			const colClusters = clusters.filter((c) => c.column === col.id);
			const ranked = rankTargets(colClusters, tallies).map((c) => ({
				id: c.id,
				title: c.title || 'Regroupement sans nom',
				votes: c.votes,
				rank: c.rank,
				notes: notes.filter((n) => n.clusterId === c.id).sort(byPosition).map(toNote),
				ficheId: c.ficheId ?? null,
				ficheRef: c.ficheRef ?? null
			}));
			const loose = notes
				.filter((n) => n.column === col.id && (!n.clusterId || !colClusters.some((c) => c.id === n.clusterId)))
				.sort(byPosition)
				.map(toNote)
				.sort((x, y) => y.votes - x.votes);
			return {
				id: col.id,
				label: col.label,
				problem: (PROBLEM_COLUMNS as readonly string[]).includes(col.id),
				clusters: ranked,
				loose,
				noteCount: notes.filter((n) => n.column === col.id).length
			};
		});
		return {
			id: b.id,
			theme: b.theme,
			template: b.template,
			columns,
			noteCount: notes.length,
			voteCount: boardVotes.length,
			votesVisible: !b.votes_hidden || b.phase === 'clos'
		};
	});

	const fiches = boardIds.length
		? await db
				.selectFrom('fiches as f')
				.innerJoin('boards as b', 'b.id', 'f.source_board_id')
				.select(['f.id', 'f.number', 'f.axis', 'f.title', 'f.status', 'b.theme'])
				.where('f.source_board_id', 'in', boardIds)
				.where('f.archived_at', 'is', null)
				.orderBy('f.number')
				.execute()
		: [];

	const orgs = new Map<string, { name: string; kind: string; participants: number }>();
	for (const p of participants) {
		const name = p.organisation.trim().replace(/\s+/g, ' ');
		const key = organisationKey(name);
		const o = orgs.get(key) ?? { name, kind: organisationKindLabel(name), participants: 0 };
		o.participants++;
		orgs.set(key, o);
	}
	const byKind = new Map<string, number>();
	for (const o of orgs.values()) byKind.set(o.kind, (byKind.get(o.kind) ?? 0) + o.participants);
	const orgsByKind = new Map<string, { kind: string; organisations: number; participants: number }>();
	for (const o of orgs.values()) {
		const k = orgsByKind.get(o.kind) ?? { kind: o.kind, organisations: 0, participants: 0 };
		k.organisations++;
		k.participants += o.participants;
		orgsByKind.set(o.kind, k);
	}

	return {
		workshop: { id: workshop.id, title: workshop.title, date: workshop.date, place: workshop.place, joinCode: workshop.join_code },
		project,
		figures: {
			participants: participants.length,
			organisations: orgs.size,
			notes: tables.reduce((s, t) => s + t.noteCount, 0),
			votes: votes.length,
			tables: tables.length
		},
		tables,
		shared: sharedProblems(tables),
		territories: await loadTerritoryShared(db, store, project.id),
		fiches: fiches.map((f) => ({
			id: f.id,
			code: ficheCode(f.number, f.axis),
			title: f.title || 'Fiche sans intitulé',
			status: f.status,
			statusLabel: FICHE_STATUSES[f.status],
			boardTheme: f.theme
		})),
		organisations: [...orgs.values()].sort((a, b) => a.kind.localeCompare(b.kind, 'fr') || a.name.localeCompare(b.name, 'fr')),
		participantsByKind: [...byKind.entries()].map(([kind, count]) => ({ kind, count })).sort((a, b) => b.count - a.count),
		organisationsByKind: [...orgsByKind.values()].sort((a, b) => b.organisations - a.organisations || b.participants - a.participants || a.kind.localeCompare(b.kind, 'fr'))
	};
}

/**
 * One structure however its people typed it: case, accents, apostrophes and spaces aside
 * ("CAF de l’Ain" = "caf de l'ain").
 */
export function organisationKey(name: string): string {
	return name
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[’‘ʼ`´]/g, "'")
		.replace(/\s+/g, ' ')
		.trim()
		.toLocaleLowerCase('fr');
}

/**
 * Problems raised at several tables: problem clusters that speak of the same thing, by their
 * titles and their notes (`linkProblems`, the similarity of the suggestions), grouped across tables.
 */
export function sharedProblems(tables: readonly ReportTable[]): SharedProblem[] {
	const items = tables.flatMap((t) =>
		t.columns
			.filter((c) => c.problem)
			.flatMap((c) =>
				c.clusters.map((cl) => ({
					key: `${t.id}:${cl.id}`,
					source: String(t.id),
					title: cl.title,
					notes: cl.notes.map((n) => n.text),
					votes: cl.votes,
					boardId: t.id,
					theme: t.theme
				}))
			)
	);
	return linkProblems(items).map((link) => ({
		label: link.label,
		tables: link.clusters.map((c) => ({ boardId: c.boardId, theme: c.theme, clusterTitle: c.title, votes: c.votes }))
	}));
}

/**
 * The report as a screen may show it: the tallies of a table whose votes are still hidden are left
 * out (a slide or a public link must not reveal what the board itself hides).
 */
export function withHiddenVotesMasked(report: WorkshopReport): WorkshopReport {
	const tables = report.tables.map((t) =>
		t.votesVisible
			? t
			: {
					...t,
					voteCount: 0,
					columns: t.columns.map((c) => ({
						...c,
						clusters: c.clusters.map((cl) => ({ ...cl, votes: 0, rank: 1, notes: cl.notes.map((n) => ({ ...n, votes: 0 })) })),
						loose: c.loose.map((n) => ({ ...n, votes: 0 }))
					}))
				}
	);
	const votes = tables.reduce((sum, t) => sum + t.voteCount, 0);
	return { ...report, tables, figures: { ...report.figures, votes }, shared: sharedProblems(tables) };
}
