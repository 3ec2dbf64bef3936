import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { AwsClients } from '../../../handlers/lib/aws/clients';
import type { ResourceNames } from '../../../handlers/lib/names';
import { objectKeys } from '../../../handlers/lib/object-keys';
import { quarantinedFilesOfDate } from '../../../handlers/lib/tracking/file-repository';
import type { FileItem, ManifestItem } from '../../../handlers/lib/tracking/items';
import { manifestsWithStatus } from '../../../handlers/lib/tracking/manifest-repository';
import { MANIFEST_STATUS, type ManifestStatus } from '../../../handlers/lib/tracking/statuses';
import type { RunMetricsDocument } from '../../../handlers/transform/run-metrics';

/** Where the files and manifests of one date ended, from the tracking table. */
export interface DateTracking {
  readonly manifests: Readonly<Record<ManifestStatus, readonly ManifestItem[]>>;
  readonly quarantined: readonly FileItem[];
}

/** The raw key of a tracking key (`s3://<bucket>/<key>#<version or etag>`). */
export const rawKeyOfTrackingKey = (trackingKey: string): string => {
  const path = trackingKey.slice('s3://'.length);
  return path.slice(path.indexOf('/') + 1, path.lastIndexOf('#'));
};

/** Manifests of the date by status and its quarantined files (consistent reads). */
export async function dateTracking(
  clients: Pick<AwsClients, 'ddb'>,
  names: ResourceNames,
  date: string,
): Promise<DateTracking> {
  const t = { ddb: clients.ddb, table: names.tables.files };
  const of = (s: ManifestStatus) => manifestsWithStatus(t, date, s);
  const [created, queued, done, failed] = await Promise.all([
    of(MANIFEST_STATUS.created),
    of(MANIFEST_STATUS.queued),
    of(MANIFEST_STATUS.done),
    of(MANIFEST_STATUS.failed),
  ]);
  return {
    manifests: {
      [MANIFEST_STATUS.created]: created,
      [MANIFEST_STATUS.queued]: queued,
      [MANIFEST_STATUS.done]: done,
      [MANIFEST_STATUS.failed]: failed,
    },
    quarantined: await quarantinedFilesOfDate(t, date),
  };
}

async function objectText(
  clients: Pick<AwsClients, 's3'>,
  bucket: string,
  key: string,
): Promise<string | undefined> {
  try {
    const res = await clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return await res.Body!.transformToString();
  } catch (err) {
    if ((err as { name?: string }).name === 'NoSuchKey') return undefined;
    throw err;
  }
}

/** The metrics document of a run (a manifest id or a rebuild's generation id). */
export async function runMetrics(
  clients: Pick<AwsClients, 's3'>,
  names: ResourceNames,
  date: string,
  runId: string,
): Promise<RunMetricsDocument> {
  const text = await objectText(clients, names.buckets.artifacts, objectKeys.metrics(date, runId));
  if (text === undefined) throw new Error(`no metrics document for ${date} ${runId}`);
  return JSON.parse(text) as RunMetricsDocument;
}

/** Rejected rows a run wrote (0 when it wrote no rejects object). */
export async function rejectedRows(
  clients: Pick<AwsClients, 's3'>,
  names: ResourceNames,
  date: string,
  runId: string,
): Promise<number> {
  const text = await objectText(clients, names.buckets.artifacts, objectKeys.rejects(date, runId));
  return text === undefined ? 0 : text.split('\n').filter((l) => l.length > 0).length;
}
