import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { parseMaintenanceConfig } from '../../../handlers/maintenance/config';
import type { MaintenanceEngine } from '../../../handlers/maintenance/engine';
import {
  compactionRecord,
  compactionRunId,
  maintainTables,
  needsCompaction,
} from '../../../handlers/maintenance/maintenance';
import { commitRecordSchema } from '../../../handlers/lib/tracking/commit-log';

describe('needsCompaction', () => {
  it.each([
    [{ dataFiles: 1, deleteFiles: 0 }, false],
    [{ dataFiles: 0, deleteFiles: 0 }, false],
    [{ dataFiles: 2, deleteFiles: 0 }, true],
    [{ dataFiles: 1, deleteFiles: 1 }, true],
  ])('%j -> %s', (files, expected) => {
    expect(needsCompaction({ date: '2026-11-20', ...files })).toBe(expected);
  });
});

describe('compactionRecord', () => {
  it('records the same rows added and removed, kind compact, no DQ inputs, a valid ledger record', () => {
    const record = compactionRecord(
      'app',
      'compact-2026-11-20-0a1b2c3d',
      {
        date: '2026-11-20',
        committed: true,
        rows: 98,
        dataFilesBefore: 20,
        deleteFilesBefore: 2,
        dataFilesAfter: 1,
        deleteFilesAfter: 0,
        parentSnapshotId: '8882904968115537225',
        snapshotId: '1',
      },
      new Date('2026-11-21T03:00:00Z'),
    );
    expect(commitRecordSchema.parse(record)).toEqual({
      source: 'app',
      ingestionDate: '2026-11-20',
      runId: 'compact-2026-11-20-0a1b2c3d',
      kind: 'compact',
      parentSnapshotId: '8882904968115537225',
      committedAt: '2026-11-21T03:00:00.000Z',
      rowsAdded: 98,
      rowsRemoved: 98,
      rowsRead: 0,
      rejectedRows: 0,
      acceptedRows: 0,
      duplicateRows: 0,
    });
  });

  it('names each run after its date, uniquely', () => {
    expect(compactionRunId('2026-11-20')).toMatch(/^compact-2026-11-20-[0-9a-f]{8}$/);
    expect(compactionRunId('2026-11-20')).not.toBe(compactionRunId('2026-11-20'));
  });
});

describe('parseMaintenanceConfig', () => {
  const env = {
    PIPELINE_ENV: 'dev',
    LOG_LEVEL: 'INFO',
    ICEBERG_NAMESPACE: 'pipeline_dev_catalog',
    CURATED_BUCKET: 'pipeline-dev-curated',
    METRICS_TABLE: 'pipeline-dev-metrics',
  };

  it('applies the defaults and reads the command as a JSON array', () => {
    const c = parseMaintenanceConfig({
      ...env,
      ICEBERG_MAINTENANCE_COMMAND: '["/v/bin/python", "/p/m.py"]',
    });
    expect(c.command).toEqual(['/v/bin/python', '/p/m.py']);
    expect(c.settings).toEqual({
      targetFileSizeBytes: 128 * 1024 * 1024,
      snapshotRetentionHours: 120,
      orphanMinAgeHours: 72,
      quietMinutes: 60,
    });
  });

  it('refuses an orphan age under a day and a command that is not a JSON array, naming them', () => {
    expect(() => parseMaintenanceConfig({ ...env, ORPHAN_MIN_AGE_HOURS: '1' })).toThrow(
      /ORPHAN_MIN_AGE_HOURS/,
    );
    expect(() =>
      parseMaintenanceConfig({ ...env, ICEBERG_MAINTENANCE_COMMAND: 'python m.py' }),
    ).toThrow(/ICEBERG_MAINTENANCE_COMMAND: must be a JSON array of strings/);
  });
});

describe('maintainTables', () => {
  const ref = { namespace: 'ns', table: 'app', location: 's3://b/tables/app' };
  const outcome = (date: string) => ({
    date,
    committed: true,
    rows: 10,
    dataFilesBefore: 3,
    deleteFilesBefore: 0,
    dataFilesAfter: 1,
    deleteFilesAfter: 0,
    snapshotId: '2',
  });

  /** The ledger: the latest commit of each date, and the records put. */
  function fakeDdb(lastCommitOf: Record<string, string>) {
    const put: unknown[] = [];
    const ddb = {
      send: (cmd: { input: Record<string, unknown> }) => {
        const input = cmd.input;
        if ('Item' in input) {
          put.push(JSON.parse(String((input.Item as { record: string }).record)));
          return Promise.resolve({});
        }
        const date = (input.ExpressionAttributeValues as Record<string, string>)[':d']!;
        const at = lastCommitOf[date];
        const items = at
          ? [
              {
                record: JSON.stringify({
                  ...compactionRecord('app', 'm-1', outcome(date), new Date(at)),
                  kind: 'merge',
                }),
              },
            ]
          : [];
        return Promise.resolve({ Items: items });
      },
    };
    return { ddb: ddb as unknown as DynamoDBDocumentClient, put };
  }

  it('plans and vacuums in one engine call when it can, and compacts only the quiet dates that need it', async () => {
    const calls: string[] = [];
    const engine: MaintenanceEngine = {
      plan: () => Promise.reject(new Error('plan() must not be called')),
      vacuum: () => Promise.reject(new Error('vacuum() must not be called')),
      planAndVacuum: (_r, limits) => {
        calls.push(`planAndVacuum ${limits.snapshotsBefore.toISOString()}`);
        return Promise.resolve({
          plan: [
            { date: '2026-11-18', dataFiles: 3, deleteFiles: 0 },
            { date: '2026-11-19', dataFiles: 1, deleteFiles: 0 },
            { date: '2026-11-20', dataFiles: 4, deleteFiles: 1 },
          ],
          expiredSnapshots: 2,
          removedFiles: 5,
        });
      },
      compact: (_r, request) => {
        calls.push(`compact ${request.date}`);
        return Promise.resolve(outcome(request.date));
      },
    };
    const now = new Date('2026-11-21T12:00:00Z');
    // The 20th was committed to 10 minutes ago: still being written.
    const { ddb, put } = fakeDdb({ '2026-11-20': '2026-11-21T11:50:00Z' });
    const [report] = await maintainTables(
      { engine, ddb, metricsTable: 'm', now: () => now, newRunId: (d) => `compact-${d}-x` },
      [{ source: 'app', ref }],
      {
        targetFileSizeBytes: 1,
        snapshotRetentionHours: 24,
        orphanMinAgeHours: 72,
        quietMinutes: 60,
      },
    );
    expect(calls).toEqual(['planAndVacuum 2026-11-20T12:00:00.000Z', 'compact 2026-11-18']);
    expect(report).toMatchObject({ source: 'app', expiredSnapshots: 2, removedFiles: 5 });
    expect(report!.compacted.map((c) => c.runId)).toEqual(['compact-2026-11-18-x']);
    expect(put).toEqual([
      expect.objectContaining({ kind: 'compact', ingestionDate: '2026-11-18' }),
    ]);
  });
});
