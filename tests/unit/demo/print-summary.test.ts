import { NO_DATE, type DateSummary } from '../../../scripts/demo/collect-summary';
import { summaryLines } from '../../../scripts/demo/print-summary';

const run = (over: Partial<DateSummary['runs'][number]> = {}): DateSummary['runs'][number] => ({
  runId: 'm-1',
  status: 'passed',
  reasons: [],
  read: 100,
  rejected: 2,
  duplicates: 1,
  output: 97,
  refusedFiles: 0,
  refusedLines: 0,
  refused: [],
  ...over,
});

describe('demo summary', () => {
  it('lists every file not curated as a whole: quarantined with or without a date, refused', () => {
    const lines = summaryLines([
      {
        date: '2026-11-20',
        files: { DONE: 3 },
        quarantined: [
          { key: 'raw/source=app/ingestion_date=2026-11-20/x.txt', reason: 'bad-extension: no' },
        ],
        manifests: { DONE: 1 },
        runs: [
          run({
            refusedFiles: 1,
            refusedLines: 40,
            refused: [
              'cannot read raw/source=app/ingestion_date=2026-11-20/cut.ndjson.gz: gzip stream is truncated or corrupt (unexpected end of file)',
            ],
          }),
        ],
      },
      {
        date: NO_DATE,
        files: { QUARANTINED: 1 },
        quarantined: [
          { key: 'raw/source=app/ingestion_date=2026-13-45/e.ndjson', reason: 'bad-date: ...' },
        ],
        manifests: {},
        runs: [],
      },
    ]);
    expect(lines[0]).toMatch(/refused files/);
    expect(lines[2]).toMatch(/^2026-11-20 .* 1 \(40 lines\) +passed$/);
    expect(lines[3]).toMatch(/^\(no date\) +1 quarantined .* no run$/);
    expect(lines.slice(4)).toEqual([
      '',
      'quarantined files: 2',
      '  raw/source=app/ingestion_date=2026-11-20/x.txt: bad-extension: no',
      '  raw/source=app/ingestion_date=2026-13-45/e.ndjson: bad-date: ...',
      'refused files (the rest of their manifest was curated): 1',
      '  cannot read raw/source=app/ingestion_date=2026-11-20/cut.ndjson.gz: gzip stream is truncated or corrupt (unexpected end of file)',
    ]);
  });
});
