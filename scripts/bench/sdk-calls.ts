import type { InitializeMiddleware, MiddlewareStack } from '@smithy/types';
import type { AwsClients } from '../../handlers/lib/aws/clients';

/** SDK calls counted per `Client.Command` (e.g. `S3Client.HeadObjectCommand`). */
export type SdkCallCounts = ReadonlyMap<string, number>;

/** Counts the SDK calls the clients send; see {@link countSdkCalls}. */
export interface SdkCallCounter {
  /** The calls since the last reset, per client and command. */
  counts(): SdkCallCounts;
  /** All calls since the last reset. */
  total(): number;
  /** Starts a new count (e.g. after setup and warm-up, before the measured work). */
  reset(): void;
}

/**
 * Adds a counting middleware to every client of `clients` (once per middleware stack: the
 * document client shares the DynamoDB client's). It runs in the `initialize` step, so it counts
 * each command sent once, whatever the SDK retries: the number of calls is a property of the
 * code under test, unlike its time, which depends on the emulator's (or AWS's) speed.
 */
export function countSdkCalls(
  clients: Pick<AwsClients, 's3' | 'sqs' | 'sns' | 'dynamodb' | 'ddb' | 'events' | 'sts'>,
): SdkCallCounter {
  let counts = new Map<string, number>();
  const stacks = new Set<unknown>();
  const attach = <I extends object, O extends object>(client: {
    readonly middlewareStack: MiddlewareStack<I, O>;
  }): void => {
    if (stacks.has(client.middlewareStack)) return;
    stacks.add(client.middlewareStack);
    const middleware: InitializeMiddleware<I, O> = (next, context) => async (args) => {
      const key = `${context.clientName ?? 'client'}.${context.commandName ?? 'unknown'}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      return next(args);
    };
    client.middlewareStack.add(middleware, { step: 'initialize', name: 'benchSdkCallCounter' });
  };
  attach(clients.s3);
  attach(clients.sqs);
  attach(clients.sns);
  attach(clients.dynamodb);
  attach(clients.ddb);
  attach(clients.events);
  attach(clients.sts);
  return {
    counts: () => new Map(counts),
    total: () => [...counts.values()].reduce((n, c) => n + c, 0),
    reset: () => {
      counts = new Map();
    },
  };
}

/** `S3Client.HeadObjectCommand 1.00/file, ...`: the counts per file, most frequent first. */
export function perFileLine(counts: SdkCallCounts, files: number): string {
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([command, n]) => `${command} ${(n / files).toFixed(2)}/file`)
    .join(', ');
}
