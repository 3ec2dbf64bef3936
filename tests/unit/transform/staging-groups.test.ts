/**
 * Which files one staging statement takes together: runs of small NDJSON files within the
 * limits, every other file alone, the manifest's order kept.
 */
import type { InputFormat, LocalInputFile } from '../../../handlers/transform/convert/input-file';
import { stagingGroups } from '../../../handlers/transform/convert/stage-group';

const file = (idx: number, bytes: number, format: InputFormat = 'ndjson'): LocalInputFile => ({
  idx,
  sourceKey: `raw/f${idx}`,
  path: `/tmp/f${idx}`,
  format,
  gzip: false,
  bytes,
});
const idxs = (groups: LocalInputFile[][]): number[][] => groups.map((g) => g.map((f) => f.idx));
const limits = { maxFiles: 3, maxBytes: 100 };

describe('staging groups', () => {
  it('takes consecutive small NDJSON files together, up to the file and byte limits', () => {
    const files = [1, 2, 3, 4, 5].map((i) => file(i, 10));
    expect(idxs(stagingGroups(files, limits))).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
    const heavy = [file(1, 60), file(2, 30), file(3, 20), file(4, 100)];
    expect(idxs(stagingGroups(heavy, limits))).toEqual([[1, 2], [3], [4]]);
  });

  it('stages CSV, JSON documents, empty and large files on their own, in order', () => {
    const files = [
      file(0, 10),
      file(1, 10, 'csv'),
      file(2, 10),
      file(3, 10),
      file(4, 0),
      file(5, 10, 'json'),
      file(6, 101),
      file(7, 10),
    ];
    expect(idxs(stagingGroups(files, limits))).toEqual([[0], [1], [2, 3], [4], [5], [6], [7]]);
  });

  it('keeps every file exactly once', () => {
    const files = Array.from({ length: 40 }, (_, i) =>
      file(i, (i * 37) % 120, i % 7 === 0 ? 'csv' : 'ndjson'),
    );
    const flat = stagingGroups(files, limits)
      .flat()
      .map((f) => f.idx);
    expect(flat).toEqual(files.map((f) => f.idx));
  });
});
