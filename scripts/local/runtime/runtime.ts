import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { join } from 'node:path';
import type { AwsClients } from '../../../handlers/lib/aws/clients';
import type { FunctionKey } from '../../../handlers/lib/names';
import { FUNCTION_BUILDS } from '../../build/function-builds';
import { PROJECT_ROOT } from '../../emulator/paths';
import type { LocalDeployment } from '../deployment';
import {
  stackEventSources,
  stackFunctions,
  stackSchedules,
  type StackSchedule,
} from '../stack/functions';
import { FunctionWorker, type LocalFunctionSpec } from './function-worker';
import type { InvocationRecord } from './invocation';
import { ratePeriodMs } from './schedule-rate';
import { SqsSource } from './sqs-source';

export interface RuntimeOptions {
  /** Run another entry file for a function (tests use failing or slow handlers). */
  readonly handlerOverrides?: Partial<Record<FunctionKey, string>>;
  /** Per-invocation timeout instead of the function's configured timeout. */
  readonly timeoutMs?: Partial<Record<FunctionKey, number>>;
  /** Seconds before failed messages are visible again; default: each queue's visibility timeout. */
  readonly retryDelaySeconds?: number;
  readonly onInvoke?: (record: InvocationRecord) => void;
  readonly log?: (line: string) => void;
  /** Where the handlers' own output (their JSON logs) goes; default: this process's. */
  readonly handlerOutput?: NodeJS.WritableStream;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Runs the handlers of a locally deployed stack in-process, wired as the stack wires them on
 * AWS: each SQS event source mapping becomes a poller invoking the real handler entry with
 * Lambda-shaped events, each schedule a timer (or, when draining, a tick once the queues are
 * idle). Each function runs in its own child process with its own environment and timeout.
 */
export class LocalRuntime {
  private readonly sources: SqsSource[] = [];
  private readonly schedules: StackSchedule[];
  private readonly scheduleWorkers = new Map<string, FunctionWorker>();
  private readonly workers: FunctionWorker[] = [];
  private readonly specs = new Map<string, LocalFunctionSpec & { key: FunctionKey }>();
  private loops: Promise<void>[] = [];
  private timers: NodeJS.Timeout[] = [];
  private running = false;
  private scheduleInFlight = 0;

  constructor(
    private readonly deployment: LocalDeployment,
    private readonly clients: AwsClients,
    private readonly options: RuntimeOptions = {},
  ) {
    const attrs = deployment.report.attributes;
    const accountRegion = /^arn:aws:sqs:([^:]+):(\d+):/;
    for (const fn of stackFunctions(deployment.stack)) {
      const entry =
        options.handlerOverrides?.[fn.key] ?? join(PROJECT_ROOT, FUNCTION_BUILDS[fn.key].entry);
      this.specs.set(fn.address, {
        key: fn.key,
        name: fn.name,
        arn: attrs.get(fn.address)?.arn ?? fn.name,
        memoryMb: fn.memoryMb,
        entry,
        environment: deployment.functionEnv[fn.key],
        timeoutMs: options.timeoutMs?.[fn.key] ?? fn.timeoutSeconds * 1000,
        output: options.handlerOutput,
      });
    }
    for (const source of stackEventSources(deployment.stack)) {
      const spec = this.specs.get(source.functionAddress);
      const queue = attrs.get(source.queueAddress);
      if (!spec || !queue?.url || !queue.arn) continue;
      const worker = this.track(new FunctionWorker(spec));
      this.sources.push(
        new SqsSource(
          {
            functionKey: spec.key,
            queueUrl: queue.url,
            queueArn: queue.arn,
            region: accountRegion.exec(queue.arn)?.[1] ?? 'us-east-1',
            batchSize: source.batchSize,
            maxBatchingWindowSeconds: source.maxBatchingWindowSeconds,
            reportBatchItemFailures: source.reportBatchItemFailures,
          },
          clients,
          worker,
          {
            retryDelaySeconds: options.retryDelaySeconds,
            timeoutMs: spec.timeoutMs,
            onInvoke: options.onInvoke,
          },
        ),
      );
    }
    this.schedules = stackSchedules(deployment.stack);
  }

  private track(worker: FunctionWorker): FunctionWorker {
    this.workers.push(worker);
    return worker;
  }

