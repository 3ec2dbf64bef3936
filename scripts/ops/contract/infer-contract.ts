import { basename } from 'node:path';
import { UserFacingError } from '../../../handlers/lib/errors/pipeline-error';
import {
  columnName,
  sourceContractSchema,
  type ColumnType,
  type SourceContract,
  type SourceContractInput,
  type TimestampFormat,
} from '../../../handlers/lib/contract/contract';
import { sqlString } from '../../../handlers/lib/contract/sql-text';
import { openMemoryDuckDb } from '../../../handlers/lib/duckdb/session';
import { formatOfKey } from '../../../handlers/transform/convert/input-file';
import { csvLeafStats, jsonLeafStats, type LeafStats } from './leaf-stats';

/** A proposal cannot be made from the samples (no usable key or time, no records). */
export class InferError extends UserFacingError {}

/** Names that mark an integer as a point in time rather than a count. */
const TIME_NAME = /(^|_)(ts|at|time|timestamp|date)$/i;

function merge(a: LeafStats, b: LeafStats): LeafStats {
  const sum = (k: keyof Omit<LeafStats, 'path'>): number => a[k] + b[k];
  return {
    path: a.path.length >= b.path.length ? a.path : b.path,
    rows: sum('rows'),
    nulls: sum('nulls'),
    strings: sum('strings'),
    isoStrings: sum('isoStrings'),
    integers: sum('integers'),
    epochMs: sum('epochMs'),
    epochS: sum('epochS'),
    doubles: sum('doubles'),
    booleans: sum('booleans'),
    arrays: sum('arrays'),
    // Samples are taken to be distinct files of distinct records: their counts add up.
    distinct: sum('distinct'),
  };
}

/** The contract type the sampled values fit, and the timestamp spellings seen. */
function typeOf(s: LeafStats): { type: ColumnType; formats?: TimestampFormat[] } {
  const values = s.rows - s.nulls;
  const name = s.path.at(-1) ?? '';
  if (values === 0) return { type: 'string' };
  if (s.arrays === values) return { type: 'string_list' };
  if (s.booleans === values) return { type: 'boolean' };
  const epochs =
    s.epochMs === s.integers ? 'epoch_ms' : s.epochS === s.integers ? 'epoch_s' : undefined;
  const timeLike = s.isoStrings > 0 || TIME_NAME.test(name);
  if (s.isoStrings === s.strings && s.isoStrings + s.integers === values && timeLike) {
    if (s.integers === 0) return { type: 'timestamp', formats: ['iso8601_offset'] };
    if (epochs) {
      return {
        type: 'timestamp',
        formats: s.isoStrings > 0 ? ['iso8601_offset', epochs] : [epochs],
      };
    }
  }
  if (s.integers === values) return { type: 'integer' };
  if (s.integers + s.doubles === values) return { type: 'double' };
  return { type: 'string' };
}

/** Reads one sample file's field statistics, by its extension (as the transform reads it). */
async function fileStats(path: string): Promise<LeafStats[]> {
  const db = await openMemoryDuckDb();
  try {
    if (formatOfKey(basename(path)) === 'csv') return await csvLeafStats(db, path);
    const format = formatOfKey(basename(path)) === 'json' ? 'auto' : 'newline_delimited';
    return await jsonLeafStats(
      db,
      `read_json_objects(${sqlString(path)}, format = '${format}', ignore_errors = true)`,
    );
  } finally {
    db.close();
  }
}

/**
 * Proposes a contract for `source` from sample files (NDJSON, JSON, CSV, gzipped or not): one
 * field per leaf, nested objects flattened to `parent_child` columns, types and timestamp
 * spellings from what DuckDB reads, a field required when no sample row lacks it, the first
 * unique always-present `id`/`*_id` string as the dedup key and the first always-present
 * timestamp as the event time. A proposal for a person to review, not a contract by itself.
 */
export async function inferContract(
  files: readonly string[],
  source: string,
): Promise<SourceContract> {
  const byColumn = new Map<string, LeafStats>();
  for (const file of files) {
    for (const s of await fileStats(file)) {
      if (!s.path.every((p) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(p))) continue;
      const col = s.path.join('_');
      const seen = byColumn.get(col);
      byColumn.set(col, seen ? merge(seen, s) : s);
    }
  }
  const stats = [...byColumn.values()];
  if (stats.length === 0) {
    throw new InferError(
      `no records found in ${files.join(', ')}; give NDJSON, JSON or CSV samples`,
    );
  }
  const fields = stats.map((s) => {
    const { type, formats } = typeOf(s);
    return {
      path: [...s.path],
      type,
      required: s.nulls === 0,
      ...(formats ? { timestampFormats: formats } : {}),
      description: '',
    };
  });
  const unique = (s: LeafStats): boolean => s.nulls === 0 && s.distinct === s.rows;
  const keyIdx = stats.findIndex(
    (s, i) => fields[i]!.type === 'string' && unique(s) && /(^|_)id$/i.test(s.path.at(-1)!),
  );
  const anyKeyIdx =
    keyIdx >= 0 ? keyIdx : stats.findIndex((s, i) => fields[i]!.type === 'string' && unique(s));
  const timeIdx = fields.findIndex((f) => f.type === 'timestamp' && f.required);
  if (anyKeyIdx < 0) {
    throw new InferError(
      `no field of the samples is a string present and distinct in every record, so no dedup key can be proposed; add an id field to the records`,
    );
  }
  if (timeIdx < 0) {
    throw new InferError(
      `no field of the samples is a timestamp present in every record (ISO 8601 with offset, or epoch ms/s named like *_ts or *_at), so no event time can be proposed`,
    );
  }
  const dedupKey = columnName(fields[anyKeyIdx]!);
  const proposal: SourceContractInput = {
    source,
    version: 1,
    description: `Proposed by pipeline contract infer from ${files.map((f) => basename(f)).join(', ')}; review before committing.`,
    dedupKey,
    eventTime: columnName(fields[timeIdx]!),
    unknownFields: 'keep',
    fields,
    dq: [
      { kind: 'min_rows', id: 'rows_present', min: 1 },
      { kind: 'max_duplicate_rate', id: `${dedupKey}_duplicate_rate`, column: dedupKey, max: 0.02 },
      { kind: 'max_reject_rate', id: 'reject_rate', max: 0.05 },
    ],
  };
  return sourceContractSchema.parse(proposal);
}
