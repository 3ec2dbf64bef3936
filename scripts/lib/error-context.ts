/**
 * What a command was pointed at when it failed: enough for an error line to name the fix
 * (which `--env` to deploy, which `--endpoint` to check). The CLI fills it from the parsed
 * options just before a command runs; scripts without target options leave it empty.
 */
export interface ErrorContext {
  readonly target?: 'embedded' | 'endpoint' | 'aws';
  readonly endpoint?: string;
  readonly env?: string;
}

const TARGETS: ReadonlyArray<NonNullable<ErrorContext['target']>> = ['embedded', 'endpoint', 'aws'];

/** The context of a command's parsed options (commander's `opts()`), ignoring what is not one. */
export function errorContextOf(options: Readonly<Record<string, unknown>>): ErrorContext {
  const target = TARGETS.find((t) => t === options.target);
  return {
    ...(target ? { target } : {}),
    ...(typeof options.endpoint === 'string' ? { endpoint: options.endpoint } : {}),
    ...(typeof options.env === 'string' ? { env: options.env } : {}),
  };
}
