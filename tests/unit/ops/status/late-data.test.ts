import { MANIFEST_STATUS } from '../../../../handlers/lib/tracking/statuses';
import {
  hasLateData,
  lateReference,
  uncoveredManifests,
} from '../../../../scripts/ops/status/late-data';
import { generation, manifestItem } from '../../../fixtures/tracking-items';

const D = '2026-11-20';

describe('late data of a date', () => {
  it('has no reference while the date has no curated data', () => {
    const queued = manifestItem('m1', D, { status: MANIFEST_STATUS.queued });
    expect(lateReference(undefined, [queued])).toBeUndefined();
    expect(lateReference(undefined, [])).toBeUndefined();
  });

  it('counts from the first manifest done when the date was never rebuilt', () => {
    const manifests = [
      manifestItem('m2', D, { updatedAt: `${D}T05:00:00.000Z` }),
      manifestItem('m1', D, { updatedAt: `${D}T03:00:00.000Z` }),
      manifestItem('m3', D, { status: MANIFEST_STATUS.failed, updatedAt: `${D}T01:00:00.000Z` }),
    ];
    expect(lateReference(undefined, manifests)).toEqual({
      since: `${D}T03:00:00.000Z`,
      basis: 'first-curated',
    });
    expect(uncoveredManifests(undefined, manifests)).toEqual([]);
  });

  it('counts from the current rebuild request and names the manifests outside the generation', () => {
    const gen = generation(D, '2026-11-21T08:00:00.000Z', ['m1', 'm2']);
    const manifests = ['m3', 'm1', 'm2', 'm0'].map((id) => manifestItem(id, D));
    expect(lateReference(gen, manifests)).toEqual({
      since: '2026-11-21T08:00:00.000Z',
      basis: 'rebuild',
    });
    expect(uncoveredManifests(gen, manifests)).toEqual(['m0', 'm3']);
  });

  it('is late when files arrived after the reference or manifests sit outside the generation', () => {
    const reference = { since: `${D}T03:00:00.000Z`, basis: 'rebuild' as const };
    expect(hasLateData({ date: D, reference, files: 0, manifests: [] })).toBe(false);
    expect(hasLateData({ date: D, reference, files: 2, manifests: [] })).toBe(true);
    expect(hasLateData({ date: D, reference, files: 0, manifests: ['m9'] })).toBe(true);
  });
});
