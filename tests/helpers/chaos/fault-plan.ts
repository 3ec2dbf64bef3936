/**
 * The pure part of the chaos harness: which SDK commands are writes, seeded decisions, the
 * receive-count gate, and the fault budget shared by every worker thread through marker files.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Commands that change state, by the name the SDK gives them in the middleware context
 * (DocumentClient commands run as their low-level DynamoDB command, e.g. PutItemCommand).
 */
export const WRITE_COMMANDS: ReadonlySet<string> = new Set([
  'PutObjectCommand',
  'CopyObjectCommand',
  'DeleteObjectCommand',
  'DeleteObjectsCommand',
  'CompleteMultipartUploadCommand',
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'TransactWriteItemsCommand',
  'BatchWriteItemCommand',
  'SendMessageCommand',
  'SendMessageBatchCommand',
  'DeleteMessageCommand',
  'DeleteMessageBatchCommand',
  'PublishCommand',
]);

/** True for a command whose effect a crash just before or just after must not corrupt. */
export const isWriteCommand = (commandName: string): boolean => WRITE_COMMANDS.has(commandName);

/**
 * A number in [0, 1) that is a pure function of the seed and the parts: the "seeded dice" of
 * the chaos run, the same in every worker thread and every run with the same inputs.
 */
export function chance(seed: string, ...parts: readonly (string | number)[]): number {
  const digest = createHash('sha256')
    .update([seed, ...parts].join('\u0000'))
    .digest();
  return digest.readUInt32BE(0) / 2 ** 32;
}

/** The part of an SQS record the gate reads. */
export interface ReceivedRecord {
  readonly messageId: string;
  readonly attributes: { readonly ApproximateReceiveCount: string };
}

/**
 * Faults are allowed only while every record of the invocation may still be retried without
 * reaching its DLQ (receive count below maxReceiveCount), so chaos alone never dead-letters a
 * message: the last permitted delivery of each record always runs clean.
 */
export function faultsAllowed(
  records: readonly ReceivedRecord[],
  maxReceiveCount: number,
): boolean {
  return (
    records.length > 0 &&
    records.every((r) => Number(r.attributes.ApproximateReceiveCount) < maxReceiveCount)
  );
}

/** What one injected fault was: written into its marker file, read back by the test. */
export interface FaultRecord {
  readonly fn: string;
  readonly phase: 'before' | 'after';
  readonly command: string;
  readonly invocation: string;
  readonly write: number;
}

const MARKER = /^fault-(\d+)\.json$/;

/**
 * Claims one fault of the run-wide budget by creating the next free marker file exclusively
 * (`wx`: exactly one of several racing worker threads gets each number). False when the budget
 * is spent. The marker is on disk before the caller kills its environment.
 */
export function claimFault(dir: string, budget: number, fault: FaultRecord): boolean {
  for (let i = 0; i < budget; i += 1) {
    try {
      writeFileSync(join(dir, `fault-${String(i).padStart(4, '0')}.json`), JSON.stringify(fault), {
        flag: 'wx',
      });
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return false;
}

/** Every fault injected so far in the run that uses `dir`. */
export function injectedFaults(dir: string): FaultRecord[] {
  return readdirSync(dir)
    .filter((f) => MARKER.test(f))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as FaultRecord);
}

/**
 * Claims the duplication of one notification body: the first worker to see a body creates its
 * marker and sends the extra copies; the copies (same body) find the marker and are not copied
 * again. Returns how many extra copies to send (1 or 2, seeded), or 0 when already claimed.
 */
export function claimDuplication(dir: string, seed: string, body: string, label: string): number {
  const id = createHash('sha256').update(body).digest('hex').slice(0, 32);
  try {
    writeFileSync(join(dir, `dup-${id}`), label, { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return 0;
    throw err;
  }
  return chance(seed, 'copies', id) < 0.5 ? 1 : 2;
}

/** The labels (object keys) of every notification duplicated so far in the run. */
export function duplicatedNotifications(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.startsWith('dup-'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .sort();
}
