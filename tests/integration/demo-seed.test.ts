import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getNotes } from '../../src/lib/docs/board.ts';
import { DocStore } from '../../src/lib/server/realtime/doc-store.ts';
import { SqliteDocPersistence } from '../../src/lib/server/realtime/persistence.ts';
import { seedDemo } from '../../src/lib/server/demo/seed.ts';
import { verifyPassword } from '../../src/lib/server/auth/password.ts';
import diagnostic from '../../src/lib/server/demo/fixtures/diagnostic-val-de-saone-dombes.json' with { type: 'json' };
import { setupDb } from '../helpers/db.ts';

let ctx: Awaited<ReturnType<typeof setupDb>>;
beforeEach(async () => {
	ctx = await setupDb();
});
afterEach(async () => {
	await ctx.close();
});

describe('demo project', () => {
	it('holds the published diagnostic of Val de Saône - Dombes, one note per sentence', async () => {
		const store = new DocStore(new SqliteDocPersistence(ctx.sqlite));
		const demo = await seedDemo(ctx.db, { email: 'Demo@Ain.fr', password: 'mot-de-passe-demo', joinCode: 'k7m 2pq', store });
		expect(demo.joinCode).toBe('K7M2PQ');
		expect(demo.email).toBe('demo@ain.fr');

		const project = await ctx.db.selectFrom('projects').selectAll().executeTakeFirstOrThrow();
		expect(project).toMatchObject({ departement: 'Ain', territory: 'DT Val de Saône Dombes', period_start: 2022, period_end: 2028 });
		const boards = await ctx.db.selectFrom('boards').selectAll().orderBy('position').execute();
		expect(boards.map((b) => b.theme)).toEqual(['Insertion socioprofessionnelle', 'Insertion sociale / précarité']);

		for (const board of boards) {
			const items = diagnostic.items.filter((i) => i.theme === board.theme);
			const notes = store.read(`board:${board.id}`, getNotes);
			expect(notes.map((n) => n.text).sort()).toEqual(items.flatMap((i) => i.sentences).sort());
			const strengths = items.filter((i) => i.kind === 'atout').flatMap((i) => i.sentences);
			expect(notes.filter((n) => n.column === 'atouts').map((n) => n.text).sort()).toEqual(strengths.sort());
			expect(notes.every((n) => n.authorName && n.organisation)).toBe(true);
		}

		// The published plan of the same territory: fiches 1/COOR to 20/INS in the sommaire.
		const fiches = await ctx.db.selectFrom('fiches').select(['number', 'axis', 'title', 'status']).orderBy('number').execute();
		expect(fiches).toHaveLength(20);
		expect(fiches[0]).toMatchObject({ number: 1, axis: 'COOR', title: 'Mieux se connaître entre partenaires d\'un CDS', status: 'validee' });
		expect(new Set(fiches.map((f) => f.axis))).toEqual(new Set(['COOR', 'INS']));

		store.closeAll();
		const user = await ctx.db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
		// The demo account does not administer the instance (issue 14): the setup link makes the administrator.
		expect(user.is_admin).toBe(0);
		expect(await verifyPassword(user.password_hash, 'mot-de-passe-demo')).toBe(true);
	});

	it('refuses an invalid DEMO_JOIN_CODE with a message', async () => {
		await expect(seedDemo(ctx.db, { joinCode: 'OOOOOO' })).rejects.toThrow('DEMO_JOIN_CODE invalide');
	});
});
