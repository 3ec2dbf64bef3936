import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { curatedTableName, TABLE_KEYS } from '../lib/names';
import { objectKeys } from '../lib/object-keys';
import type { SourceContract } from '../lib/contract/contract';
import type { Conversion } from './convert/convert-job';
import { putJson } from './io/s3-files';
import type { TransformDeps, TransformJob } from './job';

export const RUN_METRICS_SCHEMA_VERSION = 1;

/** Refusal reasons the metrics table item carries (the document carries all of them). */
export const REFUSED_IN_ITEM = 20;

/** The metrics document of one run (`metrics/ingestion_date=D/<run id>.json`). */
export interface RunMetricsDocument {
  readonly schemaVersion: typeof RUN_METRICS_SCHEMA_VERSION;
  readonly runId: string;
  readonly kind: TransformJob['kind'];
  readonly ingestionDate: string;
  readonly source: string;
  readonly contract: { readonly source: string; readonly version: number };
  readonly status: 'passed' | 'failed';
  readonly reasons: readonly string[];
  /** `readInPlace`: files DuckDB read over S3 with no copy in /tmp (the others were fetched). */
  readonly input: { readonly files: number; readonly bytes: number; readonly readInPlace: number };
  readonly rows: {
    readonly read: number;
    readonly rejected: number;
    readonly accepted: number;
    readonly duplicates: number;
    readonly output: number;
    /** Lines of refused files (not in `read`): input lines = output + rejected + duplicates + refused. */
    readonly refused: number;
  };
  /** Files refused as a whole, each with a reason naming it; the other files were converted. */
  readonly refusedFiles: Conversion['refusedFiles'];
  readonly schemaDrift: {
    readonly rows: number;
    readonly fields: readonly { field: string; rows: number }[];
  };
  readonly rules: Conversion['rules'];
  /** The commit that published the run's rows (made now, or by an earlier attempt), or null. */
  readonly output: {
    readonly table: string;
    readonly kind: 'merge' | 'replace' | 'compact';
    readonly parentSnapshotId?: string;
    readonly rowsAdded: number;
    readonly rowsRemoved: number;
    readonly alreadyCommitted: boolean;
  } | null;
  /** The Avro copy of the output, present only when OUTPUT_FORMATS includes avro. */
  readonly avroOutput?: { readonly key: string; readonly bytes: number; readonly rows: number };
  readonly rejectsKey: string | null;
  readonly durationsMs: Readonly<Record<string, number>>;
  readonly finishedAt: string;
}

/** Builds the metrics document from a conversion and what was uploaded. */
export function runMetricsDocument(
  job: TransformJob,
  contract: SourceContract,
  c: Conversion,
  uploaded: { rejectsKey?: string; avroBytes?: number },
  finishedAt: Date,
): RunMetricsDocument {
  const counts = c.counts;
  const pub = c.publication;
  const commit = pub?.commit;
  const output = commit?.rowsAdded ?? 0;
  return {
    schemaVersion: RUN_METRICS_SCHEMA_VERSION,
    runId: job.runId,
    kind: job.kind,
    ingestionDate: job.ingestionDate,
    source: job.source,
    contract: { source: contract.source, version: contract.version },
    status: c.reasons.length === 0 ? 'passed' : 'failed',
    reasons: c.reasons,
    input: { files: job.files.length, bytes: c.inputBytes, readInPlace: c.readInPlace ?? 0 },
    rows: {
      read: counts?.rowsRead ?? 0,
      rejected: counts?.rejectedRows ?? 0,
      accepted: counts?.acceptedRows ?? 0,
      // Within the run and against the rows the date already held.
      duplicates:
        pub?.duplicateRows ??
        (counts?.acceptedRows ?? 0) - (counts?.distinctKeys ?? counts?.acceptedRows ?? 0),
      output,
      refused: c.refusedFiles.reduce((n, f) => n + (f.lines ?? 0), 0),
    },
    refusedFiles: c.refusedFiles,
    schemaDrift: { rows: counts?.driftRows ?? 0, fields: counts?.driftFields ?? [] },
    rules: c.rules,
    output: commit
      ? {
          table: curatedTableName(job.source),
          kind: commit.kind,
          ...(commit.parentSnapshotId ? { parentSnapshotId: commit.parentSnapshotId } : {}),
          rowsAdded: commit.rowsAdded,
          rowsRemoved: commit.rowsRemoved,
          alreadyCommitted: pub?.alreadyCommitted ?? false,
        }
      : null,
    ...(pub?.avro && uploaded.avroBytes !== undefined
      ? {
          avroOutput: {
            key: objectKeys.curatedAvroPart(job.ingestionDate, job.runId),
            bytes: uploaded.avroBytes,
            rows: pub.avro.rows,
          },
        }
      : {}),
    rejectsKey: uploaded.rejectsKey ?? null,
    durationsMs: c.durationsMs,
    finishedAt: finishedAt.toISOString(),
  };
}

