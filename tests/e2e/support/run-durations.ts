import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { AwsClients } from '../../../handlers/lib/aws/clients';
import { PREFIXES } from '../../../handlers/lib/names';

/** The transform's stages, in the order a run goes through them. */
const STAGES = ['download', 'stage', 'evaluate', 'publish'] as const;

/**
 * The transform's time per stage, summed over every run of the dates, from the runs' metrics
 * documents (`durationsMs`): where a phase's busy time goes (fetching raw files, staging,
 * counting, the commit), so a change to one stage shows in the smoke's figures.
 */
export async function transformStageSeconds(
  clients: Pick<AwsClients, 's3'>,
  bucket: string,
  dates: readonly string[],
): Promise<Record<string, number>> {
  const totals: Record<string, number> = { runs: 0 };
  for (const date of dates) {
    const prefix = `${PREFIXES.metrics}ingestion_date=${date}/`;
    let token: string | undefined;
    do {
      const page = await clients.s3.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const o of page.Contents ?? []) {
        const body = await clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: o.Key }));
        const doc = JSON.parse(await body.Body!.transformToString()) as {
          durationsMs?: Record<string, number>;
        };
        totals.runs = (totals.runs ?? 0) + 1;
        for (const [k, ms] of Object.entries(doc.durationsMs ?? {})) {
          totals[k] = (totals[k] ?? 0) + ms / 1000;
        }
      }
      token = page.NextContinuationToken;
    } while (token);
  }
  return totals;
}

/** One report line of {@link transformStageSeconds}: each stage's seconds and share of the runs' total. */
export function stageReport(totals: Readonly<Record<string, number>>): string {
  const total = totals.total ?? 0;
  const parts = STAGES.filter((s) => totals[s] !== undefined).map((s) => {
    const share = total > 0 ? ` (${((totals[s]! / total) * 100).toFixed(0)}%)` : '';
    return `${s} ${totals[s]!.toFixed(1)} s${share}`;
  });
  return `  transform stages over ${totals.runs ?? 0} runs: ${parts.join(', ')}; total ${total.toFixed(1)} s`;
}
