import * as Y from 'yjs';
import type { Db } from '../db/database.ts';
import { addNote, type Note } from '../../docs/board.ts';
import { boardDocName } from '../../docs/doc-names.ts';
import { generateJoinCode, normaliseJoinCode } from '../../domain/join-code.ts';
import { hashPassword } from '../auth/password.ts';
import { now } from '../clock.ts';
import { createProject } from '../projects/project.service.ts';
import { createWorkshop } from '../workshops/workshop.service.ts';
import { joinCloseAfterMs } from '../auth/join-guard.ts';
import { createBoard } from '../boards/board.service.ts';
import diagnostic from './fixtures/diagnostic-val-de-saone-dombes.json' with { type: 'json' };
import fichesFixture from './fixtures/fiches-val-de-saone-dombes.json' with { type: 'json' };
import { parseFichesJson } from '../../domain/fiche-import.ts';
import { importFiches } from '../fiches/import.ts';
import { seedDemoSuivi } from './suivi-seed.ts';
import { getDocStore } from '../realtime/index.ts';
import type { DocStore } from '../realtime/doc-store.ts';

// The demo project: the public 2022-2028 diagnostic of the Val de Saône - Dombes territory
// (Département de l'Ain), one note per sentence, so that a newcomer sees a realistic workshop.

export interface DemoInfo {
	email: string;
	/** Only known on the run that created the account (never stored in clear). */
	password: string | null;
	joinCode: string;
	projectId: number;
	workshopId: number;
}

export const DEMO_DEFAULT_EMAIL = 'animatrice@demo.tablee.fr';

// Fictional partners, in the organisations that sit at these tables.
const PARTNERS = [
	{ name: 'Nadia B.', organisation: 'CAF de l’Ain' },
	{ name: 'Luc M.', organisation: 'CCAS de Trévoux' },
	{ name: 'Sophie R.', organisation: 'Mission locale Dombes' },
	{ name: 'Karim A.', organisation: 'France Travail' },
	{ name: 'Élodie P.', organisation: 'Association d’insertion' },
	{ name: 'Marc D.', organisation: 'Mairie de Châtillon-sur-Chalaronne' },
	{ name: 'Julie T.', organisation: 'Centre social' },
	{ name: 'Hélène G.', organisation: 'Département – CDS' }
];

interface DiagnosticItem {
	theme: string;
	kind: 'atout' | 'problematique';
	subheading: string;
	sentences: string[];
}

function randomPassword(): string {
	const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
	const bytes = new Uint8Array(14);
	crypto.getRandomValues(bytes);
	return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

export async function isDatabaseEmpty(db: Db): Promise<boolean> {
	const row = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
	return !row;
}

export async function seedDemo(
	db: Db,
	/** admin: the demo account also administers the instance (DEMO_IS_ADMIN=1, a throwaway instance). */
	options: { email?: string; password?: string; joinCode?: string; store?: DocStore; admin?: boolean } = {}
): Promise<DemoInfo> {
	const email = (options.email || DEMO_DEFAULT_EMAIL).trim().toLowerCase();
	const password = options.password || randomPassword();
	const joinCode = options.joinCode ? normaliseJoinCode(options.joinCode) : generateJoinCode();
	if (!joinCode) throw new Error(`DEMO_JOIN_CODE invalide : 6 caractères parmi ABCDEFGHJKMNPQRSTUVWXYZ23456789.`);

	const user = await db
		.insertInto('users')
		.values({
			email,
			display_name: 'Claire Animatrice (démo)',
			password_hash: await hashPassword(password),
			is_admin: options.admin ? 1 : 0,
			created_at: now()
		})
		.returning('id')
		.executeTakeFirstOrThrow();

	const projectId = await createProject(db, user.id, {
		name: 'Projet social de territoire Val de Saône - Dombes',
		departement: 'Ain',
		territory: 'DT Val de Saône Dombes',
		periodStart: 2022,
		periodEnd: 2028
	});
	const workshop = await createWorkshop(
		db,
		projectId,
		{
			title: 'Diagnostic partagé : tables rondes insertion',
			date: '2026-12-03',
			place: 'Maison départementale des solidarités, Trévoux',
			phase: 'diagnostic'
		},
		user.id,
		{ joinCode }
	);
	// The published diagnostic's date is past: joining would already be closed by its deadline.
	// The demo opens it as a facilitator's "Rouvrir" would, from the moment it is seeded.
	await db
		.updateTable('workshops')
		.set({ joining_until: now() + Math.max(joinCloseAfterMs(), 12 * 3600_000) })
		.where('id', '=', workshop.id)
		.execute();

	const items = (diagnostic as { items: DiagnosticItem[] }).items;
	const themes = [...new Set(items.map((i) => i.theme))];
	let partner = 0;
	const t0 = now() - 3600_000;
	for (const theme of themes) {
		const boardId = await createBoard(db, workshop.id, { theme, template: 'atouts_problematiques' }, user.id);
		const doc = new Y.Doc();
		let position = 0;
		for (const item of items.filter((i) => i.theme === theme)) {
			for (const sentence of item.sentences) {
				const p = PARTNERS[partner++ % PARTNERS.length];
				const note: Note = {
					id: `demo-${boardId}-${position}`,
					text: sentence,
					column: item.kind === 'atout' ? 'atouts' : 'problematiques',
					position: position++,
					colour: item.kind === 'atout' ? 'vert' : 'jaune',
					authorName: p.name,
					organisation: p.organisation,
					createdAt: t0 + position * 20_000
				};
				addNote(doc, note);
			}
		}
		await db
			.insertInto('doc_snapshots')
			.values({ doc_name: boardDocName(boardId), data: Y.encodeStateAsUpdate(doc), last_update_id: 0, updated_at: now() })
			.execute();
		doc.destroy();
	}
	// The published plan of the same territory (fiches 1 to 20), so the sommaire is realistic.
	const plan = parseFichesJson(JSON.stringify(fichesFixture));
	if (!plan.ok) throw new Error(plan.errors.join(' '));
	await importFiches(db, options.store ?? getDocStore(), projectId, plan.fiches, { userId: user.id, name: 'Claire Animatrice (démo)' });
	// Its suivi up to today (issue 17): step states, dates, results, indicator values.
	await seedDemoSuivi(db, options.store ?? getDocStore(), projectId, { userId: user.id, name: 'Claire Animatrice (démo)' });
	return { email, password: options.password ? options.password : password, joinCode, projectId, workshopId: workshop.id };
}

/** The demo account and workshop of an instance seeded earlier (for the start banner). */
export async function findDemo(db: Db, email = DEMO_DEFAULT_EMAIL): Promise<Omit<DemoInfo, 'password'> | null> {
	const row = await db
		.selectFrom('users as u')
		.innerJoin('project_members as m', 'm.user_id', 'u.id')
		.innerJoin('workshops as w', 'w.project_id', 'm.project_id')
		.select(['u.email', 'w.join_code', 'w.id as workshop_id', 'm.project_id'])
		.where('u.email', '=', email.trim().toLowerCase())
		.orderBy('w.id')
		.executeTakeFirst();
	return row ? { email: row.email, joinCode: row.join_code, workshopId: row.workshop_id, projectId: row.project_id } : null;
}
