import fc from 'fast-check';
import { indexAfter, planSync, type RemoteObject } from '../../../../scripts/ops/query/sync-plan';

const BUCKET = 'curated-pipeline-dev-curated';
const obj = (key: string, etag: string, size = 10): RemoteObject => ({ key, etag, size });
const K1 = 'curated/events/ingestion_date=2026-11-20/part-a.parquet';
const K2 = 'curated/events/ingestion_date=2026-11-21/part-b.parquet';

describe('planSync', () => {
  it('downloads everything into an empty cache', () => {
    const remote = [obj(K1, 'e1'), obj(K2, 'e2')];
    const plan = planSync(BUCKET, remote, undefined, new Map());
    expect(plan.download).toEqual(remote);
    expect(plan.unchanged).toEqual([]);
    expect(plan.remove).toEqual([]);
  });

  it('keeps what has the recorded ETag and size, fetches what changed, deletes what is gone', () => {
    const index = indexAfter(BUCKET, [obj(K1, 'e1'), obj(K2, 'e2')]);
    const local = new Map([
      [K1, 10],
      [K2, 10],
    ]);
    const K3 = 'curated/events/ingestion_date=2026-11-22/part-c.parquet';
    const plan = planSync(BUCKET, [obj(K1, 'e1'), obj(K3, 'e3')], index, local);
    expect(plan.unchanged.map((o) => o.key)).toEqual([K1]);
    expect(plan.download.map((o) => o.key)).toEqual([K3]);
    expect(plan.remove).toEqual([K2]);
    const changed = planSync(BUCKET, [obj(K1, 'e1-new')], index, local);
    expect(changed.download.map((o) => o.key)).toEqual([K1]);
  });

  it('fetches again a local copy that is missing or has another size, and everything on refresh', () => {
    const remote = [obj(K1, 'e1'), obj(K2, 'e2')];
    const index = indexAfter(BUCKET, remote);
    const plan = planSync(BUCKET, remote, index, new Map([[K1, 9]]));
    expect(plan.download.map((o) => o.key)).toEqual([K1, K2]);
    const full = new Map([
      [K1, 10],
      [K2, 10],
    ]);
    expect(planSync(BUCKET, remote, index, full).download).toEqual([]);
    expect(planSync(BUCKET, remote, index, full, true).download).toEqual(remote);
  });

  it('ignores an index written for another bucket (another target)', () => {
    const remote = [obj(K1, 'e1')];
    const plan = planSync(BUCKET, remote, indexAfter('other', remote), new Map([[K1, 10]]));
    expect(plan.download).toEqual(remote);
  });

  it('property: after applying the plan the cache mirrors the bucket, and a second plan is empty', () => {
    const key = fc
      .tuple(fc.constantFrom('2026-11-20', '2026-11-21'), fc.constantFrom('a', 'b', 'c', 'd'))
      .map(([d, p]) => `curated/events/ingestion_date=${d}/part-${p}.parquet`);
    const listing = fc.uniqueArray(
      fc.record({ key, etag: fc.constantFrom('x', 'y'), size: fc.nat(3) }),
      { selector: (o) => o.key },
    );
    fc.assert(
      fc.property(listing, listing, fc.boolean(), (before, after, refresh) => {
        const local = new Map(before.map((o) => [o.key, o.size]));
        const plan = planSync(BUCKET, after, indexAfter(BUCKET, before), local, refresh);
        for (const k of plan.remove) local.delete(k);
        for (const o of plan.download) local.set(o.key, o.size);
        expect(new Map(after.map((o) => [o.key, o.size]))).toEqual(local);
        expect(plan.download.length + plan.unchanged.length).toBe(after.length);
        const again = planSync(BUCKET, after, indexAfter(BUCKET, after), local);
        expect(again.download).toEqual([]);
        expect(again.remove).toEqual([]);
      }),
    );
  });
});
