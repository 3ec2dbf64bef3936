import { sqlIdent } from '../contract/sql-text';
import type { SourceContract } from '../contract/contract';
import type { DuckDbSession } from '../duckdb/session';
import { curatedColumns } from './curated-schema';
import { SchemaEvolutionError } from './iceberg-errors';

/** One column of a table's current Iceberg schema, as the catalog lists it. */
interface TableColumn {
  readonly name: string;
  readonly type: unknown;
}

interface SchemaMetadata {
  readonly 'current-schema-id'?: string | number;
  readonly schemas?: readonly {
    readonly 'schema-id': string | number;
    readonly fields: readonly TableColumn[];
  }[];
}

/** Iceberg type (REST JSON) each DuckDB type of a curated column is stored as. */
const ICEBERG_OF_DUCKDB: Readonly<Record<string, string>> = {
  VARCHAR: 'string',
  BIGINT: 'long',
  DOUBLE: 'double',
  BOOLEAN: 'boolean',
  TIMESTAMP: 'timestamp',
  DATE: 'date',
  'VARCHAR[]': 'list<string>',
};

/** A table's column type as text; `timestamptz` (how Glue may declare it) reads as `timestamp`. */
const icebergTypeText = (t: unknown): string => {
  if (typeof t === 'string') return t === 'timestamptz' ? 'timestamp' : t;
  const list = t as { type?: unknown; element?: unknown } | null;
  return list?.type === 'list' ? `list<${icebergTypeText(list.element)}>` : JSON.stringify(t);
};

/** The current schema's columns of `table` (attached as `lake.<ns>.<table>`), from the catalog. */
export async function tableColumns(db: DuckDbSession, table: string): Promise<TableColumn[]> {
  const [row] = await db.rows(`SELECT metadata FROM iceberg_load_table_response(${table})`);
  const meta = (row?.metadata ?? {}) as SchemaMetadata;
  const current = meta.schemas?.find(
    (s) => String(s['schema-id']) === String(meta['current-schema-id']),
  );
  return [...(current?.fields ?? [])];
}

/**
 * Brings the curated table's schema up to `contract` before a commit writes to it: each column
 * the contract (a newer version that added fields) has and the table lacks is added through the
 * catalog (`ALTER TABLE ... ADD COLUMN`: a new schema with fresh field ids, made current in one
 * catalog commit), so rows of older snapshots read NULL in it and no data file is rewritten. A
 * column whose type differs from the table's is refused: Iceberg keeps old files by field id,
 * and a retyped column would misread them. Returns the columns added (none: nothing changed).
 * The caller holds the table's commit lock, so two writers never add the same column at once.
 */
export async function evolveToContract(
  db: DuckDbSession,
  table: string,
  contract: SourceContract,
): Promise<string[]> {
  const have = new Map((await tableColumns(db, table)).map((c) => [c.name, c]));
  const added: string[] = [];
  for (const column of curatedColumns(contract)) {
    const now = have.get(column.name);
    const wanted = ICEBERG_OF_DUCKDB[column.duckdbType] ?? column.duckdbType;
    if (now) {
      const actual = icebergTypeText(now.type);
      if (actual !== wanted) {
        throw new SchemaEvolutionError(
          `column ${column.name} of ${table} is ${actual} but contract ${contract.source} version ${contract.version} declares ${column.contractType} (${wanted}); a column keeps its type: restore the type in the contract, or declare a new field with its own column`,
          { context: { table, column: column.name, actual, wanted, version: contract.version } },
        );
      }
      continue;
    }
    await db.run(`ALTER TABLE ${table} ADD COLUMN ${sqlIdent(column.name)} ${column.duckdbType}`);
    added.push(column.name);
  }
  return added;
}
