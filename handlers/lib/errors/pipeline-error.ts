/**
 * Root of the project's error hierarchy. Every domain error carries a stable `name`, the
 * underlying `cause`, and a `context` object of plain values for structured logs.
 */
export class PipelineError extends Error {
  readonly context: Readonly<Record<string, unknown>>;

  constructor(
    message: string,
    options: { cause?: unknown; context?: Record<string, unknown> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.context = Object.freeze({ ...(options.context ?? {}) });
  }
}

/**
 * An error a person can fix without reading code: bad configuration, a missing tool, an
 * emulator that does not start. The CLI prints only its message (one line, what is wrong and
 * what to do) and exits non-zero, with no stack trace.
 */
export class UserFacingError extends PipelineError {}

/** True when `err` is an error whose message alone tells a person what to do. */
export function isUserFacing(err: unknown): err is UserFacingError {
  return err instanceof UserFacingError;
}
