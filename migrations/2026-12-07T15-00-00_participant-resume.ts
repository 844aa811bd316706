import type { Kysely } from 'kysely';

// One person, one participant (issue 13): a personal resume code, shown once after joining, lets
// a person take their place back on another device (their notes, their dots). Only its SHA-256 is
// kept, like session tokens.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('participants').addColumn('resume_code_hash', 'text').execute();
	await db.schema.createIndex('participants_resume').on('participants').columns(['workshop_id', 'resume_code_hash']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('participants_resume').execute();
	await db.schema.alterTable('participants').dropColumn('resume_code_hash').execute();
}