  /** The queues the runtime consumes, by function. */
  get queues(): ReadonlyArray<{ functionKey: FunctionKey; queueUrl: string }> {
    return this.sources.map((s) => ({
      functionKey: s.spec.functionKey,
      queueUrl: s.spec.queueUrl,
    }));
  }

  /** Starts polling every event source (and, with `timers`, firing rate schedules on time). */
  start(options: { timers?: boolean } = {}): void {
    if (this.running) return;
    this.running = true;
    this.loops = this.sources.map((source) => this.pollLoop(source));
    if (options.timers) {
      for (const schedule of this.schedules) {
        const period = ratePeriodMs(schedule.scheduleExpression);
        if (period === undefined) {
          this.options.log?.(
            `schedule ${schedule.ruleName} (${schedule.scheduleExpression}) fires only with pipeline run --until-idle`,
          );
          continue;
        }
        this.timers.push(setInterval(() => void this.fireSchedule(schedule), period));
      }
    }
  }

  private async pollLoop(source: SqsSource): Promise<void> {
    while (this.running) {
      try {
        await source.pollOnce();
      } catch (err) {
        this.options.log?.(`polling ${source.spec.queueUrl} failed: ${(err as Error).message}`);
        await sleep(1_000);
      }
    }
  }

  /** Invokes the function of one schedule with the rule's constant input. */
  async fireSchedule(schedule: StackSchedule): Promise<InvocationRecord | undefined> {
    const spec = this.specs.get(schedule.functionAddress);
    if (!spec) return undefined;
    let worker = this.scheduleWorkers.get(schedule.functionAddress);
    if (!worker) {
      worker = this.track(new FunctionWorker(spec));
      this.scheduleWorkers.set(schedule.functionAddress, worker);
    }
    this.scheduleInFlight++;
    try {
      const started = Date.now();
      const outcome = await worker.invoke(schedule.input);
      const record: InvocationRecord = {
        functionKey: spec.key,
        trigger: 'schedule',
        event: schedule.input,
        outcome,
        durationMs: Date.now() - started,
        deleted: [],
        failed: [],
      };
      this.options.onInvoke?.(record);
      return record;
    } finally {
      this.scheduleInFlight--;
    }
  }

  /** Fires every schedule once, as if each rule's next time had come. */
  async fireSchedules(): Promise<void> {
    for (const schedule of this.schedules) await this.fireSchedule(schedule);
  }

  /** True when no invocation runs and no consumed queue holds a message in any state. */
  async isIdle(): Promise<boolean> {
    if (this.scheduleInFlight > 0 || this.sources.some((s) => s.busy)) return false;
    for (const source of this.sources) {
      const { Attributes = {} } = await this.clients.sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: source.spec.queueUrl,
          AttributeNames: [
            'ApproximateNumberOfMessages',
            'ApproximateNumberOfMessagesNotVisible',
            'ApproximateNumberOfMessagesDelayed',
          ],
        }),
      );
      if (Object.values(Attributes).some((v) => Number(v) > 0)) return false;
    }
    return !this.sources.some((s) => s.busy);
  }

  private async waitForIdle(deadline: number): Promise<void> {
    let quiet = 0;
    while (quiet < 2) {
      if (Date.now() > deadline) throw new Error('the queues did not become idle in time');
      quiet = (await this.isIdle()) ? quiet + 1 : 0;
      await sleep(250);
    }
  }

  /**
   * Drains the queues: polls until every consumed queue is empty and nothing runs, then fires
   * every schedule once (the flush emits partial manifests, the sensor checks arrivals) and
   * drains again. Messages that keep failing end in their DLQ, by the queue's redrive policy.
   */
  async runUntilIdle(options: { fireSchedules?: boolean; timeoutMs?: number } = {}): Promise<void> {
    const deadline = Date.now() + (options.timeoutMs ?? 600_000);
    this.start();
    await this.waitForIdle(deadline);
    if (options.fireSchedules !== false && this.schedules.length > 0) {
      await this.fireSchedules();
      await this.waitForIdle(deadline);
    }
  }

  /** Stops polling and timers, lets running invocations finish, then ends every worker. */
  async stop(): Promise<void> {
    this.running = false;
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    await Promise.all(this.loops);
    this.loops = [];
    await Promise.all(this.workers.map((w) => w.stop()));
  }
}
