// DATABASE_URL at start: a wrong scheme, or PostgreSQL before the realtime layer is wired to it,
// is said in one French line and the process exits 1 (no stack trace, no half-started server).
import { describe, expect, it } from 'vitest';
import { startServer } from '../helpers/server.ts';
import { createPgDatabase } from '../helpers/engines.ts';

describe('DATABASE_URL at start', () => {
	it('refuses a URL that is not PostgreSQL’s, saying what it expects', async () => {
		const err = await startServer({ DATABASE_URL: 'mysql://tablee@localhost/tablee' }).then(
			() => null,
			(e: Error) => e.message
		);
		expect(err).toContain('Tablée ne peut pas démarrer. DATABASE_URL doit commencer par postgres:// ou postgresql:// (reçu : mysql:…)');
		expect(err).not.toContain('    at ');
	});

	it('says in one line that the server does not run on PostgreSQL yet', async () => {
		const db = await createPgDatabase();
		try {
			const err = await startServer({ DATABASE_URL: db.url }).then(
				() => null,
				(e: Error) => e.message
			);
			expect(err).toContain('(code 1)');
			expect(err).toContain('Tablée ne peut pas démarrer. PostgreSQL (DATABASE_URL) : la copie (npm run migrate:to-pg) et le schéma sont prêts');
			expect(err).not.toContain('    at ');
		} finally {
			await db.drop();
		}
	});
});
