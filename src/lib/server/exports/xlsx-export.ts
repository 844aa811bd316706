import writeXlsxFile from 'write-excel-file/node';
import { fichesTable } from './text-exports.ts';
import type { PlanData } from './plan-data.ts';

// The plan's fiches as an Excel workbook (.xlsx), in the shape the import reads back: every cell
// is text (a "2024" calendar stays the phrase, not a number; nothing is taken for a formula).

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function fichesXlsx(plan: PlanData): Promise<Buffer> {
	const { header, rows } = fichesTable(plan);
	const data = [
		header.map((value) => ({ value, type: String, fontWeight: 'bold' as const, wrap: true })),
		...rows.map((row) => row.map((value) => ({ value, type: String, wrap: true })))
	];
	return writeXlsxFile(data, {
		sheet: 'Fiches',
		stickyRowsCount: 1,
		columns: header.map((h) => ({ width: h === 'N° action' || h === 'Axe' ? 10 : h.length > 30 ? 40 : 24 }))
	}).toBuffer();
}
