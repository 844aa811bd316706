import type { Db } from '../db/database.ts';
import type { DocStore } from '../realtime/doc-store.ts';
import { now } from '../clock.ts';
import { ficheDocName } from '../../docs/doc-names.ts';
import { planningCell, readFields, readPlanning, setPlanningCell } from '../../docs/fiche.ts';
import { dayOf, indicatorNames, lastDayOfMonth, periodOf } from '../../domain/suivi.ts';

// The demo plan's suivi, so that the tableau de suivi means something at once: step states and
// realisation dates up to today (from the app's clock), some steps late, a few abandoned or
// postponed, results written into the fiches, and indicator values per year. Deterministic (a
// seeded generator), and relative to today: a step planned before today is mostly done, one of
// today's period is often under way, later ones wait. Fiche statuses are left as published
// ("Validée"): the tableau then suggests the statuses to confirm, as it would for a real plan.

const DAY = 86_400_000;
const REASONS = ['Besoins qui ont évolué', 'Reprise par d’autres partenaires', 'Réorganisation des services'];
const RESULTS = [
	'Réunion tenue avec les partenaires (CAF, CCAS, Mission locale) ; compte rendu diffusé.',
	'Groupe de travail constitué : 12 participants de 8 structures ; calendrier arrêté.',
	'Outil diffusé aux équipes des CDS ; premiers retours positifs des usagers.',
	'Action présentée au comité de suivi ; ajustements validés.',
	'Deux sessions organisées, 35 personnes accueillies.'
];

function random(seed: number) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function monthStart(isoMonth: string): number {
	return Date.parse(`${isoMonth}-01T09:00:00Z`);
}

export async function seedDemoSuivi(db: Db, store: DocStore, projectId: number, by: { userId: number; name: string }): Promise<void> {
	const project = await db.selectFrom('projects').select(['period_start', 'period_end']).where('id', '=', projectId).executeTakeFirstOrThrow();
	const planYears = { start: project.period_start, end: project.period_end };
	const t = now();
	const today = dayOf(t);
	const month = today.slice(0, 7);
	const year = Number(today.slice(0, 4));
	const rand = random(2022);
	const fiches = await db.selectFrom('fiches').select(['id']).where('project_id', '=', projectId).orderBy('number').execute();
	const PORTEURS = ['DT Val de Saône Dombes', 'CDS de Trévoux', 'CDS de Châtillon-sur-Chalaronne'];

	for (const [i, f] of fiches.entries()) {
		const docName = ficheDocName(f.id);
		const { rows, fields } = store.read(docName, (doc) => ({ rows: readPlanning(doc), fields: readFields(doc) }));
		const porteur = fields.porteur.trim() || PORTEURS[i % PORTEURS.length];
		const results: { rowId: string; text: string; date: string }[] = [];
		for (const row of rows) {
			const planned = periodOf(row.cells.calendrier, { planYears });
			if (!planned) continue;
			const r = rand();
			const insert = (state: 'realisee' | 'en_cours' | 'abandonnee' | 'reportee', at: number, extra: { reason?: string; done?: string; report?: string } = {}) =>
				db
					.insertInto('suivi_step_events')
					.values({
						fiche_id: f.id,
						row_id: row.id,
						state,
						reason: extra.reason ?? null,
						done_phrase: extra.done ?? null,
						done_start: extra.done ? doneMonth : null,
						done_end: extra.done ? doneMonth : null,
						report_phrase: extra.report ?? null,
						by_name: porteur,
						by_user_id: null,
						by_invite_id: null,
						by_link_id: null,
						at: Math.min(at, t - DAY)
					})
					.execute();
			// Done in the period's last month, or this month's previous one when the period is not over.
			const doneMonth = planned.end < month ? planned.end : prevMonth(month);
			if (planned.end < month) {
				if (r < 0.62) {
					await insert('en_cours', monthStart(planned.start) + 10 * DAY);
					const [y, m] = doneMonth.split('-');
					const phrase = `${['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'][Number(m) - 1]} ${y}`;
					await insert('realisee', Date.parse(`${lastDayOfMonth(doneMonth)}T16:00:00Z`) + Math.floor(rand() * 20) * DAY, { done: phrase });
					results.push({ rowId: row.id, text: RESULTS[Math.floor(rand() * RESULTS.length)], date: phrase });
				} else if (r < 0.7) {
					await insert('abandonnee', monthStart(planned.end) + 5 * DAY, { reason: REASONS[Math.floor(rand() * REASONS.length)] });
				} else if (r < 0.78) {
					await insert('reportee', monthStart(planned.end) + 5 * DAY, { reason: 'Manque de disponibilité des partenaires', report: `${year + 1}` });
				} else if (r < 0.9) {
					// Started, never finished: late.
					await insert('en_cours', monthStart(planned.start) + 15 * DAY);
				}
				// Else: never updated, late.
			} else if (planned.start <= month && r < 0.6) {
				await insert('en_cours', monthStart(planned.start) + 12 * DAY);
			}
		}
		if (results.length) {
			store.transact(
				docName,
				(doc) => {
					for (const res of results) {
						// A published fiche's own follow-up stays as written: only empty cells get the demo's.
						if (!planningCell(doc, res.rowId, 'elements')?.toString().trim()) setPlanningCell(doc, res.rowId, 'elements', res.text);
						if (!planningCell(doc, res.rowId, 'date_realisation')?.toString().trim()) setPlanningCell(doc, res.rowId, 'date_realisation', res.date);
					}
				},
				{ userId: by.userId }
			);
		}
		// Indicator values for the years gone by, the first two indicators of the fiche.
		for (const [k, indicator] of indicatorNames(fields.indicateurs).slice(0, 2).entries()) {
			const base = 5 + Math.floor(rand() * 20);
			for (let y = Math.max(planYears.start + 1, year - 3); y < year; y++) {
				await db
					.insertInto('suivi_indicator_values')
					.values({ fiche_id: f.id, indicator, year: y, value: base + (y - planYears.start) * (2 + k), by_name: porteur, by_user_id: null, by_invite_id: null, by_link_id: null, at: Math.min(Date.parse(`${y + 1}-01-20T10:00:00Z`), t - DAY) })
					.execute();
			}
		}
	}
}

function prevMonth(isoMonth: string): string {
	const [y, m] = isoMonth.split('-').map(Number);
	return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
