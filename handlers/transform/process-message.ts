import { publishAlert } from '../lib/alerts/alert-message';
import { contractFor, UnknownContractError } from '../lib/contract/contracts';
import { PipelineError } from '../lib/errors/pipeline-error';
import { manifestDocumentSchema, type ManifestMessage } from '../lib/manifest/manifest-document';
import { objectKeys } from '../lib/object-keys';
import { curatedTableName } from '../lib/names';
import { currentVersions } from '../lib/tracking/current-versions';
import { failedRulesOf } from './run-metrics';
import { supersededFiles } from './superseded-files';
import { deleteKeys, getJson, listKeys } from './io/s3-files';
import type { TransformDeps, TransformJob } from './job';
import { currentGeneration, recordGeneration } from './partition-generation';
import { curatedAvroKey, runJob } from './run-job';

/** The manifest document a message points to is missing fields or names another manifest. */
export class ManifestInvalidError extends PipelineError {}

/** What processing one message ended in, for logs and tests. */
export type MessageOutcome =
  | {
      readonly status: 'passed' | 'failed';
      readonly runId: string;
      readonly reasons: readonly string[];
    }
  | { readonly status: 'skipped'; readonly runId: string; readonly reason: string };

async function transformManifest(
  deps: TransformDeps,
  msg: Extract<ManifestMessage, { kind: 'manifest' }>,
): Promise<MessageOutcome> {
  const parsed = manifestDocumentSchema.safeParse(await getJson(deps.s3, msg));
  if (!parsed.success || parsed.data.manifestId !== msg.manifestId) {
    throw new ManifestInvalidError(
      `manifest s3://${msg.bucket}/${msg.key} is not manifest ${msg.manifestId}`,
      {
        context: { issues: parsed.success ? [] : parsed.error.issues.map((i) => i.message) },
      },
    );
  }
  const doc = parsed.data;
  let contract;
  try {
    contract = contractFor(doc.source, deps.contracts);
  } catch (err) {
    if (!(err instanceof UnknownContractError)) throw err;
    await deps.store.markFailed(doc.manifestId, doc.ingestionDate, [err.message]);
    await publishAlert(deps.sns, deps.config.alertsTopicArn, {
      kind: 'no_contract',
      subject: `No schema contract: ${doc.source} ${doc.ingestionDate} (${doc.manifestId})`,
      summary: `Manifest ${doc.manifestId} was not transformed: ${err.message}. Add a contract for the source and send the manifest again.`,
      details: { manifestId: doc.manifestId, ingestionDate: doc.ingestionDate, source: doc.source },
      occurredAt: (deps.now ?? (() => new Date()))().toISOString(),
    });
    return { status: 'failed', runId: doc.manifestId, reasons: [err.message] };
  }
  const failedRules = await failedRulesOf(deps, doc.ingestionDate, doc.manifestId);
  if (failedRules) {
    const reason = `failed its data-quality gate before (${failedRules.join(', ')}); a backfill of ${doc.ingestionDate} re-evaluates it with the rest of the date`;
    return { status: 'skipped', runId: doc.manifestId, reason };
  }
  // A file a producer has re-uploaded since is not this manifest's to write: the manifest of
  // the newer version replaces the key's rows (and a late retry of this one must not undo it).
  const superseded = supersededFiles(doc.files, await deps.store.filesOfDate(doc.ingestionDate));
  if (superseded.length > 0) {
    deps.logger.info('files superseded by newer versions left out', {
      manifestId: doc.manifestId,
      keys: superseded.map((f) => f.key),
    });
  }
  const job: TransformJob = {
    kind: 'manifest',
    runId: doc.manifestId,
    ingestionDate: doc.ingestionDate,
    source: doc.source,
    files: doc.files
      .filter((f) => !superseded.includes(f))
      .map((f) => ({ ...f, manifestId: doc.manifestId })),
    ingestedAt: doc.createdAt,
  };
  const outcome = await runJob(deps, job, contract);
  if (outcome.status === 'passed') await deps.store.markDone(job.runId, job.ingestionDate);
  else await deps.store.markFailed(job.runId, job.ingestionDate, outcome.reasons);
  return { status: outcome.status, runId: job.runId, reasons: outcome.reasons };
}

