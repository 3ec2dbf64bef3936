import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../emulator/paths';
import { waitForExit } from '../../emulator/port-line';

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

/** Execution environments alive in this process: ended by the exit hook if nothing else did. */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

/**
 * A warm execution environment of one function: a child process with the function's own
 * environment variables, serving one invocation at a time. A timed-out invocation is ended
 * with SIGKILL, as Lambda stops the execution environment, and the next invocation starts a
 * fresh one (a cold start). A process, not a worker thread: terminating a thread tears down
 * native bindings in this process while they run (DuckDB aborted the whole runtime with a
 * `Napi::Error` at 12 s and 30 s timeouts); a killed process takes nothing else with it, and a
 * handler that crashes its process fails only its own invocation.
 */
export class FunctionWorker {
  private child: ChildProcess | undefined;
  private nextId = 0;
  private readonly waiting = new Map<number, (reply: Reply) => void>();

  constructor(private readonly spec: LocalFunctionSpec) {}

  private ensureChild(): ChildProcess {
    if (this.child) return this.child;
    const child = fork(WORKER_ENTRY, [], {
      env: { ...process.env, ...this.spec.environment },
      execArgv: [],
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    live.add(child);
    installExitHook();
    // Through the streams' write (not the file descriptors), so a test harness or the CLI
    // that routes this process's output to a log file routes the handlers' output with it.
    child.stdout!.pipe(this.spec.output ?? process.stdout, { end: false });
    child.stderr!.pipe(this.spec.output ?? process.stderr, { end: false });
    child.send({
      init: {
        entry: this.spec.entry,
        fn: { name: this.spec.name, arn: this.spec.arn, memoryMb: this.spec.memoryMb },
      },
    });
    child.on('message', (reply: Reply) => {
      this.waiting.get(reply.id)?.(reply);
      this.waiting.delete(reply.id);
    });
    const failAll = (message: string): void => {
      for (const [id, resolve] of this.waiting)
        resolve({ id, ok: false, error: { name: 'WorkerExited', message } });
      this.waiting.clear();
      if (this.child === child) this.child = undefined;
    };
    child.on('error', (err) => failAll(`the function's environment failed: ${err.message}`));
    child.on('exit', (code, signal) => {
      live.delete(child);
      failAll(
        `the function's environment exited (${signal ? `signal ${signal}` : `code ${code}`})`,
      );
    });
    this.child = child;
    return child;
  }

  /** Invokes the handler with `event`; never rejects: failures are outcomes. */
  async invoke(event: unknown, timeoutMs = this.spec.timeoutMs): Promise<InvokeOutcome> {
    const child = this.ensureChild();
    const id = this.nextId++;
    let timer: NodeJS.Timeout | undefined;
    const reply = new Promise<Reply | 'timeout'>((resolve) => {
      this.waiting.set(id, resolve);
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    child.send({ id, event, deadline: Date.now() + timeoutMs }, (err) => {
      if (err)
        this.waiting.get(id)?.({ id, ok: false, error: { name: err.name, message: err.message } });
    });
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

  /** Ends the execution environment at once (and whatever the handler was doing). */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGKILL');
    await waitForExit(child, 10_000);
  }
}
