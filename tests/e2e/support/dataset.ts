import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AwsClients } from '../../../handlers/lib/aws/clients';
import { directorySink } from '../../../scripts/generator/fs-sink';
import {
  generateDataset,
  type GenerationSummary,
} from '../../../scripts/generator/generate-dataset';
import type { GeneratorOptionsInput } from '../../../scripts/generator/options';
import { discoverFiles, type LocalFile } from '../../../scripts/ingest/discover';
import { ingestFiles, type IngestSummary } from '../../../scripts/ingest/ingest-files';
import { MIN_PART_BYTES } from '../../../scripts/ingest/upload-file';

/** A generated dataset on disk, and the raw keys its files go to. */
export interface LocalDataset {
  readonly dir: string;
  readonly summary: GenerationSummary;
  readonly files: readonly LocalFile[];
  /** Generator facts of each file, by raw key. */
  readonly byKey: ReadonlyMap<string, GenerationSummary['files'][number]>;
  remove(): Promise<void>;
}

/** Generates a dataset into a temp folder with the generator, laid out as producers upload it. */
export async function generateLocally(options: GeneratorOptionsInput): Promise<LocalDataset> {
  const dir = await mkdtemp(join(tmpdir(), 'e2e-dataset-'));
  const summary = await generateDataset(options, directorySink(dir));
  const files = await discoverFiles([dir], {});
  const byPath = new Map(summary.files.map((f) => [join(dir, f.path), f]));
  const byKey = new Map(files.map((f) => [f.key, byPath.get(f.path)!]));
  return { dir, summary, files, byKey, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Uploads the files to the raw bucket with the real uploader (`pipeline ingest`'s core). */
export async function uploadDataset(
  clients: Pick<AwsClients, 's3'>,
  bucket: string,
  files: readonly LocalFile[],
): Promise<IngestSummary> {
  const summary = await ingestFiles(clients, files, {
    bucket,
    partSize: MIN_PART_BYTES,
    partConcurrency: 2,
    concurrency: 4,
  });
  if (summary.failed.length > 0) {
    throw new Error(`upload failed: ${summary.failed.map((f) => f.error.message).join('; ')}`);
  }
  return summary;
}
