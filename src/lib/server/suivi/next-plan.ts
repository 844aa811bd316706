import type { Db } from '../db/database.ts';
import type { DocStore } from '../realtime/doc-store.ts';
import { now } from '../clock.ts';
import { audit } from '../audit.ts';
import { AppError } from '../errors.ts';
import { createProject, type ProjectInput } from '../projects/project.service.ts';
import { createFiche } from '../fiches/fiche.service.ts';
import { loadPlan } from '../exports/plan-data.ts';
import type { FicheFieldKey } from '../../domain/fiche.ts';

// The next plan starts from the bilan: a new project made from a finished one carries its axes,
// its territory and département, its members (with their roles), and a link to the old project
// (its bilan chapter is then one click away, `project_successions`); the facilitator picks
// unfinished actions that go on as draft fiches of the new plan, each linked to its old fiche
// (`fiche_carry_overs`). Their text is carried, not their planning nor their suivi: the new plan
// decides its own steps.

const CARRIED_FIELDS: FicheFieldKey[] = ['direction', 'cadre_intitule', 'cadre_action', 'title', 'diagnostic', 'lieu', 'objectifs', 'description', 'public', 'contenu', 'partenaires', 'resultats', 'moyens', 'indicateurs', 'porteur'];

export async function startNextPlan(
	db: Db,
	store: DocStore,
	previousId: number,
	input: ProjectInput,
	carriedFicheIds: readonly number[],
	actor: { userId: number; name: string }
): Promise<{ projectId: number; carried: number }> {
	const previous = await db.selectFrom('projects').selectAll().where('id', '=', previousId).executeTakeFirst();
	if (!previous) throw new AppError('not_found', 'Projet introuvable.');
	if (input.periodStart < previous.period_start) throw new AppError('invalid', `Le nouveau projet commence avant l’ancien (${previous.period_start}).`);
	const axes = await db.selectFrom('project_axes').select(['code', 'label']).where('project_id', '=', previousId).orderBy('position').execute();
	const plan = await loadPlan(db, store, previousId);
	const chosen = plan.fiches.filter((f) => carriedFicheIds.includes(f.id));
	if (chosen.length !== new Set(carriedFicheIds).size) throw new AppError('invalid', 'Une des actions choisies n’appartient pas à l’ancien projet.');

	const projectId = await createProject(db, actor.userId, input, axes);
	const members = await db.selectFrom('project_members').select(['user_id', 'role']).where('project_id', '=', previousId).where('user_id', '!=', actor.userId).execute();
	if (members.length) await db.insertInto('project_members').values(members.map((m) => ({ project_id: projectId, user_id: m.user_id, role: m.role, created_at: now() }))).execute();
	await db.insertInto('project_successions').values({ project_id: projectId, previous_project_id: previousId, created_at: now() }).execute();

	for (const f of chosen) {
		const fields = Object.fromEntries(CARRIED_FIELDS.map((k) => [k, f.fields[k]])) as Partial<Record<FicheFieldKey, string>>;
		fields.diagnostic = [`Action reprise du projet ${previous.period_start}-${previous.period_end}${f.code ? ` (fiche ${f.code})` : ''}.`, f.fields.diagnostic].filter((x) => x.trim()).join('\n');
		const id = await createFiche(db, store, projectId, { axis: f.axis, fields }, actor);
		await db.insertInto('fiche_carry_overs').values({ fiche_id: id, from_fiche_id: f.id }).execute();
	}
	await audit(db, { userId: actor.userId, action: 'project.next', subject: `project:${projectId}`, detail: `depuis ${previousId}, ${chosen.length} actions reprises` });
	return { projectId, carried: chosen.length };
}

/** The project a project continues, if any (for a link to its bilan). */
export async function previousProject(db: Db, projectId: number) {
	return db
		.selectFrom('project_successions as s')
		.innerJoin('projects as p', 'p.id', 's.previous_project_id')
		.select(['p.id', 'p.name', 'p.period_start', 'p.period_end'])
		.where('s.project_id', '=', projectId)
		.executeTakeFirst();
}
