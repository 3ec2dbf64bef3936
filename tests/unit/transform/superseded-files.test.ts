import { supersededFiles } from '../../../handlers/transform/superseded-files';

const file = (key: string, versionId?: string) => ({
  bucket: 'raw',
  key,
  etag: 'e',
  size: 1,
  versionId,
});

describe('files a producer re-uploaded since the manifest was made', () => {
  const tracked = [
    { ...file('a', 'v1'), lastModified: '2026-11-20T01:00:00Z' },
    { ...file('a', 'v2'), lastModified: '2026-11-20T02:00:00Z' },
    { ...file('b', 'v1'), lastModified: '2026-11-20T01:00:00Z' },
  ];
  it('are the versions that are no longer the newest of their key', () => {
    expect(supersededFiles([file('a', 'v1'), file('b', 'v1')], tracked)).toEqual([file('a', 'v1')]);
    expect(supersededFiles([file('a', 'v2')], tracked)).toEqual([]);
  });
  it('never include a file without a version id (unversioned bucket)', () => {
    expect(supersededFiles([file('a')], tracked)).toEqual([]);
  });
});
