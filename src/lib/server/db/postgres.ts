import pg from 'pg';
import {
	ColumnDefinitionNode,
	DataTypeNode,
	Kysely,
	OperationNodeTransformer,
	PostgresAdapter,
	PostgresDialect,
	type KyselyPlugin,
	type PluginTransformQueryArgs,
	type PluginTransformResultArgs,
	type QueryResult,
	type RootOperationNode,
	type UnknownRow
} from 'kysely';
import type { Database } from './schema.ts';

// PostgreSQL, selected by DATABASE_URL=postgres://… (the embedded SQLite file stays the default).
// The schema and the queries are the same on both: the migrations are written once, in SQLite's
// vocabulary, and translated here; the few SQL fragments that differ ask `isPostgres(db)`.

export function isPostgresUrl(url: string | undefined | null): boolean {
	return !!url && /^postgres(ql)?:\/\//i.test(url);
}

// Times are integer milliseconds (over 2^31) and ids are bigints: PostgreSQL's int8 and numeric come
// back as strings by default. Every value Tablée stores is below 2^53, so numbers are exact.
let parsersSet = false;
function setTypeParsers() {
	if (parsersSet) return;
	parsersSet = true;
	pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
	pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));
}

/**
 * The migrations' column types, made PostgreSQL's: `integer` → `bigint` (times in milliseconds do not
 * fit 32 bits), `integer primary key autoincrement` → `bigserial primary key`, `blob` → `bytea`.
 * Only schema statements are touched.
 */
class SchemaTranslator extends OperationNodeTransformer {
	protected override transformColumnDefinition(node: ColumnDefinitionNode): ColumnDefinitionNode {
		const t = super.transformColumnDefinition(node);
		const type = DataTypeNode.is(t.dataType) ? t.dataType.dataType : null;
		if (t.autoIncrement) return { ...t, autoIncrement: false, dataType: DataTypeNode.create('bigserial' as never) };
		if (type === 'integer') return { ...t, dataType: DataTypeNode.create('bigint') };
		if (type === 'blob') return { ...t, dataType: DataTypeNode.create('bytea') };
		if (type === 'real') return { ...t, dataType: DataTypeNode.create('double precision') };
		return t;
	}
}

const SCHEMA_KINDS = new Set(['CreateTableNode', 'AlterTableNode']);

export class PostgresSchemaPlugin implements KyselyPlugin {
	readonly #translator = new SchemaTranslator();
	transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
		return SCHEMA_KINDS.has(args.node.kind) ? this.#translator.transformNode(args.node) : args.node;
	}
	async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
		return args.result;
	}
}

export interface PostgresOptions {
	/** Connections in the pool (default 10; PG_POOL_SIZE). */
	poolSize?: number;
}

export function openPostgres(url: string, options: PostgresOptions = {}): { db: Kysely<Database>; pool: pg.Pool } {
	setTypeParsers();
	const pool = new pg.Pool({
		connectionString: url,
		max: options.poolSize ?? (Number(process.env.PG_POOL_SIZE) || 10),
		// A database that does not answer is said, not waited for forever.
		connectionTimeoutMillis: 10_000
	});
	// An idle client that loses its connection (PostgreSQL restarted) is dropped by the pool; without
	// a listener its error would end the process.
	pool.on('error', (e) => console.error(`[db] connexion PostgreSQL perdue : ${e.message}`));
	const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new PostgresSchemaPlugin()] });
	return { db, pool };
}

/** True when `db` talks to PostgreSQL (false: SQLite). */
export function isPostgres(db: Kysely<any>): boolean {
	return db.getExecutor().adapter instanceof PostgresAdapter;
}
