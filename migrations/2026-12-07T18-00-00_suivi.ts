import type { Kysely } from 'kysely';

// The suivi (follow-up) of a plan over its six years (issue 17). What needs history and
// attribution but no live co-typing lives here, in SQL: step states, realisation dates, indicator
// values, the bilan's verdicts. What partners co-write live (a step's "Principaux éléments") stays
// in the fiche's Yjs document. Every table is append-only or keeps who and when.
export async function up(db: Kysely<any>): Promise<void> {
	// "Mise à jour" links: a porteur without an account updates the suivi of the fiches listed in
	// suivi_link_fiches (chosen when the link is made), nothing else. Only the token's SHA-256 is kept.
	await db.schema
		.createTable('suivi_links')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
		.addColumn('porteur', 'text', (c) => c.notNull())
		.addColumn('token_hash', 'text', (c) => c.notNull().unique())
		.addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('expires_at', 'integer', (c) => c.notNull())
		.addColumn('revoked_at', 'integer')
		// Last time the link was opened (a facilitator sees who never came).
		.addColumn('last_used_at', 'integer')
		.execute();
	await db.schema
		.createTable('suivi_link_fiches')
		.addColumn('link_id', 'integer', (c) => c.notNull().references('suivi_links.id').onDelete('cascade'))
		.addColumn('fiche_id', 'integer', (c) => c.notNull().references('fiches.id').onDelete('cascade'))
		.addPrimaryKeyConstraint('suivi_link_fiches_pk', ['link_id', 'fiche_id'])
		.execute();

	// One row per change of a planning step's state; the current state is the last row. row_id is
	// the planning row's id in the fiche doc. done_start/done_end: the realisation period ('YYYY-MM')
	// read from done_phrase by parseCalendarPhrase, null when no date was given.
	await db.schema
		.createTable('suivi_step_events')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('fiche_id', 'integer', (c) => c.notNull().references('fiches.id').onDelete('cascade'))
		.addColumn('row_id', 'text', (c) => c.notNull())
		.addColumn('state', 'text', (c) => c.notNull())
		.addColumn('reason', 'text')
		.addColumn('done_phrase', 'text')
		.addColumn('done_start', 'text')
		.addColumn('done_end', 'text')
		.addColumn('report_phrase', 'text')
		.addColumn('by_name', 'text', (c) => c.notNull())
		.addColumn('by_user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('by_invite_id', 'integer', (c) => c.references('fiche_invites.id').onDelete('set null'))
		.addColumn('by_link_id', 'integer', (c) => c.references('suivi_links.id').onDelete('set null'))
		.addColumn('at', 'integer', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('suivi_step_events_fiche').on('suivi_step_events').columns(['fiche_id', 'row_id', 'at']).execute();

	// Values of a fiche's result indicators per year; the current value is the last row of
	// (fiche, indicator, year); value null records a removal.
	await db.schema
		.createTable('suivi_indicator_values')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('fiche_id', 'integer', (c) => c.notNull().references('fiches.id').onDelete('cascade'))
		.addColumn('indicator', 'text', (c) => c.notNull())
		.addColumn('year', 'integer', (c) => c.notNull())
		.addColumn('value', 'real')
		.addColumn('by_name', 'text', (c) => c.notNull())
		.addColumn('by_user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('by_invite_id', 'integer', (c) => c.references('fiche_invites.id').onDelete('set null'))
		.addColumn('by_link_id', 'integer', (c) => c.references('suivi_links.id').onDelete('set null'))
		.addColumn('at', 'integer', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('suivi_indicator_values_fiche').on('suivi_indicator_values').columns(['fiche_id', 'at']).execute();

	// The bilan of an action at the end of the plan: réalisée / partiellement / non réalisée, the
	// reason (from the project's list or free text), and whether it is an "exemple de réussite".
	await db.schema
		.createTable('bilan_entries')
		.addColumn('fiche_id', 'integer', (c) => c.primaryKey().references('fiches.id').onDelete('cascade'))
		.addColumn('outcome', 'text', (c) => c.notNull())
		.addColumn('reason', 'text')
		.addColumn('success', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('success_text', 'text')
		.addColumn('by_name', 'text', (c) => c.notNull())
		.addColumn('at', 'integer', (c) => c.notNull())
		.execute();
	// A project's list of reasons for actions not done (JSON array of strings); none: the default list.
	await db.schema
		.createTable('bilan_settings')
		.addColumn('project_id', 'integer', (c) => c.primaryKey().references('projects.id').onDelete('cascade'))
		.addColumn('reasons', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'integer', (c) => c.notNull())
		.execute();

	// The next plan starts from the bilan: a project made from a finished one, and the draft fiches
	// carried over from the old ones.
	await db.schema
		.createTable('project_successions')
		.addColumn('project_id', 'integer', (c) => c.primaryKey().references('projects.id').onDelete('cascade'))
		.addColumn('previous_project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.execute();
	await db.schema
		.createTable('fiche_carry_overs')
		.addColumn('fiche_id', 'integer', (c) => c.primaryKey().references('fiches.id').onDelete('cascade'))
		.addColumn('from_fiche_id', 'integer', (c) => c.notNull().references('fiches.id').onDelete('cascade'))
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const t of ['fiche_carry_overs', 'project_successions', 'bilan_settings', 'bilan_entries', 'suivi_indicator_values', 'suivi_step_events', 'suivi_link_fiches', 'suivi_links'])
		await db.schema.dropTable(t).execute();
}
