import {
  decodeNotificationKey,
  parseRawKey,
  utcDate,
} from '../../../handlers/manifest-builder/raw-key';

describe('parseRawKey', () => {
  it('reads source and ingestion date from the layout', () => {
    expect(parseRawKey('raw/source=app/ingestion_date=2026-11-20/part 1.ndjson')).toEqual({
      ok: true,
      parts: { source: 'app', ingestionDate: '2026-11-20', fileName: 'part 1.ndjson' },
    });
  });

  it('allows sub-folders after the date', () => {
    const r = parseRawKey('raw/source=web/ingestion_date=2026-01-02/hour=03/f.csv.gz');
    expect(r).toMatchObject({
      ok: true,
      parts: { ingestionDate: '2026-01-02', fileName: 'f.csv.gz' },
    });
  });

  it('leaves the date undefined when the key has no date folder', () => {
    expect(parseRawKey('raw/source=app/f.json')).toEqual({
      ok: true,
      parts: { source: 'app', ingestionDate: undefined, fileName: 'f.json' },
    });
  });

  it('rejects a date that is not a calendar date, saying which', () => {
    const r = parseRawKey('raw/source=app/ingestion_date=2026-02-30/f.json');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.code).toBe('bad-date');
      expect(r.problem.reason).toContain('ingestion_date=2026-02-30');
    }
  });

  it.each([
    ['other/source=app/f.json', 'not under raw/'],
    ['raw/f.json', 'no source folder'],
    ['raw/app/f.json', 'is not source=<source>'],
    ['raw/source=app/', 'no source folder or file name'],
  ])('rejects %s (%s)', (key, why) => {
    const r = parseRawKey(key);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.code).toBe('bad-layout');
      expect(r.problem.reason).toContain(why);
    }
  });
});

describe('decodeNotificationKey', () => {
  it('turns + into spaces and decodes percent escapes', () => {
    expect(decodeNotificationKey('raw/source=a/my+file%2Bx%C3%A9.json')).toBe(
      'raw/source=a/my file+xé.json',
    );
  });

  it('returns undefined for malformed percent-encoding', () => {
    expect(decodeNotificationKey('raw/source=a/bad%E0%A4%A.json')).toBeUndefined();
    expect(decodeNotificationKey('raw/source=a/bad%ZZ.json')).toBeUndefined();
  });
});

describe('utcDate', () => {
  it('uses the UTC calendar day', () => {
    expect(utcDate(new Date('2026-03-01T23:30:00-05:00'))).toBe('2026-03-02');
  });
});
