import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PARTITION_RECORD_ID } from '../../../../handlers/transform/partition-generation';
import { rebuildRunId } from '../../../../handlers/transform/process-message';
import { waitForRebuild } from '../../../../scripts/ops/backfill/wait';

const DATE = '2026-11-02';
const REQUESTED = '2026-11-10T08:00:00.000Z';
const RUN = rebuildRunId(REQUESTED);

/** A metrics table as a map of sort key -> item, answering the reads the wait makes. */
function fakeTable(steps: Array<Record<string, Record<string, unknown>>>) {
  let polls = 0;
  const send = (cmd: unknown) => {
    if (!(cmd instanceof GetCommand)) throw new Error('unexpected command');
    const sk = String(cmd.input.Key?.manifest_id);
    const state = steps[Math.min(Math.floor(polls / 2), steps.length - 1)]!;
    polls++;
    return Promise.resolve({ Item: state[sk] });
  };
  return { ddb: { send } as unknown as DynamoDBDocumentClient, polls: () => polls };
}

const run = (status: string, extra: Record<string, unknown> = {}) => ({
  ingestion_date: DATE,
  manifest_id: RUN,
  kind: 'rebuild',
  status,
  finished_at: '2026-11-10T08:01:00.000Z',
  rows_output: 10,
  rules: [
    { id: 'rows_present', passed: true },
    { id: 'event_type_allowed', passed: status === 'passed' },
  ],
  reasons: status === 'passed' ? [] : ['event_type outside the accepted values'],
  ...extra,
});
const gen = (generation: string, requestedAt: string) => ({
  ingestion_date: DATE,
  manifest_id: PARTITION_RECORD_ID,
  generation,
  requested_at: requestedAt,
});
const opts = { timeoutMs: 60_000, pollMs: 1, sleep: () => Promise.resolve() };

describe('waiting for a rebuild', () => {
  it('passes once the run passed and its generation is current, not before', async () => {
    const t = fakeTable([
      {},
      { [RUN]: run('passed') },
      { [RUN]: run('passed'), [PARTITION_RECORD_ID]: gen(RUN, REQUESTED) },
    ]);
    const result = await waitForRebuild(t.ddb, 'metrics', DATE, REQUESTED, opts);
    expect(result).toMatchObject({ status: 'passed', run: { runId: RUN, rowsOutput: 10 } });
    expect(t.polls()).toBe(6);
  });

  it('fails with the failed rules and reasons of the run', async () => {
    const t = fakeTable([
      {
        [RUN]: run('failed'),
        [PARTITION_RECORD_ID]: gen('rebuild-old', '2026-11-01T00:00:00.000Z'),
      },
    ]);
    expect(await waitForRebuild(t.ddb, 'metrics', DATE, REQUESTED, opts)).toMatchObject({
      status: 'failed',
      run: {
        failedRules: ['event_type_allowed'],
        reasons: ['event_type outside the accepted values'],
      },
    });
  });

  it('is superseded when a newer rebuild became current', async () => {
    const t = fakeTable([
      { [PARTITION_RECORD_ID]: gen('rebuild-newer', '2026-11-10T09:00:00.000Z') },
    ]);
    expect(await waitForRebuild(t.ddb, 'metrics', DATE, REQUESTED, opts)).toEqual({
      status: 'superseded',
      generation: 'rebuild-newer',
    });
  });

  it('times out when nothing answers', async () => {
    const t = fakeTable([{}]);
    const result = await waitForRebuild(t.ddb, 'metrics', DATE, REQUESTED, {
      ...opts,
      timeoutMs: 0,
    });
    expect(result).toMatchObject({ status: 'timeout' });
  });
});
