import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { PROJECT_ROOT } from '../../emulator/paths';

/** What the runtime knows about a function it runs. */
export interface LocalFunctionSpec {
  readonly name: string;
  readonly arn: string;
  readonly memoryMb: number;
  /** The handler entry, a TypeScript file exporting `handler`. */
  readonly entry: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  /** Where the handler's console output goes; default: this process's stdout and stderr. */
  readonly output?: NodeJS.WritableStream;
}

export type InvokeOutcome =
  | { readonly kind: 'ok'; readonly result: unknown }
  | { readonly kind: 'error'; readonly error: { name: string; message: string; stack?: string } }
  | { readonly kind: 'timeout'; readonly timeoutMs: number };

interface Reply {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: { name: string; message: string; stack?: string };
}

const WORKER_ENTRY = join(PROJECT_ROOT, 'scripts', 'local', 'runtime', 'worker-entry.cjs');

/**
 * A warm execution environment of one function: a worker thread with the function's own
 * environment variables (so two functions in one process never see each other's config),
 * serving one invocation at a time. A timed-out invocation terminates the worker, as Lambda
 * stops the execution environment; the next invocation starts a fresh one (a cold start).
 */
export class FunctionWorker {
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly waiting = new Map<number, (reply: Reply) => void>();

  constructor(private readonly spec: LocalFunctionSpec) {}

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_ENTRY, {
      env: { ...process.env, ...this.spec.environment },
      stdout: this.spec.output !== undefined,
      stderr: this.spec.output !== undefined,
      workerData: {
        entry: this.spec.entry,
        fn: { name: this.spec.name, arn: this.spec.arn, memoryMb: this.spec.memoryMb },
      },
    });
    if (this.spec.output) {
      worker.stdout.pipe(this.spec.output, { end: false });
      worker.stderr.pipe(this.spec.output, { end: false });
    }
    worker.on('message', (reply: Reply) => {
      this.waiting.get(reply.id)?.(reply);
      this.waiting.delete(reply.id);
    });
    const failAll = (message: string): void => {
      for (const [id, resolve] of this.waiting)
        resolve({ id, ok: false, error: { name: 'WorkerExited', message } });
      this.waiting.clear();
      if (this.worker === worker) this.worker = undefined;
    };
    worker.on('error', (err) => failAll(`the function's environment crashed: ${err.message}`));
    worker.on('exit', (code) => failAll(`the function's environment exited (code ${code})`));
    this.worker = worker;
    return worker;
  }

  /** Invokes the handler with `event`; never rejects: failures are outcomes. */
  async invoke(event: unknown, timeoutMs = this.spec.timeoutMs): Promise<InvokeOutcome> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    let timer: NodeJS.Timeout | undefined;
    const reply = new Promise<Reply | 'timeout'>((resolve) => {
      this.waiting.set(id, resolve);
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    worker.postMessage({ id, event, deadline: Date.now() + timeoutMs });
    const answer = await reply;
    clearTimeout(timer);
    if (answer === 'timeout') {
      this.waiting.delete(id);
      await this.stop();
      return { kind: 'timeout', timeoutMs };
    }
    return answer.ok
      ? { kind: 'ok', result: answer.result }
      : { kind: 'error', error: answer.error! };
  }

  /** Ends the execution environment (and whatever the handler was doing). */
  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }
}
