// `npm run backup [-- FILE]`: an online copy of DATABASE_PATH (default ./data/tablee.sqlite), safe
// while the server runs, into FILE (default ./backups/tablee-<date>.sqlite). See the README's
// Operations section for restoring it.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_DATABASE_PATH } from '../src/lib/server/db/database.ts';
import { BackupError, backupDatabase } from '../src/lib/server/ops/backup.ts';

const source = process.env.DATABASE_PATH || DEFAULT_DATABASE_PATH;
let destination = process.argv[2];
if (!destination) {
	mkdirSync('backups', { recursive: true });
	destination = join('backups', `tablee-${new Date().toISOString().replace(/[:.]/g, '-')}.sqlite`);
}
try {
	const r = await backupDatabase(source, destination);
	console.log(`Sauvegarde écrite : ${r.path} (${(r.bytes / 1024 / 1024).toFixed(1)} Mo, ${r.ms} ms).`);
} catch (e) {
	if (!(e instanceof BackupError)) throw e;
	console.error(e.message);
	process.exit(1);
}
