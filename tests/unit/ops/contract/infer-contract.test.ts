import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseContractText } from '../../../../handlers/lib/contract/contract-file';
import { columnName } from '../../../../handlers/lib/contract/contract';
import { contractFor } from '../../../../handlers/lib/contract/contracts';
import { generateDataset } from '../../../../scripts/generator/generate-dataset';
import { directorySink } from '../../../../scripts/generator/fs-sink';
import { contractYaml } from '../../../../scripts/ops/contract/contract-yaml';
import { inferContract } from '../../../../scripts/ops/contract/infer-contract';
import { sampleFiles } from '../../../../scripts/ops/contract/sample-files';
import { order, ordersContract, ordersCsv } from '../../../fixtures/orders';
import { toNdjson } from '../../../fixtures/app-events';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'infer-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const shape = (c: { fields: readonly { path: readonly string[]; type: string }[] }) =>
  c.fields.map((f) => [f.path.join('.'), f.type]);

describe('pipeline contract infer', () => {
  it("reproduces the shipped app contract's fields and types from the generator's output", async () => {
    await generateDataset(
      { seed: 3, source: 'app', dates: ['2026-11-20'], size: { events: 2000 } },
      directorySink(dir),
    );
    const proposal = await inferContract(sampleFiles([dir]), 'app');
    const app = contractFor('app');
    expect(shape(proposal)).toEqual(shape(app));
    expect(proposal.fields.map(columnName)).toEqual(app.fields.map(columnName));
    expect(proposal.dedupKey).toBe(app.dedupKey);
    expect(proposal.eventTime).toBe(app.eventTime);
    // The printed proposal is itself a valid contract file.
    expect(shape(parseContractText(contractYaml(proposal), 'app.yaml'))).toEqual(shape(app));
  });

  it('proposes a session_id column for records shaped {"session": {"id"}}', async () => {
    const file = join(dir, 'events.ndjson');
    writeFileSync(
      file,
      toNdjson([
        { id: 'e1', at: '2026-11-20T10:00:00Z', session: { id: 's1', n: 1 } },
        { id: 'e2', at: '2026-11-20T10:01:00+01:00', session: { id: 's2', n: 2 } },
      ]),
    );
    const proposal = await inferContract([file], 'clicks');
    expect(proposal.fields.map((f) => [columnName(f), f.path.join('.'), f.type])).toEqual([
      ['id', 'id', 'string'],
      ['at', 'at', 'timestamp'],
      ['session_id', 'session.id', 'string'],
      ['session_n', 'session.n', 'integer'],
    ]);
    expect([proposal.dedupKey, proposal.eventTime]).toEqual(['id', 'at']);
  });

  it('merges CSV (dotted headers as nested paths) and NDJSON samples, epoch seconds included', async () => {
    const date = '2026-11-20';
    writeFileSync(join(dir, 'a.csv'), ordersCsv([order(1, date), order(2, date)]));
    writeFileSync(join(dir, 'b.ndjson'), toNdjson([order(3, date), order(4, date)]));
    const proposal = await inferContract(sampleFiles([dir]), 'orders');
    const byColumn = new Map(proposal.fields.map((f) => [columnName(f), f]));
    expect(byColumn.get('placed_at')).toMatchObject({
      type: 'timestamp',
      timestampFormats: ['epoch_s'],
    });
    expect(byColumn.get('customer_tier')).toMatchObject({
      path: ['customer', 'tier'],
      type: 'string',
    });
    expect(byColumn.get('total_amount')).toMatchObject({ type: 'integer' });
    expect(proposal.dedupKey).toBe('order_id');
    expect(ordersContract().fields.map(columnName)).toEqual(
      expect.arrayContaining(['order_id', 'placed_at', 'customer_tier', 'total_amount', 'items']),
    );
    expect(readdirSync(dir)).toEqual(['a.csv', 'b.ndjson']);
  });

  it('says why when the samples have no usable dedup key', async () => {
    const file = join(dir, 'x.ndjson');
    writeFileSync(
      file,
      toNdjson([
        { v: 1, at: '2026-11-20T10:00:00Z' },
        { v: 1, at: '2026-11-20T10:00:00Z' },
      ]),
    );
    await expect(inferContract([file], 'x')).rejects.toThrow(/no dedup key can be proposed/);
  });
});
