import type { S3Client } from '@aws-sdk/client-s3';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDbSession } from '../../lib/duckdb/session';
import { s3SecretSql } from '../../lib/iceberg/catalog-target';
import type { CatalogAccess } from '../../lib/iceberg/catalog-session';
import { loadExtensionsSql } from '../../lib/iceberg/extensions';
import { isStillRecorded, probeObject } from '../io/raw-object-probe';
import { downloadToFile, S3TransferError } from '../io/s3-files';
import type { JobFile } from '../job';
import { formatOfKey, isGzipFile, type LocalInputFile } from './input-file';
import type { StagingIo } from './stage-files';

/**
 * Keys DuckDB reads as one object: no glob characters (`*`, `?`, `[`, `{`), no query string,
 * nothing a URL would change. Any other key is fetched instead.
 */
const IN_PLACE_KEY = /^[A-Za-z0-9/_.=-]+$/;

/** Time and bytes of the raw reads, for the run's metrics. */
export interface RawReadStats {
  downloadMs: number;
  inPlace: number;
  fetched: number;
}

const since = (t: number): number => Math.round(performance.now() - t);

/**
 * The job's raw files as staging reads them. A plain (not gzip) object of at least
 * `inPlaceMinBytes` whose current version is the one the manifest recorded is read by DuckDB in
 * place (`s3://`, httpfs with the target's credentials, every range pinned to the version it
 * first saw): no copy in /tmp. After staging, a HEAD checks that the object is still that
 * version; if it changed meanwhile, the run fails as a transfer error and its retry fetches the
 * recorded version. Any other object is streamed to the temp directory pinned to the recorded
 * version and deleted once staged: a small one (a staging group's files are fetched a few at a
 * time, and the SDK's parallel GETs beat DuckDB's two round trips per file on many small
 * objects; the group's byte cap bounds their /tmp), gzip (scanned for truncation first), an
 * overwritten one, or a key DuckDB would not read as one object.
 */
export function rawInputs(
  s3: S3Client,
  access: CatalogAccess,
  jobFiles: readonly JobFile[],
  workDir: string,
  stats: RawReadStats,
  inPlaceMinBytes: number,
): { files: LocalInputFile[]; io: StagingIo } {
  const files = jobFiles.map((f, idx) => ({
    idx,
    sourceKey: f.key,
    path: join(workDir, `input-${idx}`),
    format: formatOfKey(f.key),
    gzip: false,
    bytes: f.size,
  }));
  const inPlace = new Set<number>();
  const fetch = async (file: LocalInputFile): Promise<LocalInputFile> => {
    const t = performance.now();
    const bytes = await downloadToFile(s3, jobFiles[file.idx]!, file.path);
    stats.downloadMs += since(t);
    stats.fetched += 1;
    return { ...file, bytes, gzip: await isGzipFile(file.path) };
  };
  const io: StagingIo = {
    async attach(db: DuckDbSession) {
      for (const sql of loadExtensionsSql(access.extensionDir)) await db.run(sql);
      await db.run(s3SecretSql(access.catalog));
      await db.run('SET s3_version_id_pinning = true');
    },
    async prepare(file) {
      const recorded = jobFiles[file.idx]!;
      if (recorded.size < inPlaceMinBytes || !IN_PLACE_KEY.test(recorded.key)) return fetch(file);
      const probe = await probeObject(s3, recorded);
      if (!probe.current || probe.gzip) return fetch(file);
      inPlace.add(file.idx);
      stats.inPlace += 1;
      return { ...file, path: `s3://${recorded.bucket}/${recorded.key}`, bytes: probe.bytes };
    },
    async release(file) {
      if (!inPlace.has(file.idx)) {
        await rm(file.path, { force: true });
        return;
      }
      const recorded = jobFiles[file.idx]!;
      if (!(await isStillRecorded(s3, recorded))) {
        throw new S3TransferError(
          `s3://${recorded.bucket}/${recorded.key} was overwritten or deleted while it was read; the retry reads the version the manifest recorded`,
          { context: { bucket: recorded.bucket, key: recorded.key } },
        );
      }
    },
  };
  return { files, io };
}
