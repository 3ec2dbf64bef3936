import { Command } from 'commander';
import { createAwsClients } from '../../../handlers/lib/aws/clients';
import { parseCount, parseSize } from '../../generator/arguments';
import { discoverInput, type SkippedEntry } from '../../ingest/discover';
import { ingestFiles, type IngestSummary } from '../../ingest/ingest-files';
import { checkOverrides } from '../../ingest/layout';
import { MIN_PART_BYTES } from '../../ingest/upload-file';
import { deploymentNames } from '../../local/deployment';
import { CliError } from '../cli-error';
import { progress } from '../progress';
import { resolveTarget, targetOptions, type TargetOptions } from '../target-option';

interface IngestOptions extends TargetOptions {
  source?: string;
  date?: string;
  concurrency: string;
  partSize: string;
  json?: boolean;
}

const EXAMPLES = `
Examples:
  pipeline ingest data
  pipeline ingest exports/*.ndjson.gz --source app --date 2026-11-20 --concurrency 8
  pipeline ingest data --target endpoint --endpoint http://localhost:4566 --json`;

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

/** `pipeline ingest`: upload local files to the raw bucket as a producer would. */
export function ingestCommand(): Command {
  const command = new Command('ingest')
    .description(
      'upload files or folders to the raw bucket (raw/source=<s>/ingestion_date=<d>/<file>), multipart for large files, in parallel; files already there with the same size and checksum are skipped, so rerunning resumes',
    )
    .argument('<paths...>', 'files or folders (folders laid out as pipeline generate writes them)')
    .option('--source <name>', 'source of every file (for folders without source=<name>/)')
    .option('--date <YYYY-MM-DD>', 'ingestion date of every file (for folders without a date)')
    .option('--concurrency <n>', 'files uploaded at once', '4')
    .option('--part-size <size>', 'multipart part size; larger files go in parts', '8MiB')
    .option('--json', 'print the summary as JSON')
    .addHelpText('after', EXAMPLES);
  for (const option of targetOptions()) command.addOption(option);
  return command.action(async (paths: string[], o: IngestOptions) => {
    checkOverrides(o);
    const concurrency = parseCount(o.concurrency, '--concurrency', 1, 64);
    const partSize = parseSize(o.partSize, '--part-size');
    if (partSize < MIN_PART_BYTES) {
      throw new CliError(
        `--part-size must be at least 5MiB (S3's minimum part), not "${o.partSize}"`,
      );
    }
    const { files, skipped } = await discoverInput(paths, o);
    if (!o.json) for (const s of skipped) console.error(`not uploaded: ${s.path}: ${s.reason}`);
    const notUploaded = skipped;
    const target = await resolveTarget(o);
    const bucket = deploymentNames(o.env).buckets.raw;
    const clients = createAwsClients(target);
    const bar = o.json
      ? { tick: () => undefined, stop: () => undefined }
      : progress(files.length, 'ingesting');
    let summary: IngestSummary;
    try {
      summary = await ingestFiles(
        clients,
        files,
        { bucket, concurrency, partSize, partConcurrency: 4 },
        { onResult: (r) => bar.tick(`${r.outcome} ${r.file.key}`) },
      );
    } finally {
      bar.stop();
      clients.destroy();
    }
    report(summary, bucket, o.json ?? false, notUploaded);
    const failed = summary.failed;
    if (failed.length > 0) {
      throw new CliError(
        `${failed.length} of ${files.length} file(s) failed (first: ${failed[0]!.error.message}); run the same command again to resume`,
      );
    }
  });
}

function report(
  s: IngestSummary,
  bucket: string,
  json: boolean,
  notUploaded: readonly SkippedEntry[],
): void {
  const mbPerSecond = s.uploadedBytes / 1e6 / Math.max(s.seconds, 1e-9);
  if (json) {
    const files = s.results.map((r) => ({
      path: r.file.path,
      key: r.file.key,
      size: r.file.size,
      outcome: r.outcome,
      ...(r.outcome === 'skipped' ? { reason: r.reason } : {}),
      ...(r.outcome === 'uploaded' ? { multipart: r.multipart } : {}),
      ...(r.outcome === 'failed' ? { error: r.error.message } : {}),
    }));
    const { uploaded, uploadedBytes, skipped, skippedBytes, seconds } = s;
    const out = { bucket, uploaded, uploadedBytes, skipped, skippedBytes, failed: s.failed.length };
    console.log(JSON.stringify({ ...out, seconds, mbPerSecond, files, notUploaded }, null, 2));
    return;
  }
  for (const f of s.failed) console.error(`failed: ${f.error.message}`);
  const multipart = s.results.filter((r) => r.outcome === 'uploaded' && r.multipart).length;
  console.log(
    `uploaded ${s.uploaded} file(s) (${mb(s.uploadedBytes)}, ${multipart} multipart) to s3://${bucket} in ${s.seconds.toFixed(2)} s (${mbPerSecond.toFixed(1)} MB/s); skipped ${s.skipped} already present (${mb(s.skippedBytes)}); ${s.failed.length} failed`,
  );
}
