// `npm run migrate`: applies every pending migration to DATABASE_PATH (default ./data/tablee.sqlite).
import { DEFAULT_DATABASE_PATH, migrateToLatest, openDatabase } from '../src/lib/server/db/database.ts';

const path = process.env.DATABASE_PATH || DEFAULT_DATABASE_PATH;
const db = openDatabase(path);
const applied = await migrateToLatest(db);
await db.destroy();
console.log(applied.length ? `Migrations appliquées à ${path} : ${applied.join(', ')}` : `${path} est à jour.`);
