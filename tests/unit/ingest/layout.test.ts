import { join } from 'node:path';
import { IngestInputError } from '../../../scripts/ingest/errors';
import { checkOverrides, rawKeyFor } from '../../../scripts/ingest/layout';

const gen = join('/data', 'out', 'source=app', 'ingestion_date=2026-11-20');

describe('rawKeyFor', () => {
  it('maps the generator layout to the raw key layout directly', () => {
    expect(rawKeyFor(join(gen, 'part-00000.ndjson.gz'), {})).toBe(
      'raw/source=app/ingestion_date=2026-11-20/part-00000.ndjson.gz',
    );
  });

  it('keeps folders below the date folder', () => {
    expect(rawKeyFor(join(gen, 'hour=07', 'a.csv'), {})).toBe(
      'raw/source=app/ingestion_date=2026-11-20/hour=07/a.csv',
    );
  });

  it('lets --source and --date override the path, and name flat files', () => {
    expect(rawKeyFor(join(gen, 'x.ndjson'), { source: 'web', date: '2026-11-21' })).toBe(
      'raw/source=web/ingestion_date=2026-11-21/x.ndjson',
    );
    expect(rawKeyFor('/tmp/flat/x.ndjson', { source: 'app', date: '2026-11-21' })).toBe(
      'raw/source=app/ingestion_date=2026-11-21/x.ndjson',
    );
  });

  it.each([
    ['/tmp/flat/x.ndjson', {}, /cannot tell the source of .*pass --source/],
    ['/tmp/flat/x.ndjson', { source: 'app' }, /cannot tell the ingestion date .*pass --date/],
    [
      '/tmp/source=app/ingestion_date=2026-02-30/x.ndjson',
      {},
      /"2026-02-30" .* not a calendar date/,
    ],
    ['/tmp/source=a b/ingestion_date=2026-02-03/x.ndjson', {}, /source "a b"/],
  ])('refuses %s %j in one line', (path, overrides, reason) => {
    expect(() => rawKeyFor(path, overrides)).toThrow(IngestInputError);
    expect(() => rawKeyFor(path, overrides)).toThrow(reason);
  });

  it('checks the overrides before any file is read', () => {
    expect(() => checkOverrides({ date: '2026-02-30' })).toThrow(
      /--date "2026-02-30" is not a calendar date/,
    );
    expect(() => checkOverrides({ source: '../etc' })).toThrow(/--source/);
    expect(() => checkOverrides({ source: 'app', date: '2026-02-28' })).not.toThrow();
  });
});