/** Generation id of a rebuild: its request time, so a retried request reuses its object name. */
export const rebuildRunId = (requestedAt: string): string =>
  `rebuild-${requestedAt.replace(/[^0-9]/g, '')}`;

async function rebuildPartition(
  deps: TransformDeps,
  msg: Extract<ManifestMessage, { kind: 'rebuild' }>,
): Promise<MessageOutcome> {
  const date = msg.ingestionDate;
  const runId = rebuildRunId(msg.requestedAt);
  const table = deps.config.tables.metrics;
  const before = await currentGeneration(deps.ddb, table, date);
  if (before && before.requestedAt > msg.requestedAt) {
    return {
      status: 'skipped',
      runId,
      reason: `a newer rebuild (${before.generation}) is current`,
    };
  }
  const tracked = await deps.store.filesOfDate(date);
  // Only the current version of each key: a re-uploaded (corrected) file replaces its rows.
  // Only files already in a manifest: a PENDING file reaches the table through the manifest it
  // will be put in, which then merges into this rebuild's rows like any late file.
  const manifested = currentVersions(tracked)
    .filter((f) => f.manifestId !== undefined)
    .sort((a, b) => a.key.localeCompare(b.key));
  // One source's table per rebuild: another source's rows of the date are never touched.
  const source = msg.source ?? manifested[0]?.source ?? 'app';
  const files = manifested.filter((f) => (f.source ?? 'app') === source);
  if (files.length === 0)
    return { status: 'skipped', runId, reason: `no manifested ${source} files for ${date}` };
  const job: TransformJob = {
    kind: 'rebuild',
    runId,
    ingestionDate: date,
    source,
    // Stamped with the rebuild's id: a manifest of these files still in flight then replaces
    // them with its own rows when it commits, instead of finding them all duplicates.
    files: files.map((f) => ({
      bucket: f.bucket,
      key: f.key,
      versionId: f.versionId,
      etag: f.etag,
      size: f.size,
      manifestId: runId,
    })),
    ingestedAt: msg.requestedAt,
  };
  const outcome = await runJob(deps, job, contractFor(source, deps.contracts));
  if (outcome.status === 'failed') return { status: 'failed', runId, reasons: outcome.reasons };
  const covered = [
    ...new Set(
      tracked.flatMap((f) =>
        f.manifestId && (f.source ?? 'app') === source ? [f.manifestId] : [],
      ),
    ),
  ].sort();
  const avroKey = outcome.metrics.avroOutput ? curatedAvroKey(job) : undefined;
  const tableName = `${deps.config.iceberg.namespace}.${curatedTableName(source)}`;
  const current = await recordGeneration(
    deps.ddb,
    table,
    {
      ingestionDate: date,
      generation: runId,
      requestedAt: msg.requestedAt,
      curatedKeys: avroKey ? [tableName, avroKey] : [tableName],
      coveredManifestIds: covered,
      rows: outcome.metrics.rows.output,
    },
    (deps.now ?? (() => new Date()))(),
  );
  if (!current)
    return { status: 'skipped', runId, reason: 'a newer rebuild became current meanwhile' };
  // The table swapped the date's rows in one commit; the Avro copies of earlier runs of the
  // date are stale now (an Avro object not of this rebuild, even when it wrote none, as
  // OUTPUT_FORMATS may have changed).
  const bucket = deps.config.buckets.curated;
  const keys = await listKeys(deps.s3, bucket, objectKeys.curatedAvroPartition(date));
  await deleteKeys(
    deps.s3,
    bucket,
    keys.filter((k) => k !== avroKey),
  );
  return { status: 'passed', runId, reasons: [] };
}

/**
 * Processes one manifest-queue message: a manifest (merge its files' rows into the date, one
 * commit) or a rebuild (replace the date's rows with every current tracked file's, one commit). Data problems end in a failed status and an alert; infrastructure
 * errors propagate so the message is retried.
 */
export async function processManifestMessage(
  deps: TransformDeps,
  msg: ManifestMessage,
): Promise<MessageOutcome> {
  return msg.kind === 'manifest' ? transformManifest(deps, msg) : rebuildPartition(deps, msg);
}
