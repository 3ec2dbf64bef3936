import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contractFor } from '../../../../handlers/lib/contract/contracts';
import {
  appliedContract,
  checkFile,
  renderFileCheck,
} from '../../../../scripts/ops/contract/check-file';
import { appEvent, toNdjson } from '../../../fixtures/app-events';
import { order, ordersContract, ordersCsv } from '../../../fixtures/orders';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'check-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('pipeline contract check', () => {
  it("prints each line the transform's staging rejects, with its reason", async () => {
    const file = join(dir, 'events.ndjson');
    const good = appEvent(1, { date: '2026-11-20' });
    writeFileSync(
      file,
      `${toNdjson([good])}{"session": {"id": "s"}}\n{not json\n${toNdjson([{ ...good, event_id: 'e2', event_ts: 'yesterday' }])}`,
    );
    const check = await checkFile(file, contractFor('app'));
    expect(check.problems).toEqual([
      {
        line: 2,
        reason:
          'missing required field event_id; missing required field event_type; missing required field event_ts',
      },
      { line: 3, reason: 'not valid JSON' },
      {
        line: 4,
        reason:
          'event_ts: cannot read "yesterday" as timestamp (iso8601_offset or epoch_ms of 12-13 digits)',
      },
    ]);
    expect(check.counts).toMatchObject({ rowsRead: 4, acceptedRows: 1, rejectedRows: 3 });
    const printed = renderFileCheck(check, 'app v1');
    expect(printed.slice(0, 3)).toEqual([
      `${file}:2: missing required field event_id; missing required field event_type; missing required field event_ts`,
      `${file}:3: not valid JSON`,
      `${file}:4: event_ts: cannot read "yesterday" as timestamp (iso8601_offset or epoch_ms of 12-13 digits)`,
    ]);
    expect(printed).toContain('dq FAIL reject_rate: 3 of 4 rows rejected (75.00%, max 5.00%)');
  });

  it('checks a CSV against a contract file of another source, and passes a clean one', async () => {
    const file = join(dir, 'orders.csv');
    writeFileSync(file, ordersCsv([order(1, '2026-11-20'), order(2, '2026-11-20')]));
    const check = await checkFile(file, ordersContract());
    expect(check.problems).toEqual([]);
    expect(check.rules.every((r) => r.passed)).toBe(true);
  });

  it('refuses a candidate version that breaks the committed one, saying what to do', () => {
    const candidate = join(dir, 'app.v2.yaml');
    writeFileSync(
      candidate,
      `source: app\nversion: 2\ndedupKey: event_id\neventTime: event_ts\nfields:\n  - { path: event_id, type: string, required: true }\n  - { path: event_ts, type: timestamp, required: true, timestampFormats: [iso8601_offset] }\n`,
    );
    expect(() => appliedContract('app', candidate)).toThrow(
      /^breaking contract change: app version 2 \(after version 1\) removes field event_type; keep it declared/,
    );
  });
});

describe('unknown fields', () => {
  it('are kept in _doc and reported by default, and reject the line under unknownFields: reject', async () => {
    const file = join(dir, 'orders.ndjson');
    writeFileSync(
      file,
      toNdjson([order(1, '2026-11-20'), { ...order(2, '2026-11-20'), coupon: 'X' }]),
    );
    const keep = await checkFile(file, ordersContract());
    expect(keep.problems).toEqual([]);
    expect(keep.counts.driftFields).toEqual([{ field: 'coupon', rows: 1 }]);
    expect(renderFileCheck(keep, 'orders v1')).toContain(
      'fields the contract does not declare (kept in _doc): coupon (1 rows)',
    );
    const strict = await checkFile(file, { ...ordersContract(), unknownFields: 'reject' });
    expect(strict.problems).toEqual([
      { line: 2, reason: 'fields the contract does not declare: coupon' },
    ]);
  });
});
