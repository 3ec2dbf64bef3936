import { isUserFacing } from '../../handlers/lib/errors/pipeline-error';
import type { ErrorContext } from './error-context';
import { EXIT_CODES } from './exit-codes';
import { targetErrorFor } from './target-error';

/**
 * Runs a script's main function. A user-facing error, or an AWS or network failure the user
 * caused (see {@link targetErrorFor}), prints one line (what is wrong, what to do) and exits
 * 1 with no stack trace; anything else is a bug and keeps its stack. `context` says what the
 * command was pointed at, so those lines can name the fix.
 */
export function runMain(main: () => Promise<void>, context: () => ErrorContext = () => ({})): void {
  main().then(
    () => undefined,
    (err: unknown) => {
      const known = isUserFacing(err) ? err : targetErrorFor(err, context());
      if (known) {
        process.stderr.write(`error: ${known.message.split('\n')[0]}\n`);
      } else {
        process.stderr.write(
          `unexpected error (a bug, please report it):\n${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
        );
      }
      process.exitCode = EXIT_CODES.error;
    },
  );
}
