import { renderStatus, formatAge } from '../../../../scripts/ops/status/render';
import type { StatusReport } from '../../../../scripts/ops/status/report';

const report: StatusReport = {
  env: 'dev',
  generatedAt: '2026-11-22T10:00:00.000Z',
  queues: [
    {
      role: 'ingest',
      name: 'p-dev-ingest',
      visible: 3,
      inFlight: 1,
      delayed: 0,
      oldestAgeSeconds: 125,
      oldestBasis: 'pending-file',
    },
    {
      role: 'manifestDlq',
      name: 'p-dev-manifest-dlq',
      visible: 2,
      inFlight: 0,
      delayed: 0,
      oldestAgeSeconds: 7200,
      oldestBasis: 'dlq-sample',
    },
  ],
  dates: [
    {
      date: '2026-11-20',
      files: { PENDING: 1, MANIFESTED: 2, DONE: 30, FAILED: 0, QUARANTINED: 4 },
      manifests: { CREATED: 0, QUEUED: 1, DONE: 3, FAILED: 0 },
      generation: { id: 'rebuild-1', requestedAt: '2026-11-21T00:00:00.000Z', rows: 900 },
      late: {
        date: '2026-11-20',
        reference: { since: '2026-11-21T00:00:00.000Z', basis: 'rebuild' },
        files: 3,
        manifests: ['m-late'],
      },
      oldestPending: '2026-11-22T09:57:55.000Z',
      oldestQueued: null,
    },
  ],
  runs: [
    {
      date: '2026-11-20',
      runId: 'm-late',
      kind: 'manifest',
      status: 'failed',
      finishedAt: '2026-11-22T09:00:00.000Z',
      rowsRead: 10,
      rowsOutput: 0,
      rowsRejected: 1,
      rowsDuplicate: 0,
      filesRefused: 0,
      failedRules: ['event_type_allowed'],
      reasons: ['event_type outside the accepted values'],
    },
  ],
  locks: [
    {
      lockId: 'manifest-builder#2026-11-20',
      owner: 'abc',
      acquiredAt: '2026-11-22T09:59:00.000Z',
      expiresAt: 1_700_000_000,
      expired: true,
      details: {},
    },
  ],
  acceptances: [
    {
      source: 'app',
      ingestionDate: '2026-11-20',
      rule: 'event_type_allowed',
      by: 'alice',
      reason: 'new event type, contract change under review',
      at: '2026-11-22T09:30:00.000Z',
    },
  ],
  lateDates: ['2026-11-20'],
};

describe('status screen', () => {
  it('shows queues, per-date counts, generation, late data, verdicts, acceptances and locks', () => {
    const text = renderStatus(report);
    expect(text).toMatch(/p-dev-ingest\s+3\s+1\s+0\s+2m5s \(oldest pending file\)/);
    expect(text).toMatch(/p-dev-manifest-dlq\s+2\s+0\s+0\s+2h \(oldest message\)/);
    expect(text).toMatch(
      /2026-11-20\s+1\s+2\s+30\s+4\s+0\s+\|\s+0\s+1\s+3\s+0\s+rebuild-1 \(900 rows\)/,
    );
    expect(text).toContain(
      '3 file(s) since rebuild 2026-11-21T00:00:00.000Z, 1 manifest(s) outside the generation',
    );
    expect(text).toMatch(/m-late\s+manifest\s+FAILED event_type_allowed/);
    expect(text).toMatch(
      /manifest-builder#2026-11-20\s+abc\s+\S+\s+2023-11-14T22:13:20.000Z \(expired\)/,
    );
    expect(text).toContain('Late data: 2026-11-20 (fold in with: pipeline backfill');
    expect(text).toMatch(
      /2026-11-20\s+app\s+event_type_allowed\s+alice\s+2026-11-22T09:30:00.000Z\s+new event type, contract change under review/,
    );
  });

  it('shows the progress of a backfill record beside plain locks', () => {
    const backfill = {
      ...report.locks[0]!,
      lockId: 'backfill#2026-11-01#2026-11-05',
      expired: false,
      details: { status: 'failed', current_date: '2026-11-03', reason: 'rebuild r failed' },
    };
    const text = renderStatus({ ...report, locks: [report.locks[0]!, backfill] });
    expect(text).toMatch(
      /backfill#2026-11-01#2026-11-05\s+abc\s+\S+\s+\S+\s+failed at 2026-11-03: rebuild r failed/,
    );
    expect(text).toMatch(/manifest-builder#2026-11-20\s+abc\s+\S+\s+\S+ \(expired\)\s+-/);
  });

  it('says so when nothing is tracked, run or locked', () => {
    const text = renderStatus({
      ...report,
      dates: [],
      runs: [],
      locks: [],
      acceptances: [],
      lateDates: [],
    });
    expect(text).toContain('no files tracked in this window');
    expect(text).toContain('no runs recorded');
    expect(text).toContain('none held');
    expect(text).toContain('none for these dates');
    expect(text).toContain('Late data: none');
  });

  it('formats ages', () => {
    expect([null, 0, 59, 60, 61, 3600, 3660, 172_800 + 3600].map(formatAge)).toEqual([
      '-',
      '0s',
      '59s',
      '1m',
      '1m1s',
      '1h',
      '1h1m',
      '2d1h',
    ]);
  });
});
