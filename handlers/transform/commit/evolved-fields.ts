import { DUCKDB_TYPES } from '../../lib/contract/column-types';
import {
  columnName,
  type ColumnType,
  type ContractField,
  type SourceContract,
} from '../../lib/contract/contract';
import { jsonPath, STAGED_TABLE } from '../../lib/contract/staging-sql';
import { sqlIdent, sqlString } from '../../lib/contract/sql-text';
import { text, type DuckDbSession } from '../../lib/duckdb/session';
import { curatedColumns } from '../../lib/iceberg/curated-schema';

/** The contract type a column already in the table keeps, by its Iceberg type. */
const TYPE_OF_ICEBERG: Readonly<Record<string, ColumnType>> = {
  string: 'string',
  long: 'integer',
  double: 'double',
  boolean: 'boolean',
};

/** The type a new column gets from the JSON types its values had: string unless obvious. */
function typeOfValues(types: readonly string[]): ColumnType | undefined {
  const seen = types.filter((t) => t !== 'NULL');
  if (seen.some((t) => t === 'OBJECT' || t === 'ARRAY')) return undefined;
  if (seen.length === 0) return 'string';
  if (seen.every((t) => t === 'BOOLEAN')) return 'boolean';
  if (seen.every((t) => t === 'BIGINT' || t === 'UBIGINT')) return 'integer';
  if (seen.every((t) => t === 'BIGINT' || t === 'UBIGINT' || t === 'DOUBLE')) return 'double';
  return 'string';
}

/**
 * `unknownFields: evolve`: the fields a run's accepted rows carry that the contract does not
 * declare and that can be columns as they are: top-level keys that are plain names, whose values
 * are scalars (a nested object or a list needs a contract version), and whose name no curated
 * column has. Each becomes an optional field: of the type its column already has when an earlier
 * run added it, else of the type all its values share (integer, double, boolean), else string.
 * `tableTypes` gives a column's Iceberg type by name and is read only when there is a field.
 */
export async function evolvedFields(
  db: DuckDbSession,
  contract: SourceContract,
  tableTypes: () => Promise<ReadonlyMap<string, string>>,
): Promise<ContractField[]> {
  const rows =
    await db.rows(`SELECT f AS field, list_distinct(list(json_type(raw, '$.' || f))) AS types
FROM (SELECT unnest(unknown_fields) AS f, raw FROM ${STAGED_TABLE} WHERE reason IS NULL)
WHERE regexp_matches(f, '^[A-Za-z_][A-Za-z0-9_]*$')
GROUP BY f ORDER BY f`);
  const taken = new Set(curatedColumns(contract).map((c) => c.name));
  const found = rows
    .map((r) => ({ name: text(r.field), types: (r.types as unknown[]).map(String) }))
    .filter((f) => !taken.has(f.name));
  if (found.length === 0) return [];
  const inTable = await tableTypes();
  const fields: ContractField[] = [];
  for (const f of found) {
    const had = inTable.get(f.name);
    const type = had === undefined ? typeOfValues(f.types) : TYPE_OF_ICEBERG[had];
    if (!type) continue;
    fields.push({
      path: [f.name],
      type,
      required: false,
      description: 'Added from the data (unknownFields: evolve).',
    });
  }
  return fields;
}

/**
 * The value of an evolved field in a staged row, read from its raw record (NDJSON, or a CSV row
 * as a JSON object of its cells); a value that does not fit the column's type is NULL there and
 * stays in `_doc`.
 */
export function evolvedFieldSql(field: ContractField): string {
  const value = `json_extract_string(raw, ${sqlString(jsonPath(field.path))})`;
  const column = sqlIdent(columnName(field));
  return field.type === 'string'
    ? `${value} AS ${column}`
    : `TRY_CAST(${value} AS ${DUCKDB_TYPES[field.type]}) AS ${column}`;
}
