import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  chance,
  claimDuplication,
  claimFault,
  duplicatedNotifications,
  faultsAllowed,
  injectedFaults,
  isWriteCommand,
  type FaultRecord,
} from '../../helpers/chaos/fault-plan';
import { notifiedKeys } from '../../helpers/chaos/duplicate-deliveries';
import { KillSwitch } from '../../helpers/chaos/kill-switch';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'chaos-unit-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const fault = (write: number): FaultRecord => ({
  fn: 'transform',
  phase: 'before',
  command: 'PutObjectCommand',
  invocation: 'm1@1',
  write,
});
const record = (count: number) => ({
  messageId: `m${count}`,
  attributes: { ApproximateReceiveCount: String(count) },
});

describe('chaos fault plan', () => {
  it('treats writes as writes and reads as reads', () => {
    for (const w of [
      'PutItemCommand',
      'TransactWriteItemsCommand',
      'SendMessageCommand',
      'PublishCommand',
      'CompleteMultipartUploadCommand',
    ])
      expect(isWriteCommand(w)).toBe(true);
    for (const r of [
      'GetObjectCommand',
      'HeadObjectCommand',
      'QueryCommand',
      'BatchGetItemCommand',
      'ReceiveMessageCommand',
    ])
      expect(isWriteCommand(r)).toBe(false);
  });

  it('rolls the same dice for the same seed and parts, in [0, 1)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.nat(), (seed, key, n) => {
        const x = chance(seed, key, n);
        expect(x).toBe(chance(seed, key, n));
        expect(x >= 0 && x < 1).toBe(true);
      }),
    );
    expect(chance('a', 'k', 1)).not.toBe(chance('b', 'k', 1));
  });

  it('allows faults only while every record can still be retried before its DLQ', () => {
    expect(faultsAllowed([record(1), record(2)], 3)).toBe(true);
    expect(faultsAllowed([record(1), record(3)], 3)).toBe(false);
    expect(faultsAllowed([], 3)).toBe(false);
  });

  it('hands out exactly the budget of faults, each recorded', () => {
    const claimed = Array.from({ length: 7 }, (_, i) => claimFault(dir, 5, fault(i)));
    expect(claimed).toEqual([true, true, true, true, true, false, false]);
    expect(injectedFaults(dir).map((f) => f.write)).toEqual([0, 1, 2, 3, 4]);
  });

  it('duplicates each notification body once, with 1 or 2 extra copies', () => {
    const first = claimDuplication(dir, 's', 'body-1', 'raw/a.ndjson');
    expect([1, 2]).toContain(first);
    expect(claimDuplication(dir, 's', 'body-1', 'raw/a.ndjson')).toBe(0);
    expect(duplicatedNotifications(dir)).toEqual(['raw/a.ndjson']);
  });

  it('reads the decoded object keys of an S3 notification', () => {
    const body = JSON.stringify({
      Records: [
        { s3: { object: { key: 'raw/source%3Dapp/ingestion_date%3D2026-04-06/a+b.ndjson' } } },
      ],
    });
    expect(notifiedKeys(body)).toBe('raw/source=app/ingestion_date=2026-04-06/a b.ndjson');
    expect(notifiedKeys('{"Event":"s3:TestEvent"}')).toBe('');
  });
});

describe('KillSwitch', () => {
  type Stack = { add(mw: unknown, opts: unknown): void };
  /** A client whose middleware stack is the kill switch alone, sending through `send`. */
  function client(kill: KillSwitch, send: () => Promise<unknown>) {
    let middleware:
      | ((
          next: () => Promise<unknown>,
          ctx: { commandName: string },
        ) => (args: unknown) => Promise<unknown>)
      | undefined;
    const stack: Stack = { add: (mw) => (middleware = mw as typeof middleware) };
    kill.attach({ middlewareStack: stack as never });
    return (commandName: string) => middleware!(send, { commandName })({});
  }
  const settings = (rate: number) => ({ dir, seed: 's', rate, budget: 3, maxReceiveCount: 3 });
  class Killed extends Error {}
  const exit = (): never => {
    throw new Killed('killed');
  };

  it('kills at writes of an allowed invocation before the call, within the budget', async () => {
    const kill = new KillSwitch(settings(1), 'transform', exit);
    let sent = 0;
    const send = client(kill, () => Promise.resolve(++sent));
    await expect(kill.during('k', true, () => send('PutObjectCommand'))).rejects.toThrow(Killed);
    expect(sent).toBe(0);
    // Reads never die; invocations without permission never die.
    await expect(kill.during('k', true, () => send('GetObjectCommand'))).resolves.toBe(1);
    await expect(kill.during('k', false, () => send('PutObjectCommand'))).resolves.toBe(2);
    expect(injectedFaults(dir)).toHaveLength(1);
  });

  it('never kills at rate 0, and stops killing once the budget is spent', async () => {
    const calm = new KillSwitch(settings(0), 'transform', exit);
    const sendCalm = client(calm, () => Promise.resolve('ok'));
    await expect(calm.during('k', true, () => sendCalm('PutItemCommand'))).resolves.toBe('ok');
    const wild = new KillSwitch(settings(1), 'transform', exit);
    const sendWild = client(wild, () => Promise.resolve('ok'));
    for (let i = 0; i < 3; i += 1)
      await expect(wild.during(`k${i}`, true, () => sendWild('PutItemCommand'))).rejects.toThrow(
        Killed,
      );
    await expect(wild.during('k9', true, () => sendWild('PutItemCommand'))).resolves.toBe('ok');
    expect(injectedFaults(dir)).toHaveLength(3);
  });
});
