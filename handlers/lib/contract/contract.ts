import { z } from 'zod';
import { dqRulesSchema } from '../dq/rules';

/** Column types a contract can declare; each maps to one DuckDB type and one Glue type. */
export const COLUMN_TYPES = [
  'string',
  'integer',
  'double',
  'boolean',
  'timestamp',
  'string_list',
] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

/**
 * How a timestamp field may be written in the raw record; parsed into a UTC TIMESTAMP.
 * `iso8601_offset`: date, time and a UTC offset within +-14:00 (`Z` or `+02:00`). The epoch
 * units are declared, never guessed: `epoch_ms` is a 12-13 digit count of milliseconds,
 * `epoch_s` a 9-10 digit count of seconds, both 1973-03-03 to 2286-11-20, so seconds sent to
 * an `epoch_ms` field are refused instead of being read as a date in January 1970, and a
 * contract may declare both units without a value ever matching the two.
 */
export const TIMESTAMP_FORMATS = ['iso8601_offset', 'epoch_ms', 'epoch_s'] as const;
export type TimestampFormat = (typeof TIMESTAMP_FORMATS)[number];

const SEGMENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const segment = z.string().regex(SEGMENT, 'a field name of letters, digits, _');

/**
 * A field's place in the record: `session.id` in a contract file, `['session', 'id']` in code;
 * both parse to the segment list, so files stay readable and code stays typed.
 */
const fieldPath = z.union([
  z.array(segment).min(1),
  z
    .string()
    .regex(
      /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/,
      'a dotted path of field names (letters, digits, _), like session.id',
    )
    .transform((p) => p.split('.')),
]);

/**
 * What the transform does with a record's fields the contract does not declare: `keep` them in
 * `_doc` and count them in the run metrics, `reject` the line with a reason, or `evolve`: keep
 * and report them too, and make each top-level scalar one a new optional column of the table
 * (typed from its values, string unless they all share a type; see evolvedFields). Nested and
 * list fields still need a contract version, whose new fields evolve the table on its next commit.
 */
export const UNKNOWN_FIELD_POLICIES = ['keep', 'reject', 'evolve'] as const;
export type UnknownFieldPolicy = (typeof UNKNOWN_FIELD_POLICIES)[number];

/** One leaf of the record: where it is (path), what it must be, and whether it may be absent. */
export const contractFieldSchema = z
  .object({
    path: fieldPath,
    /** The curated column; default: the path joined with `_` (`session.id` -> `session_id`). */
    column: segment.optional(),
    type: z.enum(COLUMN_TYPES),
    required: z.boolean(),
    /** When set, any other non-null value rejects the row. */
    allowed: z.array(z.string()).min(1).optional(),
    /** Timestamp fields only: the accepted spellings, tried in order. */
    timestampFormats: z.array(z.enum(TIMESTAMP_FORMATS)).min(1).optional(),
    description: z.string().default(''),
  })
  .strict()
  .refine((f) => f.type === 'timestamp' || f.timestampFormats === undefined, {
    message: 'timestampFormats is only valid on timestamp fields',
  });
export type ContractField = z.output<typeof contractFieldSchema>;

/**
 * A versioned schema contract of one source: the curated columns in order. Nested objects are
 * flattened to one column per leaf named by joining the path with `_`.
 */
export const sourceContractSchema = z
  .object({
    /** The source name: the raw prefix `source=<name>/` and the curated table's name. */
    source: z
      .string()
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9_.-]*$/,
        'letters, digits, _ . and -, as in raw/source=<name>/',
      ),
    version: z.number().int().positive(),
    /** The deduplication key (a required string field's column name). */
    dedupKey: z.string().min(1),
    /** The event time used to keep the earliest duplicate (a required timestamp column). */
    eventTime: z.string().min(1),
    description: z.string().default(''),
    /** What happens to fields the contract does not declare (default: kept in `_doc`). */
    unknownFields: z.enum(UNKNOWN_FIELD_POLICIES).default('keep'),
    fields: z.array(contractFieldSchema).min(1),
    /** The source's data-quality rules, evaluated over each ingestion date. */
    dq: dqRulesSchema.default([]),
  })
  .strict()
  .superRefine((c, ctx) => {
    const names = c.fields.map(columnName);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    const dupAt = names.findIndex((n, i) => names.indexOf(n) !== i);
    if (dup) {
      ctx.addIssue({
        code: 'custom',
        path: ['fields', dupAt],
        message: `column ${dup} is declared twice`,
      });
    }
    const byName = new Map(c.fields.map((f) => [columnName(f), f]));
    const key = byName.get(c.dedupKey);
    if (!key?.required || key.type !== 'string') {
      ctx.addIssue({
        code: 'custom',
        path: ['dedupKey'],
        message: `dedupKey ${c.dedupKey} must be a required string`,
      });
    }
    const time = byName.get(c.eventTime);
    if (!time?.required || time.type !== 'timestamp') {
      ctx.addIssue({
        code: 'custom',
        path: ['eventTime'],
        message: `eventTime ${c.eventTime} must be a required timestamp`,
      });
    }
    c.dq.forEach((rule, i) => {
      if ('column' in rule && !byName.has(rule.column)) {
        ctx.addIssue({
          code: 'custom',
          path: ['dq', i, 'column'],
          message: `rule ${rule.id} names column ${rule.column}, which no field declares`,
        });
      }
    });
  });
export type SourceContract = z.output<typeof sourceContractSchema>;
export type SourceContractInput = z.input<typeof sourceContractSchema>;

/**
 * The curated column name of a field: its declared `column`, else its path joined with `_`
 * (`location.country` -> `location_country`).
 */
export function columnName(field: {
  readonly path: readonly string[];
  readonly column?: string;
}): string {
  return field.column ?? field.path.join('_');
}

/** Lineage columns the transform adds to every row, after the contract's columns. */
export const LINEAGE_COLUMNS = {
  doc: '_doc',
  sourceFile: '_source_file',
  manifestId: '_manifest_id',
  ingestedAt: '_ingested_at',
} as const;
