import type { ValidationRules } from '../../../handlers/manifest-builder/validation';
import { describeProblems, validateObject } from '../../../handlers/manifest-builder/validation';

const MB = 1024 * 1024;
const rules: ValidationRules = {
  allowedExtensions: ['.ndjson', '.jsonl', '.json', '.csv'],
  expectedBytes: 10 * MB,
  tolerancePercent: 50,
  maxBytes: 100 * MB,
  missingDate: 'last-modified',
};
const lastModified = new Date('2026-11-20T22:00:00Z');
const key = 'raw/source=app/ingestion_date=2026-11-19/f.ndjson';
const codes = (v: ReturnType<typeof validateObject>): string[] =>
  v.valid ? [] : v.problems.map((p) => p.code);

describe('validateObject', () => {
  it('accepts a file within tolerance and takes source and date from the key', () => {
    expect(validateObject({ key, size: 10 * MB, lastModified }, rules)).toEqual({
      valid: true,
      source: 'app',
      ingestionDate: '2026-11-19',
    });
  });

  it.each(['f.ndjson.gz', 'f.jsonl', 'f.json.gz', 'f.CSV', 'f.csv.gz'])('accepts %s', (name) => {
    const v = validateObject(
      { key: `raw/source=app/ingestion_date=2026-11-19/${name}`, size: 8 * MB, lastModified },
      rules,
    );
    expect(v.valid).toBe(true);
  });

  it.each(['f.txt', 'f.gz', 'f', 'f.parquet', '.ndjson'])('rejects the extension of %s', (name) => {
    const v = validateObject(
      { key: `raw/source=app/ingestion_date=2026-11-19/${name}`, size: 8 * MB, lastModified },
      rules,
    );
    expect(codes(v)).toEqual(['bad-extension']);
  });

  it('rejects an empty file', () => {
    expect(codes(validateObject({ key, size: 0, lastModified }, rules))).toEqual(['empty']);
  });

  it('rejects sizes outside the tolerance on both sides, with readable bounds', () => {
    const small = validateObject({ key, size: 4 * MB, lastModified }, rules);
    const large = validateObject({ key, size: 16 * MB, lastModified }, rules);
    expect(codes(small)).toEqual(['too-small']);
    expect(codes(large)).toEqual(['too-large']);
    expect(!small.valid && describeProblems(small.problems)).toContain('below 5.0 MB');
    expect(!large.valid && describeProblems(large.problems)).toContain('above 15.0 MB');
  });

  it('skips the tolerance check when no size is expected, but keeps the maximum', () => {
    const open = { ...rules, expectedBytes: undefined };
    expect(validateObject({ key, size: 1, lastModified }, open).valid).toBe(true);
    expect(codes(validateObject({ key, size: 101 * MB, lastModified }, open))).toEqual([
      'over-max',
    ]);
  });

  it('falls back to the UTC LastModified date, or quarantines when dates are required', () => {
    const noDate = 'raw/source=app/f.json';
    expect(validateObject({ key: noDate, size: 10 * MB, lastModified }, rules)).toMatchObject({
      valid: true,
      ingestionDate: '2026-11-20',
    });
    const strict = validateObject(
      { key: noDate, size: 10 * MB, lastModified },
      { ...rules, missingDate: 'quarantine' },
    );
    expect(codes(strict)).toEqual(['missing-date']);
  });

  it('reports every problem at once and keeps what the key told', () => {
    const v = validateObject(
      { key: 'raw/source=app/ingestion_date=2026-11-19/f.txt', size: 0, lastModified },
      rules,
    );
    expect(v).toMatchObject({ valid: false, source: 'app', ingestionDate: '2026-11-19' });
    expect(codes(v)).toEqual(['bad-extension', 'empty']);
  });

  it('rejects a key outside the layout', () => {
    expect(
      codes(validateObject({ key: 'raw/f.json', size: 10 * MB, lastModified }, rules)),
    ).toEqual(['bad-layout']);
  });
});
