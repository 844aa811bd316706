import { FICHE_FIELDS, PLANNING_COLUMNS, PLANNING_PHASES, type PlanningPhase } from '../../domain/fiche.ts';
import { toCsv } from '../../domain/csv.ts';
import type { PlanData, PlanFiche } from './plan-data.ts';
import type { WorkshopReport } from '../restitution/workshop-report.ts';

// CSV and Markdown exports, from the plan (SQL projection) and the workshop report.

/**
 * Every fiche with all its fields and planning, one line per planning row (the first line of a
 * fiche holds its fields, the next ones only its N° and the row): the shape the import reads back
 * (fiche-import.ts), for CSV and Excel. A fiche without a title is written "Fiche sans intitulé"
 * (a line without one would be read as a planning row of the fiche above).
 */
export function fichesTable(plan: PlanData): { header: string[]; rows: string[][] } {
	const header = ['N° action', 'Axe', 'Statut', ...FICHE_FIELDS.map((f) => f.label), 'Phase', ...PLANNING_COLUMNS.map((c) => c.label)];
	const rows: string[][] = [];
	for (const f of plan.fiches) {
		const number = f.code ?? (f.number !== null ? String(f.number) : '');
		const fields = FICHE_FIELDS.map((d) => (d.key === 'title' ? f.fields.title.trim() || 'Fiche sans intitulé' : f.fields[d.key]));
		const planning = f.planning.length ? f.planning : [null];
		planning.forEach((r, i) => {
			const step = r ? [r.phase ? PLANNING_PHASES[r.phase as PlanningPhase] : '', ...PLANNING_COLUMNS.map((c) => r.cells[c.key] ?? '')] : PLANNING_COLUMNS.map(() => '').concat('');
			rows.push(i === 0 ? [number, f.axis ?? '', f.statusLabel, ...fields, ...step] : [number, '', '', ...FICHE_FIELDS.map(() => ''), ...step]);
		});
	}
	return { header, rows };
}

export function fichesCsv(plan: PlanData): string {
	const { header, rows } = fichesTable(plan);
	return toCsv(header, rows);
}

export function sommaireCsv(plan: PlanData): string {
	return toCsv(
		['N° action', "Nom de l'action", 'Porteur', 'Axe', 'Statut', 'Lieu / territoire', 'Début prévu', 'Fin prévue', 'Calendrier incomplet'],
		plan.fiches.map((f) => [
			f.code ?? f.number ?? '',
			f.fields.title,
			f.fields.porteur,
			f.axis ?? '',
			f.statusLabel,
			f.fields.lieu,
			f.periodStart ?? '',
			f.periodEnd ?? '',
			f.periodIncomplete ? 'oui' : ''
		])
	);
}

/** One line per contribution: its table, column, cluster (with the cluster's votes) and votes. */
export function contributionsCsv(report: WorkshopReport): string {
	const rows: (string | number)[][] = [];
	for (const t of report.tables) {
		for (const col of t.columns) {
			for (const c of col.clusters) {
				for (const n of c.notes) rows.push([t.theme, col.label, c.title, c.votes, c.rank, n.text, n.votes, n.organisation ?? '', c.ficheRef ?? '']);
			}
			for (const n of col.loose) rows.push([t.theme, col.label, '', '', '', n.text, n.votes, n.organisation ?? '', '']);
		}
	}
	return toCsv(['Table', 'Colonne', 'Regroupement', 'Votes du regroupement', 'Rang', 'Contribution', 'Votes de la contribution', 'Structure', 'Fiche-action'], rows);
}

function mdEscape(s: string): string {
	return s.replace(/([\\`*_[\]#|<>])/g, '\\$1');
}

function mdCell(s: string): string {
	return mdEscape(s).replace(/\r?\n/g, '<br>');
}

/** A fiche as Markdown: title, the fields as sections, the planning as a table. */
export function ficheToMarkdown(fiche: PlanFiche, projectName: string): string {
	const lines: string[] = [];
	const title = mdEscape(fiche.fields.title || 'Sans intitulé');
	lines.push(fiche.code ? `# Fiche-action ${fiche.code} : ${title}` : `# Fiche-action : ${title}`);
	lines.push('', `*${mdEscape(projectName)} · statut : ${fiche.statusLabel}${fiche.axisLabel ? ` · axe : ${mdEscape(fiche.axisLabel)}` : ''}*`);
	for (const f of FICHE_FIELDS) {
		if (f.key === 'title') continue;
		lines.push('', `## ${f.label}`, '', fiche.fields[f.key].trim() ? mdEscape(fiche.fields[f.key].trim()) : '—');
	}
	lines.push('', '## Planning et échéancier · Suivi de l’action', '');
	lines.push(`| ${PLANNING_COLUMNS.map((c) => c.label).join(' | ')} |`, `| ${PLANNING_COLUMNS.map(() => '---').join(' | ')} |`);
	for (const r of fiche.planning) {
		const phase = r.phase ? `**${PLANNING_PHASES[r.phase as PlanningPhase]}** ` : '';
		lines.push(`| ${PLANNING_COLUMNS.map((c) => (c.key === 'quoi' ? phase : '') + mdCell(r.cells[c.key] ?? '')).join(' | ')} |`);
	}
	return lines.join('\n') + '\n';
}
