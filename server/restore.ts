// `npm run restore -- FILE`: puts the backup FILE in place as DATABASE_PATH (default
// ./data/tablee.sqlite), Tablée being stopped. Refuses to overwrite an existing database.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DEFAULT_DATABASE_PATH } from '../src/lib/server/db/database.ts';
import { BackupError, restoreDatabase } from '../src/lib/server/ops/backup.ts';

const target = process.env.DATABASE_PATH || DEFAULT_DATABASE_PATH;
const backup = process.argv[2];
if (!backup) {
	console.error('Indiquez la sauvegarde à restaurer : npm run restore -- backups/tablee-….sqlite');
	process.exit(1);
}
try {
	mkdirSync(dirname(target), { recursive: true });
	restoreDatabase(backup, target);
	console.log(`Sauvegarde ${backup} restaurée dans ${target}. Démarrez Tablée : les migrations manquantes s'appliqueront.`);
} catch (e) {
	if (!(e instanceof BackupError)) throw e;
	console.error(e.message);
	process.exit(1);
}
