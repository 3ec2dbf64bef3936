import type { DuckDbSession } from '../../lib/duckdb/session';
import { sqlIdent } from '../../lib/contract/sql-text';
import { PARTITION_COLUMN } from '../../lib/iceberg/curated-schema';

interface SpecMetadata {
  readonly 'default-spec-id'?: string | number;
  readonly 'partition-specs'?: readonly {
    'spec-id': string | number;
    fields: readonly unknown[];
  }[];
}

/**
 * Gives the table its identity partition on the ingestion date when its current spec has none.
 * Glue creates Iceberg tables unpartitioned (Terraform's `iceberg_input` takes no spec, and
 * `partition_keys` are refused for Iceberg), so the first writer adds it, under the commit lock;
 * the REST catalog's tables are created partitioned and are left alone.
 */
export async function ensurePartitioned(db: DuckDbSession, table: string): Promise<boolean> {
  const [row] = await db.rows(`SELECT metadata FROM iceberg_load_table_response(${table})`);
  const meta = (row?.metadata ?? {}) as SpecMetadata;
  const current = meta['partition-specs']?.find(
    (s) => String(s['spec-id']) === String(meta['default-spec-id']),
  );
  if (current && current.fields.length > 0) return false;
  await db.run(`ALTER TABLE ${table} SET PARTITIONED BY (${sqlIdent(PARTITION_COLUMN)})`);
  return true;
}
