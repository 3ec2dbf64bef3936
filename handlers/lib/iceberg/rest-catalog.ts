import type { SourceContract } from '../contract/contract';
import type { CuratedTableRef } from '../names';
import { icebergSchema, PARTITION_COLUMN, curatedColumns } from './curated-schema';
import { CatalogRequestError } from './iceberg-errors';

/** Iceberg's first partition field id (the spec reserves lower ids for schema fields). */
const FIRST_PARTITION_FIELD_ID = 1000;

/**
 * Snapshot ids are 64-bit integers in the catalog's JSON; JSON.parse would round those beyond
 * 2^53 (most of them), so they are turned into strings before parsing.
 */
export function quoteSnapshotIds(json: string): string {
  return json.replace(
    /("(?:snapshot-id|parent-snapshot-id|current-snapshot-id)"\s*:\s*)(-?\d+)/g,
    '$1"$2"',
  );
}

async function call(
  endpoint: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  let res: Response;
  try {
    res = await fetch(`${endpoint}/v1/${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (err) {
    throw new CatalogRequestError(
      `the Iceberg catalog at ${endpoint} did not answer ${method} ${path}`,
      {
        cause: err,
        context: { endpoint, path },
      },
    );
  }
  const text = await res.text();
  return {
    status: res.status,
    json: text ? (JSON.parse(quoteSnapshotIds(text)) as unknown) : undefined,
  };
}

function expect(ok: readonly number[], r: { status: number; json: unknown }, what: string): void {
  if (ok.includes(r.status)) return;
  const message = (r.json as { error?: { message?: string } } | undefined)?.error?.message;
  throw new CatalogRequestError(
    `${what} failed: HTTP ${r.status}${message ? ` (${message})` : ''}`,
    {
      context: { status: r.status },
    },
  );
}

const enc = encodeURIComponent;

/**
 * Creates the namespace and the curated table of a source on a REST catalog unless they exist:
 * format v2, partitioned by identity on the ingestion date, zstd Parquet, at the table's own
 * location in the curated bucket. Idempotent, so the local provisioner runs it on every deploy.
 */
export async function ensureCuratedTable(
  endpoint: string,
  ref: CuratedTableRef,
  contract: SourceContract,
): Promise<'created' | 'exists'> {
  const ns = await call(endpoint, 'POST', 'namespaces', {
    namespace: [ref.namespace],
    properties: {},
  });
  expect([200, 409], ns, `create namespace ${ref.namespace}`);
  const partitionSourceId =
    curatedColumns(contract).findIndex((c) => c.name === PARTITION_COLUMN) + 1;
  const table = await call(endpoint, 'POST', `namespaces/${enc(ref.namespace)}/tables`, {
    name: ref.table,
    location: ref.location,
    schema: icebergSchema(contract),
    'partition-spec': {
      'spec-id': 0,
      fields: [
        {
          'source-id': partitionSourceId,
          'field-id': FIRST_PARTITION_FIELD_ID,
          name: PARTITION_COLUMN,
          transform: 'identity',
        },
      ],
    },
    'stage-create': false,
    properties: { 'format-version': '2', 'write.parquet.compression-codec': 'zstd' },
  });
  expect([200, 409], table, `create table ${ref.namespace}.${ref.table}`);
  return table.status === 200 ? 'created' : 'exists';
}

/**
 * The current metadata of a table (REST LoadTable), or undefined when it does not exist;
 * snapshot ids (`snapshot-id`, `parent-snapshot-id`, `current-snapshot-id`) as strings.
 */
export async function loadTableMetadata(
  endpoint: string,
  ref: Pick<CuratedTableRef, 'namespace' | 'table'>,
): Promise<Record<string, unknown> | undefined> {
  const r = await call(
    endpoint,
    'GET',
    `namespaces/${enc(ref.namespace)}/tables/${enc(ref.table)}`,
  );
  if (r.status === 404) return undefined;
  expect([200], r, `load table ${ref.namespace}.${ref.table}`);
  return (r.json as { metadata: Record<string, unknown> }).metadata;
}

/**
 * Drops every table and namespace of a REST catalog (metadata only: the emulator's reset drops
 * the objects), so a reset emulator and its catalog start empty together.
 */
export async function dropAllTables(endpoint: string): Promise<void> {
  const list = await call(endpoint, 'GET', 'namespaces');
  expect([200], list, 'list namespaces');
  for (const levels of (list.json as { namespaces: string[][] }).namespaces) {
    const ns = enc(levels.join('\u001f'));
    const tables = await call(endpoint, 'GET', `namespaces/${ns}/tables`);
    expect([200], tables, `list tables of ${levels.join('.')}`);
    for (const t of (tables.json as { identifiers: { name: string }[] }).identifiers) {
      expect(
        [204, 200, 404],
        await call(endpoint, 'DELETE', `namespaces/${ns}/tables/${enc(t.name)}`),
        `drop table ${t.name}`,
      );
    }
    expect(
      [204, 200, 404],
      await call(endpoint, 'DELETE', `namespaces/${ns}`),
      `drop namespace ${levels.join('.')}`,
    );
  }
}
