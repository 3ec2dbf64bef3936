import fc from 'fast-check';
import type { PlannableFile } from '../../../handlers/lib/manifest/batching';
import { planBatches } from '../../../handlers/lib/manifest/batching';

const NOW = 1_000_000_000;
const AGE = 60_000;
const file = (id: string, size = 1, receivedAtMs = NOW, source = 'app'): PlannableFile => ({
  id,
  size,
  receivedAtMs,
  source,
});
const ids = (n: number, prefix = 'f'): PlannableFile[] =>
  Array.from({ length: n }, (_, i) => file(`${prefix}${String(i).padStart(4, '0')}`));
const fresh = { flush: false, nowMs: NOW, flushAgeMs: AGE };

describe('planBatches', () => {
  it('cuts 120 files into 50 + 50 full manifests and keeps 20 waiting until the flush', () => {
    const files = ids(120);
    const waitingPlan = planBatches(files, { maxFiles: 50, maxBytes: 1e12 }, fresh);
    expect(waitingPlan.batches.map((b) => [b.files.length, b.reason])).toEqual([
      [50, 'full'],
      [50, 'full'],
    ]);
    expect(waitingPlan.waiting).toHaveLength(20);
    const flushed = planBatches(files, { maxFiles: 50, maxBytes: 1e12 }, { ...fresh, flush: true });
    expect(flushed.batches.map((b) => b.files.length)).toEqual([50, 50, 20]);
    expect(flushed.batches[2]!.reason).toBe('flush');
  });

  it('emits a partial batch whose oldest file waited past the flush age', () => {
    const files = [file('a', 1, NOW - AGE), file('b', 1, NOW)];
    const plan = planBatches(files, { maxFiles: 50, maxBytes: 100 }, fresh);
    expect(plan.batches).toHaveLength(1);
    expect(plan.batches[0]!.reason).toBe('aged');
    expect(planBatches([file('b')], { maxFiles: 50, maxBytes: 100 }, fresh).batches).toHaveLength(
      0,
    );
  });

  it('gives a file larger than the byte cap a manifest of its own', () => {
    const plan = planBatches(
      [file('a', 5), file('big', 500), file('c', 5)],
      { maxFiles: 10, maxBytes: 100 },
      fresh,
    );
    expect(plan.batches.map((b) => [b.files.map((f) => f.id), b.reason])).toEqual([
      [['big'], 'oversized-file'],
    ]);
    expect(plan.waiting.map((f) => f.id)).toEqual(['a', 'c']);
  });

  it('closes a batch when the next file would pass the byte cap', () => {
    const plan = planBatches(
      [file('a', 60), file('b', 60), file('c', 30)],
      { maxFiles: 10, maxBytes: 100 },
      fresh,
    );
    expect(plan.batches.map((b) => b.files.map((f) => f.id))).toEqual([['a']]);
    expect(plan.waiting.map((f) => f.id)).toEqual(['b', 'c']);
  });

  it('never mixes sources in one manifest', () => {
    const files = [...ids(3, 'a'), ...ids(3, 'b')].map((f, i) => ({
      ...f,
      source: i < 3 ? 'x' : 'y',
    }));
    const plan = planBatches(files, { maxFiles: 10, maxBytes: 100 }, { ...fresh, flush: true });
    expect(plan.batches.map((b) => [b.source, b.files.length])).toEqual([
      ['x', 3],
      ['y', 3],
    ]);
  });

  it('is independent of the order files are listed in (same files, same manifests)', () => {
    const files = ids(37);
    const a = planBatches(files, { maxFiles: 10, maxBytes: 1e9 }, fresh);
    const b = planBatches([...files].reverse(), { maxFiles: 10, maxBytes: 1e9 }, fresh);
    expect(b.batches.map((x) => x.files.map((f) => f.id))).toEqual(
      a.batches.map((x) => x.files.map((f) => f.id)),
    );
  });

  it('refuses caps that cannot hold a file', () => {
    expect(() => planBatches([], { maxFiles: 0, maxBytes: 1 }, fresh)).toThrow(RangeError);
  });
});

