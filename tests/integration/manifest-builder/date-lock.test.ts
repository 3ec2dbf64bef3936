/**
 * The date lock on the provisioned locks table: conditional put with expiry checked in the
 * condition (the emulator never expires items), takeover of expired locks only, release of
 * one's own lock only, and a builder that meets a live lock builds nothing and counts it.
 */
import { ENV_VARS } from '../../../handlers/lib/names';
import type { LocksTable } from '../../../handlers/lib/tracking/date-lock';
import { dateLockId, releaseLock, tryAcquireLock } from '../../../handlers/lib/tracking/date-lock';
import { buildDate } from '../../../handlers/manifest-builder/build-date';
import { processRecords } from '../../../handlers/manifest-builder/process-records';
import { usePipeline } from '../../helpers/pipeline';
import {
  SMALL_FILES,
  builderDeps,
  ingestEvents,
  manifestMessages,
  putRaw,
  rawKey,
} from './support';

const fx = usePipeline();
const locks = (): LocksTable => ({ ddb: fx().backend.clients.ddb, table: fx().names.tables.locks });
const at = (iso: string): Date => new Date(iso);

it('grants a free lock, refuses a live one, and lets only an expired one be taken over', async () => {
  const id = dateLockId('2026-07-01');
  const a = await tryAcquireLock(locks(), id, 'a', 300, at('2026-07-01T10:00:00Z'));
  expect(a).toMatchObject({ owner: 'a', expiresAt: Date.parse('2026-07-01T10:05:00Z') / 1000 });
  expect(await tryAcquireLock(locks(), id, 'b', 300, at('2026-07-01T10:04:59Z'))).toBeUndefined();
  const b = await tryAcquireLock(locks(), id, 'b', 300, at('2026-07-01T10:05:01Z'));
  expect(b?.owner).toBe('b');
  // a's lock was taken over: a must not release b's.
  expect(await releaseLock(locks(), a!)).toBe(false);
  expect(await tryAcquireLock(locks(), id, 'c', 300, at('2026-07-01T10:06:00Z'))).toBeUndefined();
  expect(await releaseLock(locks(), b!)).toBe(true);
  expect(await tryAcquireLock(locks(), id, 'c', 300, at('2026-07-01T10:06:00Z'))).toBeDefined();
});

it('builds nothing under a live foreign lock, counts the contention, and builds once it expired', async () => {
  const date = '2026-07-02';
  const keys = Array.from({ length: 4 }, (_, i) => rawKey(date, `f${i}.ndjson`));
  await putRaw(fx(), keys);
  const [event] = await ingestEvents(fx(), 4);
  const env = { ...SMALL_FILES, [ENV_VARS.maxFilesPerManifest]: '4' };
  const now = new Date();
  const ghost = await tryAcquireLock(locks(), dateLockId(date), 'crashed-builder', 300, now);
  expect(ghost).toBeDefined();

  const blocked = builderDeps(fx(), env, { now: () => now });
  const { response, report } = await processRecords(
    { ...blocked, lockWait: { attempts: 3, baseDelayMs: 10 } },
    event!.Records,
  );
  expect(response.batchItemFailures).toEqual([]);
  expect(report).toMatchObject({ filesTracked: 4, lockContention: 3, manifestsEmitted: 0 });
  expect(await manifestMessages(fx())).toHaveLength(0);

  const later = builderDeps(fx(), env, { now: () => new Date(now.getTime() + 301_000) });
  expect(await buildDate(later, date, { flush: false })).toMatchObject({ manifestsEmitted: 1 });
  expect(await manifestMessages(fx())).toHaveLength(1);
});
