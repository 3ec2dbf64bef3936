/**
 * Jest's node environment with the handlers' output routed to a log file per test file and
 * run: `.pipeline/test-logs/<run>/<test file>.log`. Handlers log JSON and EMF metrics to
 * stdout (Powertools), in-process or in the local runtime's child processes, whose output is
 * piped through this process's stdout; a full suite printed 191 KB of it among the results.
 * Each test's section starts with a marker line, and a failing test prints its own tail.
 */
import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import type { Circus } from '@jest/types';
import { TestEnvironment } from 'jest-environment-node';
import { readFileSync, type WriteStream } from 'node:fs';
import { join, relative } from 'node:path';
import { openLogSink } from '../../scripts/local/log-sink';
import { TEST_RUN_ENV } from './test-run';

const ROOT = join(__dirname, '..', '..');
/** Lines of a failing test's own log printed after it. */
const TAIL_LINES = 30;

/** The log of one test file in one run (its path relative to the project, flattened). */
export function testLogPath(runId: string, testPath: string): string {
  const name = relative(ROOT, testPath).replace(/[\\/]/g, '__');
  return join(ROOT, '.pipeline', 'test-logs', runId, `${name}.log`);
}

const marker = (testName: string): string => `=== test: ${testName} ===`;

function fullName(test: Circus.TestEntry): string {
  const names: string[] = [test.name];
  for (let block = test.parent; block && block.parent; block = block.parent) {
    names.unshift(block.name);
  }
  return names.join(' ');
}

export default class HandlerLogEnvironment extends TestEnvironment {
  private readonly logPath: string;
  private sink: WriteStream | undefined;
  private restore: (() => void) | undefined;

  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    const runId = process.env[TEST_RUN_ENV] ?? 'adhoc';
    this.logPath = testLogPath(runId, context.testPath);
  }

  override async setup(): Promise<void> {
    await super.setup();
    const sink = openLogSink(this.logPath);
    const original = process.stdout.write;
    // Everything written to stdout during the file (handlers in-process, the runtime's child
    // processes piped here) goes to the file; jest reports through stderr and its own channel.
    process.stdout.write = (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      const done = rest.find((r): r is () => void => typeof r === 'function');
      return sink.write(chunk, done);
    };
    this.sink = sink;
    this.restore = () => {
      process.stdout.write = original;
    };
  }

  override async teardown(): Promise<void> {
    this.restore?.();
    const sink = this.sink;
    if (sink) await new Promise<void>((resolve) => sink.end(resolve));
    await super.teardown();
  }

  /** Marks where each test's output starts; prints a failing test's own tail. */
  async handleTestEvent(event: Circus.Event): Promise<void> {
    if (event.name === 'test_start') this.sink?.write(`\n${marker(fullName(event.test))}\n`);
    if (event.name === 'test_done' && event.test.errors.length > 0)
      await this.printTail(event.test);
  }

  private async printTail(test: Circus.TestEntry): Promise<void> {
    const sink = this.sink;
    if (!sink) return;
    // The write callback runs once this and every earlier chunk reached the file.
    await new Promise<void>((resolve) => sink.write('', () => resolve()));
    const name = fullName(test);
    let text: string;
    try {
      text = readFileSync(this.logPath, 'utf8');
    } catch {
      return;
    }
    const start = text.lastIndexOf(marker(name));
    const own = (start < 0 ? '' : text.slice(start)).trimEnd().split('\n').slice(1);
    if (own.length === 0) return; // nothing of its own (e.g. a test of CLI processes)
    const tail = own.slice(-TAIL_LINES);
    const header = `handler output of "${name}": ${tail.length} of ${own.length} line(s), all in ${this.logPath}`;
    process.stderr.write(`\n${header}\n${tail.map((l) => `  ${l}`).join('\n')}\n`);
  }
}
