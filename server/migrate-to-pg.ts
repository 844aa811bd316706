// `npm run migrate:to-pg`: copies the SQLite instance at DATABASE_PATH (default ./data/tablee.sqlite)
// into the empty PostgreSQL database at DATABASE_URL, then checks the copy (rows of every table, every
// document loaded from both). Stop Tablée first: the SQLite file must not change while it is copied.
import { existsSync } from 'node:fs';
import { DEFAULT_DATABASE_PATH, migrateToLatest, openDatabaseWithHandle } from '../src/lib/server/db/database.ts';
import { isPostgresUrl, openPostgres } from '../src/lib/server/db/postgres.ts';
import { copySqliteToPostgres, CopyError } from '../src/lib/server/db/copy-to-postgres.ts';

const path = process.env.DATABASE_PATH || DEFAULT_DATABASE_PATH;
const url = process.env.DATABASE_URL;

function stop(message: string): never {
	console.error(`Migration vers PostgreSQL impossible : ${message}`);
	process.exit(1);
}

if (!isPostgresUrl(url)) stop('indiquez la base PostgreSQL de destination dans DATABASE_URL (postgres://utilisateur:motdepasse@hôte:5432/base).');
if (!existsSync(path)) stop(`le fichier SQLite ${path} n’existe pas (DATABASE_PATH).`);

const source = openDatabaseWithHandle(path);
const target = openPostgres(url!);
try {
	// Both at the latest schema: the SQLite file as the server would bring it, PostgreSQL made anew.
	await migrateToLatest(source.db);
	await migrateToLatest(target.db);
	console.log(`Copie de ${path} vers PostgreSQL…`);
	const t0 = Date.now();
	const report = await copySqliteToPostgres(source.sqlite, target.db, (line) => console.log(line));
	const rows = report.tables.reduce((n, t) => n + t.rows, 0);
	console.log(
		`Copie vérifiée en ${((Date.now() - t0) / 1000).toFixed(1)} s : ${report.tables.length} tables, ${rows} lignes, ${report.docs} documents chargés à l’identique, ${report.searchRows} fiches indexées pour la recherche.`
	);
	console.log('Démarrez maintenant Tablée avec DATABASE_URL (et sans DATABASE_PATH) ; gardez le fichier SQLite comme sauvegarde.');
} catch (e) {
	await target.db.destroy().catch(() => undefined);
	await source.db.destroy().catch(() => undefined);
	if (e instanceof CopyError) stop(e.message);
	throw e;
}
await target.db.destroy();
await source.db.destroy();
