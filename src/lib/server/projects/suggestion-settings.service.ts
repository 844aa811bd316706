import type { Db } from '../db/database.ts';
import { now } from '../clock.ts';
import { audit } from '../audit.ts';

// A project's settings for the suggestions: the territory's vocabulary, stored as the text the
// département wrote (validated by parseProjectVocabulary before it gets here), and whether the
// semantic help may receive the notes' texts (off by default).

export interface SuggestionSettings {
	vocabulary: string;
	semanticEnabled: boolean;
}

export async function findSuggestionSettings(db: Db, projectId: number): Promise<SuggestionSettings> {
	const row = await db.selectFrom('project_suggestion_settings').select(['vocabulary', 'semantic_enabled']).where('project_id', '=', projectId).executeTakeFirst();
	return { vocabulary: row?.vocabulary ?? '', semanticEnabled: row?.semantic_enabled === 1 };
}

/** Saves what changes (an empty vocabulary: the thesaurus alone), audited. */
export async function saveSuggestionSettings(db: Db, projectId: number, changes: Partial<SuggestionSettings>, byUserId: number): Promise<void> {
	const values = {
		...(changes.vocabulary !== undefined ? { vocabulary: changes.vocabulary.trim() ? changes.vocabulary : '' } : {}),
		...(changes.semanticEnabled !== undefined ? { semantic_enabled: changes.semanticEnabled ? 1 : 0 } : {}),
		updated_by: byUserId,
		updated_at: now()
	};
	await db.transaction().execute(async (trx) => {
		await trx
			.insertInto('project_suggestion_settings')
			.values({ project_id: projectId, ...values })
			.onConflict((oc) => oc.column('project_id').doUpdateSet(values))
			.execute();
		const what = changes.vocabulary !== undefined ? 'project.vocabulary' : 'project.semantic';
		await audit(trx, { userId: byUserId, action: what, subject: `project:${projectId}`, detail: changes.semanticEnabled !== undefined ? String(changes.semanticEnabled) : undefined });
	});
}
