import { UserFacingError } from '../../handlers/lib/errors/pipeline-error';
import type { ErrorContext } from './error-context';

/**
 * The AWS API a command talks to cannot serve it for a reason the person running it can fix:
 * nothing listens at the endpoint, no region or credentials, credentials refused, or the
 * stack is not deployed there. Carries the SDK or network error as `cause`.
 */
export class TargetError extends UserFacingError {}

/** Node's system error codes of a connection that did not happen, in words. */
const NETWORK_CODES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'connection reset',
};

/** Error names of an AWS resource (table, queue, bucket, topic) that does not exist. */
const MISSING_RESOURCE = new Set([
  'ResourceNotFoundException',
  'QueueDoesNotExist',
  'AWS.SimpleQueueService.NonExistentQueue',
  'NoSuchBucket',
  'NotFoundException',
]);

/** Error names of credentials AWS refused (unknown, expired, badly signed). */
const REFUSED_CREDENTIALS = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidAccessKeyId',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
]);

const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException']);

interface ErrorFields {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly address?: string;
  readonly port?: number;
  readonly hostname?: string;
}

/** The error and its causes (and an AggregateError's members), nearest first, at most 8. */
function chain(err: unknown): ErrorFields[] {
  const out: ErrorFields[] = [];
  const queue: unknown[] = [err];
  while (queue.length > 0 && out.length < 8) {
    const e = queue.shift();
    if (typeof e !== 'object' || e === null) continue;
    const f = e as Partial<Record<keyof ErrorFields | 'cause' | 'errors', unknown>>;
    out.push({
      name: typeof f.name === 'string' ? f.name : '',
      message: typeof f.message === 'string' ? f.message.replace(/\s+/g, ' ').trim() : '',
      ...(typeof f.code === 'string' ? { code: f.code } : {}),
      ...(typeof f.address === 'string' ? { address: f.address } : {}),
      ...(typeof f.port === 'number' ? { port: f.port } : {}),
      ...(typeof f.hostname === 'string' ? { hostname: f.hostname } : {}),
    });
    if (f.cause !== undefined) queue.push(f.cause);
    if (Array.isArray(f.errors)) queue.push(...(f.errors as unknown[]));
  }
  return out;
}

const deployHint = (ctx: ErrorContext): string => {
  const env = ctx.env ?? 'dev';
  return ctx.target === 'aws'
    ? `deploy it with: npx cdktf-cli@0.21.0 deploy ${env}`
    : `provision it with: pipeline up --env ${env}${ctx.target === 'endpoint' && ctx.endpoint ? ` --target endpoint --endpoint ${ctx.endpoint}` : ''}`;
};

/** host:port of a URL, as Node names the peer of a failed connection. */
function hostPort(url: string): string | undefined {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || (u.protocol === 'https:' ? '443' : '80')}`;
  } catch {
    return undefined;
  }
}

/** What failed to answer: the command's endpoint, or the peer the error names (a catalog...). */
function where(ctx: ErrorContext, e?: ErrorFields): string {
  const peer = e?.address
    ? e.port === undefined
      ? e.address
      : `${e.address}:${e.port}`
    : undefined;
  if (ctx.target === 'aws') return peer ?? 'AWS';
  if (ctx.endpoint && (!peer || hostPort(ctx.endpoint) === peer)) return ctx.endpoint;
  if (peer) return peer;
  if (e?.hostname) return e.hostname;
  return ctx.target === 'embedded' ? 'the embedded emulator' : 'the AWS endpoint';
}

const reachHint = (ctx: ErrorContext): string =>
  ctx.target === 'aws'
    ? 'check the network connection and --region'
    : ctx.target === 'embedded'
      ? 'the emulator may have stopped; restart it with: pipeline down && pipeline up'
      : 'check --endpoint (or PIPELINE_ENDPOINT_URL) and --catalog, and that the emulator is running there';

/**
 * The one-line user error for an AWS SDK or network failure a user causes by where they point
 * a command (wrong endpoint, no region, no or refused credentials, stack not deployed), or
 * undefined when `err` is none of these and stays a bug. The CLI entry calls it for errors no
 * command translated, so every command gets the same lines without each wrapping every call.
 */
export function targetErrorFor(err: unknown, ctx: ErrorContext = {}): TargetError | undefined {
  const causes = chain(err);
  const make = (message: string): TargetError =>
    new TargetError(message, { cause: err, context: { ...ctx } });
  for (const e of causes) {
    const network = e.code === undefined ? undefined : NETWORK_CODES[e.code];
    if (network) return make(`cannot reach ${where(ctx, e)}: ${network}; ${reachHint(ctx)}`);
    if (e.message === 'Region is missing' || e.name === 'RegionMissingError')
      return make('no AWS region for --target aws; pass --region <region> or set AWS_REGION');
    if (e.name === 'CredentialsProviderError')
      return make(
        `no AWS credentials found (${e.message}); configure them (aws configure, AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)`,
      );
    if (REFUSED_CREDENTIALS.has(e.name))
      return make(
        `${where(ctx)} refused the credentials (${e.name}); refresh them (e.g. aws sso login) and retry`,
      );
    if (ACCESS_DENIED.has(e.name))
      return make(
        `${where(ctx)} denied access (${e.message}); use credentials whose policy allows the pipeline's resources`,
      );
    if (MISSING_RESOURCE.has(e.name))
      return make(
        `the ${ctx.env ?? 'dev'} stack is not deployed on ${where(ctx)} (${e.name}: ${e.message}); ${deployHint(ctx)}, or pass the --env that is deployed`,
      );
  }
  return undefined;
}
