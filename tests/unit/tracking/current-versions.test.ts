import fc from 'fast-check';
import { currentVersions } from '../../../handlers/lib/tracking/current-versions';

const v = (key: string, lastModified: string, receivedAt: string, id: string) => ({
  bucket: 'raw',
  key,
  lastModified,
  receivedAt,
  id,
});

describe('currentVersions', () => {
  it('keeps the newest version of each key by LastModified, input order otherwise', () => {
    const files = [
      v('a', '2026-06-15T10:00:00.000Z', '2026-06-15T10:00:01.000Z', 'a1'),
      v('b', '2026-06-15T09:00:00.000Z', '2026-06-15T09:00:01.000Z', 'b1'),
      v('a', '2026-06-15T11:00:00.000Z', '2026-06-15T10:00:00.500Z', 'a2'),
    ];
    expect(currentVersions(files).map((f) => f.id)).toEqual(['b1', 'a2']);
  });

  it('breaks a LastModified tie (second precision) by tracking time', () => {
    const files = [
      v('a', '2026-06-15T10:00:00.000Z', '2026-06-15T10:00:00.900Z', 'late'),
      v('a', '2026-06-15T10:00:00.000Z', '2026-06-15T10:00:00.100Z', 'early'),
    ];
    expect(currentVersions(files).map((f) => f.id)).toEqual(['late']);
  });

  it('keeps exactly one version per key, the maximum, whatever the order', () => {
    const version = fc.record({
      key: fc.constantFrom('a', 'b', 'c'),
      lastModified: fc.integer({ min: 0, max: 5 }).map((s) => `2026-06-15T10:00:0${s}.000Z`),
      receivedAt: fc
        .integer({ min: 0, max: 999 })
        .map((ms) => `2026-06-15T10:00:09.${String(ms).padStart(3, '0')}Z`),
    });
    fc.assert(
      fc.property(fc.array(version, { maxLength: 12 }), (raw) => {
        const files = raw.map((f, i) => ({ ...f, bucket: 'raw', id: String(i) }));
        const kept = currentVersions(files);
        expect(new Set(kept.map((f) => f.key)).size).toBe(kept.length);
        expect(new Set(kept.map((f) => f.key))).toEqual(new Set(files.map((f) => f.key)));
        for (const k of kept) {
          for (const f of files.filter((x) => x.key === k.key)) {
            expect(`${f.lastModified}|${f.receivedAt}` <= `${k.lastModified}|${k.receivedAt}`).toBe(
              true,
            );
          }
        }
      }),
    );
  });
});