/**
 * Records a run's metrics three ways: the JSON document (audits, debugging), the metrics table
 * item (the sensor and the CLI query it), and EMF metrics (dashboards, alarms). All three are
 * keyed by date and run id, so a retried run overwrites instead of adding.
 */
export async function recordRunMetrics(
  deps: TransformDeps,
  doc: RunMetricsDocument,
): Promise<void> {
  await putJson(
    deps.s3,
    {
      bucket: deps.config.buckets.artifacts,
      key: objectKeys.metrics(doc.ingestionDate, doc.runId),
    },
    doc,
  );
  await deps.ddb.send(
    new PutCommand({
      TableName: deps.config.tables.metrics,
      Item: {
        [TABLE_KEYS.metrics.partitionKey]: doc.ingestionDate,
        [TABLE_KEYS.metrics.sortKey]: doc.runId,
        kind: doc.kind,
        status: doc.status,
        reasons: doc.reasons,
        source: doc.source,
        contract_version: doc.contract.version,
        input_files: doc.input.files,
        input_bytes: doc.input.bytes,
        rows_read: doc.rows.read,
        rows_rejected: doc.rows.rejected,
        rows_duplicate: doc.rows.duplicates,
        rows_output: doc.rows.output,
        rows_refused: doc.rows.refused,
        refused_files: doc.refusedFiles.length,
        // Bounded: an item holds at most 400 KB; the metrics document lists every file.
        refused_reasons: doc.refusedFiles.slice(0, REFUSED_IN_ITEM).map((f) => f.reason),
        drift_rows: doc.schemaDrift.rows,
        rows_removed: doc.output?.rowsRemoved,
        rules: doc.rules.map((r) => ({
          id: r.id,
          value: r.value,
          threshold: r.threshold,
          passed: r.passed,
        })),
        finished_at: doc.finishedAt,
      },
    }),
  );
  const m = deps.metrics;
  m.addMetric('InputBytes', MetricUnit.Bytes, doc.input.bytes);
  m.addMetric('RowsRead', MetricUnit.Count, doc.rows.read);
  m.addMetric('RowsRejected', MetricUnit.Count, doc.rows.rejected);
  m.addMetric('RowsDuplicate', MetricUnit.Count, doc.rows.duplicates);
  m.addMetric('RowsOutput', MetricUnit.Count, doc.rows.output);
  m.addMetric('SchemaDriftRows', MetricUnit.Count, doc.schemaDrift.rows);
  m.addMetric('FilesRefused', MetricUnit.Count, doc.refusedFiles.length);
  m.addMetric('RowsRefused', MetricUnit.Count, doc.rows.refused);
  m.addMetric('DqFailures', MetricUnit.Count, doc.status === 'failed' ? 1 : 0);
  m.publishStoredMetrics();
}

/**
 * The hard rules a run failed, when its recorded verdict was a data-quality failure. A manifest's
 * DQ gate is evaluated on its date as its commit would have left it, which depends on what the
 * date held at the time: a redelivery later would be judged on another state. So the verdict
 * stands (the manifest is not re-evaluated on redelivery); a backfill of the date re-evaluates
 * all of its files together. Undefined when the run never failed its rules.
 */
export async function failedRulesOf(
  deps: Pick<TransformDeps, 'ddb' | 'config'>,
  ingestionDate: string,
  runId: string,
): Promise<string[] | undefined> {
  const res = await deps.ddb.send(
    new GetCommand({
      TableName: deps.config.tables.metrics,
      Key: {
        [TABLE_KEYS.metrics.partitionKey]: ingestionDate,
        [TABLE_KEYS.metrics.sortKey]: runId,
      },
      ConsistentRead: true,
    }),
  );
  if (res.Item?.status !== 'failed') return undefined;
  const rules = (res.Item.rules as { id?: unknown; passed?: unknown }[] | undefined) ?? [];
  const failed = rules.filter((r) => r.passed === false).map((r) => String(r.id));
  return failed.length > 0 ? failed : undefined;
}
