import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configuredContracts, loadContractDir } from '../../../handlers/lib/contract/contract-set';
import type { SourceContract } from '../../../handlers/lib/contract/contract';
import { tableSql } from '../../../handlers/lib/iceberg/catalog-session';
import { ensureCuratedTable } from '../../../handlers/lib/iceberg/rest-catalog';
import { evolveToContract, tableColumns } from '../../../handlers/lib/iceberg/schema-evolution';
import { curatedTableRef } from '../../../handlers/lib/names';
import { addOrdersField, order, ordersContract, writeOrdersVersion } from '../../fixtures/orders';
import { withCatalog } from '../../helpers/catalog-reader';
import { usePipeline } from '../../helpers/pipeline';
import {
  deliver,
  readRunMetrics,
  seedManifest,
  tableRows,
  transformDeps,
} from '../transform/support';
import { scaled } from '../../helpers/time-scale';

const fx = usePipeline();
const OLD = '2026-11-20';
const NEW = '2026-11-21';

describe('a new contract version evolves the existing curated table', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'contracts-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it(
    'adds the new nested field as a column before the commit; older rows read it as NULL',
    async () => {
      const v1 = ordersContract();
      const ref = curatedTableRef(fx().names, 'orders');
      await ensureCuratedTable(fx().backend.target.catalogEndpoint!, ref, v1);
      const withContracts = (c: readonly SourceContract[]) => ({
        ...transformDeps(fx()),
        contracts: [...configuredContracts(), ...c],
      });

      const first = await seedManifest(
        fx(),
        OLD,
        [
          {
            name: 'v1.ndjson',
            body: [order(1, OLD), order(2, OLD)].map((o) => JSON.stringify(o)).join('\n'),
          },
        ],
        'orders',
      );
      expect(await deliver(fx(), withContracts([v1]), [first])).toEqual({ batchItemFailures: [] });

      // orders.v2.yaml: one more nested field, customer.segment (column customer_segment).
      const v2Set = loadContractDir(
        writeOrdersVersion(
          dir,
          2,
          addOrdersField('- { path: customer.segment, type: string, required: false }'),
        ),
      );
      const second = await seedManifest(
        fx(),
        NEW,
        [
          {
            name: 'v2.ndjson',
            body: [
              { ...order(1, NEW), customer: { id: 'c-1', tier: 'gold', segment: 'b2b' } },
              order(2, NEW),
            ]
              .map((o) => JSON.stringify(o))
              .join('\n'),
          },
        ],
        'orders',
      );
      expect(await deliver(fx(), withContracts(v2Set), [second])).toEqual({
        batchItemFailures: [],
      });
      expect(await readRunMetrics(fx(), NEW, second.manifestId)).toMatchObject({
        status: 'passed',
        rows: { output: 2 },
        // The field is declared now: no longer drift.
        schemaDrift: { rows: 0 },
      });

      const columns = await withCatalog(fx().backend.target, (db) =>
        tableColumns(db, tableSql(ref)),
      );
      expect(columns.map((c) => c.name)).toContain('customer_segment');
      const rows = await tableRows(fx(), { source: 'orders' });
      expect(rows.map((r) => [r.order_id, r.customer_segment ?? null])).toEqual([
        ['o-2026-11-20-1', null],
        ['o-2026-11-20-2', null],
        ['o-2026-11-21-1', 'b2b'],
        ['o-2026-11-21-2', null],
      ]);

      // Running the same contract again changes nothing (the evolution is idempotent).
      const again = await withCatalog(fx().backend.target, async (db) =>
        evolveToContract(
          db,
          tableSql(ref),
          v2Set.find((c) => c.version === 2)!,
        ),
      );
      expect(again).toEqual([]);
    },
    scaled(180_000),
  );

  it(
    'unknownFields: evolve makes the top-level scalar fields of the data new columns, typed from their values',
    async () => {
      const contract: SourceContract = { ...ordersContract(), unknownFields: 'evolve' };
      const ref = curatedTableRef(fx().names, 'orders');
      await ensureCuratedTable(fx().backend.target.catalogEndpoint!, ref, contract);
      const deps = { ...transformDeps(fx()), contracts: [...configuredContracts(), contract] };
      const [d1, d2] = ['2026-11-23', '2026-11-24'];
      const first = await seedManifest(
        fx(),
        d1,
        [
          {
            name: 'evolve.ndjson',
            body: [
              { ...order(1, d1), coupon: 'X1', gift: true, weight: 2 },
              { ...order(2, d1), weight: 2.5, meta: { a: 1 } },
              order(3, d1),
            ]
              .map((o) => JSON.stringify(o))
              .join('\n'),
          },
        ],
        'orders',
      );
      expect(await deliver(fx(), deps, [first])).toEqual({ batchItemFailures: [] });
      const types = async (): Promise<Record<string, unknown>> =>
        Object.fromEntries(
          (await withCatalog(fx().backend.target, (db) => tableColumns(db, tableSql(ref)))).map(
            (c) => [c.name, c.type],
          ),
        );
      // A nested object (meta) needs a contract version: it stays in _doc only.
      expect(await types()).toMatchObject({ coupon: 'string', gift: 'boolean', weight: 'double' });
      expect(await types()).not.toHaveProperty('meta');
      const rows = await tableRows(fx(), { source: 'orders', date: d1 });
      expect(
        rows.map((r) => [r.order_id, r.coupon ?? null, r.gift ?? null, r.weight ?? null]),
      ).toEqual([
        ['o-2026-11-23-1', 'X1', true, 2],
        ['o-2026-11-23-2', null, null, 2.5],
        ['o-2026-11-23-3', null, null, null],
      ]);

      // A later run's values keep the column's type: a number in coupon is stored as its text.
      const second = await seedManifest(
        fx(),
        d2,
        [{ name: 'evolve.ndjson', body: JSON.stringify({ ...order(1, d2), coupon: 7 }) }],
        'orders',
      );
      expect(await deliver(fx(), deps, [second])).toEqual({ batchItemFailures: [] });
      const later = await tableRows(fx(), { source: 'orders', date: d2 });
      expect(later.map((r) => [r.order_id, r.coupon])).toEqual([['o-2026-11-24-1', '7']]);
      expect((await types()).coupon).toBe('string');
    },
    scaled(180_000),
  );

  it('refuses a version that changes a type, saying what to do instead', () => {
    writeOrdersVersion(dir, 2, (t) =>
      t.replace('{ path: items, type: integer,', '{ path: items, type: string,'),
    );
    expect(() => loadContractDir(dir)).toThrow(
      'breaking contract change: orders version 2 (after version 1) changes the type of items from integer to string; keep the type, or add a new field with its own column',
    );
  });

  it(
    'refuses to write a contract whose column type differs from the table, naming both types',
    async () => {
      const v1 = ordersContract();
      const ref = curatedTableRef(fx().names, 'orders');
      await ensureCuratedTable(fx().backend.target.catalogEndpoint!, ref, v1);
      const retyped: SourceContract = {
        ...v1,
        fields: v1.fields.map((f) => (f.path.join('.') === 'items' ? { ...f, type: 'double' } : f)),
      };
      await expect(
        withCatalog(fx().backend.target, (db) => evolveToContract(db, tableSql(ref), retyped)),
      ).rejects.toThrow(
        /column items of .* is long but contract orders version 1 declares double \(double\); a column keeps its type/,
      );
    },
    scaled(60_000),
  );
});