describe('planBatches invariants (property-based)', () => {
  const arbFiles = fc.uniqueArray(
    fc.record({
      id: fc.string({ minLength: 1, maxLength: 8 }),
      size: fc.integer({ min: 1, max: 1_000 }),
      receivedAtMs: fc.integer({ min: NOW - 2 * AGE, max: NOW }),
      source: fc.constantFrom('app', 'web', 'pos'),
    }),
    { selector: (f) => f.id, maxLength: 300 },
  );
  const arbCaps = fc.record({
    maxFiles: fc.integer({ min: 1, max: 60 }),
    maxBytes: fc.integer({ min: 1, max: 5_000 }),
  });
  const arbPolicy = fc.record({
    flush: fc.boolean(),
    nowMs: fc.constant(NOW),
    flushAgeMs: fc.integer({ min: 0, max: 3 * AGE }),
  });

  it('loses no file and puts none in two batches (waiting included)', () => {
    fc.assert(
      fc.property(arbFiles, arbCaps, arbPolicy, (files, caps, policy) => {
        const plan = planBatches(files, caps, policy);
        const seen = [...plan.batches.flatMap((b) => b.files), ...plan.waiting].map((f) => f.id);
        expect(new Set(seen).size).toBe(seen.length);
        expect([...seen].sort()).toEqual(files.map((f) => f.id).sort());
      }),
    );
  });

  it('respects the caps, except a lone oversized file', () => {
    fc.assert(
      fc.property(arbFiles, arbCaps, arbPolicy, (files, caps, policy) => {
        for (const b of planBatches(files, caps, policy).batches) {
          expect(b.files.length).toBeGreaterThan(0);
          expect(b.files.length).toBeLessThanOrEqual(caps.maxFiles);
          expect(b.totalBytes).toBe(b.files.reduce((n, f) => n + f.size, 0));
          if (b.reason === 'oversized-file') expect(b.files).toHaveLength(1);
          else expect(b.totalBytes).toBeLessThanOrEqual(caps.maxBytes);
          expect(new Set(b.files.map((f) => f.source)).size).toBe(1);
        }
      }),
    );
  });

  it('leaves nothing waiting after a flush, and at most one partial batch per source otherwise', () => {
    fc.assert(
      fc.property(arbFiles, arbCaps, arbPolicy, (files, caps, policy) => {
        const plan = planBatches(files, caps, policy);
        if (policy.flush) expect(plan.waiting).toHaveLength(0);
        const partial = plan.batches.filter((b) => b.reason === 'flush' || b.reason === 'aged');
        expect(new Set(partial.map((b) => b.source)).size).toBe(partial.length);
        for (const w of plan.waiting) expect(NOW - w.receivedAtMs).toBeLessThanOrEqual(NOW);
        const waitingBySource = new Map<string, PlannableFile[]>();
        for (const w of plan.waiting)
          waitingBySource.set(w.source, [...(waitingBySource.get(w.source) ?? []), w]);
        for (const group of waitingBySource.values()) {
          expect(group.length).toBeLessThan(caps.maxFiles);
          expect(Math.min(...group.map((f) => f.receivedAtMs))).toBeGreaterThan(
            NOW - policy.flushAgeMs,
          );
        }
      }),
    );
  });

  it('plans the same manifests whatever order the files are listed in', () => {
    fc.assert(
      fc.property(arbFiles, arbCaps, arbPolicy, fc.nat(), (files, caps, policy, seed) => {
        const rotated = [
          ...files.slice(seed % (files.length || 1)),
          ...files.slice(0, seed % (files.length || 1)),
        ].reverse();
        const a = planBatches(files, caps, policy).batches.map((b) => b.files.map((f) => f.id));
        const b = planBatches(rotated, caps, policy).batches.map((x) => x.files.map((f) => f.id));
        expect(b).toEqual(a);
      }),
    );
  });
});
