import { record } from './synth-stack';

/**
 * The one table of which endpoint service (a key of the AWS provider's `endpoints` block) the
 * provider calls for a Terraform resource or data source type, by type prefix; the longest
 * matching prefix wins. A type of the stack that no prefix matches fails the test that reads
 * this table, so a new kind of resource cannot reach AWS unnoticed in local mode.
 */
const SERVICE_BY_PREFIX: ReadonlyArray<readonly [prefix: string, service: string]> = [
  ['aws_athena_', 'athena'],
  ['aws_caller_identity', 'sts'],
  ['aws_cloudwatch_event_', 'events'],
  ['aws_cloudwatch_log_', 'logs'],
  ['aws_cloudwatch_metric_alarm', 'cloudwatch'],
  ['aws_dynamodb_', 'dynamodb'],
  ['aws_glue_', 'glue'],
  ['aws_iam_', 'iam'],
  ['aws_kms_', 'kms'],
  ['aws_lambda_', 'lambda'],
  ['aws_s3_', 's3'],
  ['aws_scheduler_', 'scheduler'],
  ['aws_sns_', 'sns'],
  ['aws_sqs_', 'sqs'],
];

/** Data sources the provider answers from its own configuration, calling no service at all. */
const NO_CALL_TYPES: ReadonlySet<string> = new Set(['aws_partition']);

/** A call the provider makes to another service than the type's own, read from its arguments. */
interface ImpliedCall {
  readonly service: string;
  readonly why: string;
  readonly applies: (type: string, body: Readonly<Record<string, unknown>>) => boolean;
}

const IMPLIED_CALLS: readonly ImpliedCall[] = [
  {
    service: 'kms',
    why: 'encrypted: the provider reads its key on create and refresh',
    applies: (type, body) =>
      type === 'aws_dynamodb_table' &&
      (body.server_side_encryption as { enabled?: unknown } | undefined)?.enabled === true,
  },
];

/** The endpoint service of `type`, or undefined when the table does not know it. */
export function serviceOfType(type: string): string | undefined {
  const matches = SERVICE_BY_PREFIX.filter(([prefix]) => type.startsWith(prefix));
  return matches.sort(([a], [b]) => b.length - a.length)[0]?.[1];
}

/**
 * Every endpoint service the AWS provider calls to plan and apply a synthesized stack, each with
 * the addresses that call it. Throws naming the types this table does not know.
 */
export function servicesCalledBy(json: Readonly<Record<string, unknown>>): Map<string, string[]> {
  const called = new Map<string, string[]>();
  const add = (service: string, why: string): void => {
    called.set(service, [...(called.get(service) ?? []), why]);
  };
  const unknown: string[] = [];
  for (const [kind, prefix] of [
    ['resource', ''],
    ['data', 'data.'],
  ] as const) {
    for (const [type, byId] of Object.entries(record(json[kind] ?? {}, kind))) {
      if (NO_CALL_TYPES.has(type)) continue;
      const service = serviceOfType(type);
      if (service === undefined) unknown.push(type);
      for (const [id, body] of Object.entries(record(byId, type))) {
        const address = `${prefix}${type}.${id}`;
        if (service !== undefined) add(service, address);
        for (const call of IMPLIED_CALLS) {
          if (call.applies(type, record(body, address)))
            add(call.service, `${address} (${call.why})`);
        }
      }
    }
  }
  if (unknown.length > 0) {
    throw new Error(
      `no endpoint service known for ${unknown.join(', ')}: add the prefix to SERVICE_BY_PREFIX in tests/synth/support/endpoint-services.ts`,
    );
  }
  return called;
}
