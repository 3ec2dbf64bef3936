import { configuredContracts } from '../../../handlers/lib/contract/contract-set';
import { ensureCuratedTable } from '../../../handlers/lib/iceberg/rest-catalog';
import { curatedTableRef } from '../../../handlers/lib/names';
import { rebuildRunId } from '../../../handlers/transform/process-message';
import { appEvents, toNdjson } from '../../fixtures/app-events';
import { order, ordersContract, ordersCsv } from '../../fixtures/orders';
import { usePipeline } from '../../helpers/pipeline';
import { tableQuery } from '../../helpers/table-rows';
import {
  deliver,
  readRejects,
  readRunMetrics,
  seedManifest,
  tableRows,
  transformDeps,
} from '../transform/support';
import { scaled } from '../../helpers/time-scale';

const fx = usePipeline();
const DATE = '2026-11-20';
const HELD = '2026-11-21';

describe('a second source defined only by a contract file', () => {
  const orders = ordersContract();

  beforeAll(async () => {
    // What the local deployment does for each contract file: the source's own Iceberg table.
    const { target } = fx().backend;
    await ensureCuratedTable(
      target.catalogEndpoint!,
      curatedTableRef(fx().names, 'orders'),
      orders,
    );
  });

  it(
    'is curated, rejected and DQ-gated on its own, leaving the first source untouched (rebuild included)',
    async () => {
      // The contracts' own rules (no DQ_RULES): app's from contracts/app.yaml, orders' from its file.
      const deps = { ...transformDeps(fx()), contracts: [...configuredContracts(), orders] };
      const namespace = fx().names.iceberg.namespace;
      const app = await seedManifest(fx(), DATE, [
        { name: 'a.json', body: toNdjson(appEvents(20, { date: DATE, seed: 5 })) },
      ]);
      expect(await deliver(fx(), deps, [app])).toEqual({ batchItemFailures: [] });
      const appState = (): Promise<unknown> =>
        tableQuery(
          fx().backend.target,
          namespace,
          `SELECT count(*) AS n, max(_manifest_id) AS m, (SELECT count(*) FROM iceberg_snapshots(lake."${namespace}"."app")) AS snapshots FROM curated`,
        );
      const appBefore = await appState();
      expect(appBefore).toMatchObject([{ n: '20', m: app.manifestId }]);

      // NDJSON with nested objects (one line missing a required field, one duplicate) and a CSV.
      const ndjson = [
        order(1, DATE),
        order(2, DATE),
        order(3, DATE, { customer: { id: null } }),
        order(1, DATE, { placed_at: `${DATE}T23:00:00Z` }),
        { ...order(4, DATE), coupon: 'X1' },
      ];
      const csv = ordersCsv([
        order(5, DATE),
        order(6, DATE, { total: { amount: 7.5, currency: 'USD' } }),
      ]);
      const o = await seedManifest(
        fx(),
        DATE,
        [
          { name: 'orders.ndjson', body: toNdjson(ndjson) },
          { name: 'orders.csv', body: csv },
        ],
        'orders',
      );
      expect(await deliver(fx(), deps, [o])).toEqual({ batchItemFailures: [] });
      const metrics = await readRunMetrics(fx(), DATE, o.manifestId);
      expect(metrics).toMatchObject({
        status: 'passed',
        rows: { read: 7, rejected: 1, duplicates: 1, output: 5 },
        schemaDrift: { rows: 1, fields: [{ field: 'coupon', rows: 1 }] },
      });
      expect(metrics.rules.map((r) => r.id)).toEqual(orders.dq.map((r) => r.id));
      const rejects = await readRejects(fx(), DATE, o.manifestId);
      expect(rejects.map((r) => [r.line, String(r.reason)])).toEqual([
        [3, 'missing required field customer_id'],
      ]);
      const rows = await tableRows(fx(), { source: 'orders', date: DATE });
      expect(
        rows.map((r) => [r.order_id, r.customer_id, r.customer_tier, r.total_amount, r.currency]),
      ).toEqual([
        ['o-2026-11-20-1', 'c-1', 'basic', 11, 'EUR'],
        ['o-2026-11-20-2', 'c-2', 'gold', 12, 'EUR'],
        ['o-2026-11-20-4', 'c-1', 'gold', 14, 'EUR'],
        ['o-2026-11-20-5', 'c-2', 'basic', 15, 'EUR'],
        ['o-2026-11-20-6', 'c-0', 'gold', 7.5, 'USD'],
      ]);
      // The undeclared field is kept in _doc (the contract's unknownFields: keep).
      expect(rows.find((r) => r.order_id === 'o-2026-11-20-4')!._doc).toContain('"coupon"');
      expect(await appState()).toEqual(appBefore);

      // The orders rule holds a date with an unknown currency; nothing of it is committed.
      const held = await seedManifest(
        fx(),
        HELD,
        [
          {
            name: 'gbp.ndjson',
            body: toNdjson([order(1, HELD, { total: { amount: 1, currency: 'GBP' } })]),
          },
        ],
        'orders',
      );
      expect(await deliver(fx(), deps, [held])).toEqual({ batchItemFailures: [] });
      const heldMetrics = await readRunMetrics(fx(), HELD, held.manifestId);
      expect(heldMetrics.status).toBe('failed');
      expect(heldMetrics.rules.filter((r) => !r.passed).map((r) => r.id)).toEqual([
        'currency_known',
      ]);
      expect(await tableRows(fx(), { source: 'orders', date: HELD })).toEqual([]);

      // A rebuild of the orders date replaces only the orders rows of that date.
      const requestedAt = '2026-11-22T08:00:00.000Z';
      const rebuild = {
        kind: 'rebuild' as const,
        ingestionDate: DATE,
        requestedAt,
        source: 'orders',
      };
      expect(await deliver(fx(), deps, [rebuild])).toEqual({ batchItemFailures: [] });
      expect(await readRunMetrics(fx(), DATE, rebuildRunId(requestedAt))).toMatchObject({
        status: 'passed',
        rows: { output: 5 },
      });
      const rebuilt = await tableRows(fx(), { source: 'orders', date: DATE });
      expect(rebuilt.map((r) => r._manifest_id)).toEqual(Array(5).fill(rebuildRunId(requestedAt)));
      expect(await appState()).toEqual(appBefore);
    },
    scaled(180_000),
  );
});
