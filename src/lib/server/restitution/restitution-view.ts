import type { Db } from '../db/database.ts';
import { boardDocName } from '../../docs/doc-names.ts';
import { getDocStore } from '../realtime/index.ts';
import { joinUrl, qrSvg } from '../qr.ts';
import { loadWorkshopReport, withHiddenVotesMasked } from './workshop-report.ts';

/** What the restitution slides need, for the facilitator's page and the public link alike. */
export async function restitutionView(db: Db, workshopId: number, origin: string) {
	const report = withHiddenVotesMasked(await loadWorkshopReport(db, getDocStore(), workshopId));
	const url = joinUrl(origin, report.workshop.joinCode);
	return { report, join: { url, qr: await qrSvg(url) } };
}

/** The docs whose changes the slides follow: the workshop's tables. */
export async function followedDocs(db: Db, workshopId: number): Promise<string[]> {
	const boards = await db.selectFrom('boards').select('id').where('workshop_id', '=', workshopId).execute();
	return boards.map((b) => boardDocName(b.id));
}
