import type { Kysely } from 'kysely';

// Issue 18.
// - fiches.period_incomplete: 1 when a planning phrase of the fiche was not understood, so the
//   sommaire's period (period_start-period_end, from the phrases understood) says it may be wider.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('fiches').addColumn('period_incomplete', 'integer', (c) => c.notNull().defaultTo(0)).execute();
	// The phrases are read anew at the next start (rentrée = September, lists, "dès 2025"...).
	await db.updateTable('fiches').set({ projected_at: 0 }).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('fiches').dropColumn('period_incomplete').execute();
}
