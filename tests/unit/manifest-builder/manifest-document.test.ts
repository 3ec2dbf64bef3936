import { Logger } from '@aws-lambda-powertools/logger';
import { manifestDocumentSchema } from '../../../handlers/lib/manifest/manifest-document';
import { functionEnvironment } from '../../../handlers/lib/config/function-environment';
import { resourceNames } from '../../../handlers/lib/names';
import type { FileItem } from '../../../handlers/lib/tracking/items';
import { INDEX_SK, PK, TTL, fileItemKey } from '../../../handlers/lib/tracking/items';
import { FILE_STATUS } from '../../../handlers/lib/tracking/statuses';
import { parseBuilderConfig } from '../../../handlers/manifest-builder/config';
import type { BuilderDeps } from '../../../handlers/manifest-builder/dependencies';
import { manifestDocument, manifestRecord } from '../../../handlers/manifest-builder/emit-manifest';
import { ManifestPublishError } from '../../../handlers/manifest-builder/errors';

const names = resourceNames('curated-pipeline', 'dev');
const config = parseBuilderConfig(
  functionEnvironment(
    'manifestBuilder',
    names,
    {
      logLevel: 'INFO',
      maxFilesPerManifest: 50,
      maxBatchSizeGb: 1,
      sizeTolerancePercent: 50,
      lockTtlSeconds: 300,
    },
    {
      ingestQueueUrl: 'http://q/ingest',
      manifestQueueUrl: 'http://q/manifest',
      alertsTopicArn: 'arn:t',
    },
  ),
);
/** The pure builders use only config and clock; no client is ever called. */
const deps = (iso: string): BuilderDeps => ({
  clients: {} as BuilderDeps['clients'],
  config,
  logger: new Logger({ logLevel: 'SILENT' }),
  now: () => new Date(iso),
});

const file = (name: string, versionId?: string): FileItem => {
  const key = `raw/source=app/ingestion_date=2026-11-20/${name}`;
  return {
    [PK]: fileItemKey({ bucket: names.buckets.raw, key, versionId, etag: `"e-${name}"` }),
    [INDEX_SK]: '2026-11-20T10:00:00.000Z',
    [TTL]: 0,
    kind: 'file',
    bucket: names.buckets.raw,
    key,
    ...(versionId ? { version_id: versionId } : {}),
    etag: `e-${name}`,
    size: name.length,
    status: FILE_STATUS.pending,
    source: 'app',
    ingestion_date: '2026-11-20',
  };
};

describe('manifestRecord and manifestDocument', () => {
  const files = [file('b.json', 'v2'), file('a.json'), file('c.json', 'v9')];

  it('derive the id and the document from the files only, in a stable order', () => {
    const m1 = manifestRecord(deps('2026-11-20T11:00:00Z'), '2026-11-20', 'app', files);
    const m2 = manifestRecord(
      deps('2026-11-21T09:00:00Z'),
      '2026-11-20',
      'app',
      [...files].reverse(),
    );
    expect(m2.manifest_id).toBe(m1.manifest_id);
    expect(m1.document_key).toBe(`manifests/ingestion_date=2026-11-20/${m1.manifest_id}.json`);
    expect(m1).toMatchObject({
      file_count: 3,
      total_bytes: 18,
      status: 'CREATED',
      document_bucket: names.buckets.artifacts,
    });

    const doc = manifestDocument(m1, [...files].reverse());
    expect(manifestDocumentSchema.parse(doc)).toEqual(doc);
    expect(doc.files.map((f) => f.key.split('/').pop())).toEqual(['a.json', 'b.json', 'c.json']);
    expect(doc.files[0]).toEqual({
      bucket: names.buckets.raw,
      key: files[1]!.key,
      etag: 'e-a.json',
      size: 6,
    });
    expect(doc.files[1]!.versionId).toBe('v2');
    // Rewriting after a crash gives the same bytes.
    expect(JSON.stringify(manifestDocument(m1, files))).toBe(JSON.stringify(doc));
  });

  it('refuses to write a document missing one of its files', () => {
    const m = manifestRecord(deps('2026-11-20T11:00:00Z'), '2026-11-20', 'app', files);
    expect(() => manifestDocument(m, files.slice(1))).toThrow(ManifestPublishError);
  });
});
