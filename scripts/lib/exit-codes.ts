/**
 * The exit codes of `pipeline` and `npm run demo`, documented in the README: scripts and CI
 * jobs branch on them, so each means one thing. 2 is left to the shell's "misuse".
 */
export const EXIT_CODES = {
  /** Everything the command was asked to do happened; for `run` and the demo: all curated. */
  ok: 0,
  /** A wrong argument, a missing prerequisite, an unreachable or undeployed target, or a bug. */
  error: 1,
  /** `run`/demo: some data is held back by its data-quality gate (nothing else failed). */
  heldByDq: 3,
  /** `run`/demo: failures that need an operator: failed manifests, DLQ messages. */
  needsOperator: 4,
  /** Ended by a second Ctrl-C. */
  interrupted: 130,
} as const;
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];
