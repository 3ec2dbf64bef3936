/**
 * Kills the execution environment around AWS writes: an SDK middleware (the SDK's own extension
 * point, no patched internals) that, for each write command of a chaos-enabled invocation,
 * rolls the seeded dice just before the call and just after it succeeds, and on a hit claims a
 * fault of the run's budget and exits. In the local runtime's child process `process.exit`
 * ends only that process: the invocation is lost mid-flight, as when Lambda's sandbox dies.
 */
import type { InitializeMiddleware, MiddlewareStack } from '@smithy/types';
import type { ChaosSettings } from './chaos-env';
import { chance, claimFault, isWriteCommand, type FaultRecord } from './fault-plan';

interface Invocation {
  readonly key: string;
  readonly allowed: boolean;
  writes: number;
}

export class KillSwitch {
  private invocation: Invocation | undefined;

  constructor(
    private readonly settings: ChaosSettings,
    private readonly fn: string,
    /** The kill itself; tests of the harness replace it to observe decisions. */
    private readonly exit: (code: number) => never = (code) => process.exit(code),
  ) {}

  /** Adds the kill middleware to a client (every command it sends passes through it). */
  attach<I extends object, O extends object>(client: {
    readonly middlewareStack: MiddlewareStack<I, O>;
  }): void {
    const middleware: InitializeMiddleware<I, O> = (next, context) => async (args) => {
      const command = context.commandName ?? 'unknown';
      const write = this.nextWrite(command);
      if (write !== undefined) this.maybeKill('before', command, write);
      const result = await next(args);
      if (write !== undefined) this.maybeKill('after', command, write);
      return result;
    };
    client.middlewareStack.add(middleware, { step: 'initialize', name: 'chaosKillSwitch' });
  }

  /**
   * Runs one invocation with faults enabled or not; `key` (message ids and receive counts)
   * makes each write's dice a function of the seed and what is being processed.
   */
  async during<T>(key: string, allowed: boolean, run: () => Promise<T>): Promise<T> {
    this.invocation = { key, allowed, writes: 0 };
    try {
      return await run();
    } finally {
      this.invocation = undefined;
    }
  }

  private nextWrite(command: string): number | undefined {
    const inv = this.invocation;
    if (!inv?.allowed || !isWriteCommand(command)) return undefined;
    inv.writes += 1;
    return inv.writes;
  }

  private maybeKill(phase: FaultRecord['phase'], command: string, write: number): void {
    const inv = this.invocation;
    if (!inv) return;
    if (chance(this.settings.seed, this.fn, inv.key, write, phase) >= this.settings.rate) return;
    const fault: FaultRecord = { fn: this.fn, phase, command, invocation: inv.key, write };
    if (claimFault(this.settings.dir, this.settings.budget, fault)) this.exit(1);
  }
}
