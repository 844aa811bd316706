import type { Db } from '../db/database.ts';
import { now } from '../clock.ts';
import { audit } from '../audit.ts';

// The project's own words for the suggestions, stored as the text the département wrote (it was
// validated by parseProjectVocabulary before it got here).

export async function findProjectVocabulary(db: Db, projectId: number): Promise<string> {
	const row = await db.selectFrom('project_vocabularies').select('text').where('project_id', '=', projectId).executeTakeFirst();
	return row?.text ?? '';
}

/** Saves the text (an empty text removes the project's vocabulary: the thesaurus alone). */
export async function saveProjectVocabulary(db: Db, projectId: number, text: string, byUserId: number): Promise<void> {
	await db.transaction().execute(async (trx) => {
		if (!text.trim()) await trx.deleteFrom('project_vocabularies').where('project_id', '=', projectId).execute();
		else
			await trx
				.insertInto('project_vocabularies')
				.values({ project_id: projectId, text, updated_by: byUserId, updated_at: now() })
				.onConflict((oc) => oc.column('project_id').doUpdateSet({ text, updated_by: byUserId, updated_at: now() }))
				.execute();
		await audit(trx, { userId: byUserId, action: 'project.vocabulary', subject: `project:${projectId}` });
	});
}
