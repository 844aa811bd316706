import writeXlsxFile from 'write-excel-file/node';
import { toCsv } from '../../domain/csv.ts';
import { PROGRESS, STEP_STATES, dayOf, formatPeriodShort, type Tableau } from '../../domain/suivi.ts';
import { FICHE_STATUSES } from '../../domain/fiche.ts';

// The tableau de suivi as files: one line per action (CSV for French Excel, with the project's
// CSV-injection protections of toCsv), and in Excel a second sheet with one line per step. Every
// text cell of the workbook is typed String, so nothing a porteur typed is read as a formula.

const ACTION_HEADER = ['N° action', 'Action', 'Axe', 'Lieu', 'Porteur', 'Statut de la fiche', 'Avancement', 'Étapes', 'Étapes réalisées', 'Étapes en retard', 'Étapes abandonnées', 'Dernière mise à jour'];
const STEP_HEADER = ['N° action', 'Action', 'Étape', 'Calendrier prévisionnel', 'Période', 'État', 'En retard (mois)', 'Date de réalisation', 'Raison', 'Reportée à', 'Mis à jour par', 'Mis à jour le'];

function actionRows(t: Tableau): (string | number)[][] {
	return t.actions.map((a) => [
		a.code ?? '',
		a.title,
		a.axis ?? '',
		a.lieu,
		a.porteur,
		FICHE_STATUSES[a.status],
		PROGRESS[a.progress],
		a.steps.length,
		a.steps.filter((s) => s.state === 'realisee').length,
		a.steps.filter((s) => s.late).length,
		a.steps.filter((s) => s.state === 'abandonnee').length,
		a.lastUpdate === null ? '' : dayOf(a.lastUpdate)
	]);
}

function stepRows(t: Tableau): (string | number)[][] {
	return t.actions.flatMap((a) =>
		a.steps.map((s) => [
			a.code ?? '',
			a.title,
			s.label,
			s.calendrier,
			s.planned ? formatPeriodShort(s.planned) : 'non comprise',
			STEP_STATES[s.state],
			s.late ? s.monthsLate : '',
			s.event?.donePhrase ?? '',
			s.event?.reason ?? '',
			s.event?.reportPhrase ?? '',
			s.event?.byName ?? '',
			s.event ? dayOf(s.event.at) : ''
		])
	);
}

export function tableauCsv(t: Tableau): string {
	return toCsv(ACTION_HEADER, actionRows(t));
}

export async function tableauXlsx(t: Tableau): Promise<Buffer> {
	const sheet = (header: string[], rows: (string | number)[][]) => [
		header.map((value) => ({ value, type: String, fontWeight: 'bold' as const, wrap: true })),
		...rows.map((row) => row.map((value) => (typeof value === 'number' ? { value, type: Number } : { value, type: String, wrap: true })))
	];
	const widths = (header: string[]) => header.map((h) => ({ width: h === 'Action' || h === 'Étape' || h === 'Raison' ? 40 : h.length > 14 ? 18 : 12 }));
	return writeXlsxFile([
		{ data: sheet(ACTION_HEADER, actionRows(t)), sheet: `Actions au ${t.asOf}`, columns: widths(ACTION_HEADER), stickyRowsCount: 1 },
		{ data: sheet(STEP_HEADER, stepRows(t)), sheet: 'Étapes', columns: widths(STEP_HEADER), stickyRowsCount: 1 }
	] as never).toBuffer();
}
