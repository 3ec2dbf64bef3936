import { isUserFacing } from '../../handlers/lib/errors/pipeline-error';

/**
 * Runs a script's main function: a user-facing error prints one line (what is wrong, what to
 * do) and exits 1 with no stack trace; anything else is a bug and keeps its stack.
 */
export function runMain(main: () => Promise<void>): void {
  main().then(
    () => undefined,
    (err: unknown) => {
      if (isUserFacing(err)) {
        process.stderr.write(`error: ${err.message}\n`);
      } else {
        process.stderr.write(
          `unexpected error (a bug, please report it):\n${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
        );
      }
      process.exitCode = 1;
    },
  );
}
