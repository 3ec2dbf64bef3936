import { FUNCTIONS, type FunctionKey } from '../../../handlers/lib/names';
import { resolveReferences, type ResolvedAttributes } from './references';
import { resourcesOfType, type StackJson } from './stack-json';

/** A Lambda function of the stack, as the local runtime runs it. */
export interface StackFunction {
  readonly key: FunctionKey;
  readonly address: string;
  readonly name: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  /** Environment variables, with Terraform references still in them. */
  readonly environment: Readonly<Record<string, string>>;
}

/** An SQS event source mapping: which queue feeds which function, and how. */
export interface StackEventSource {
  readonly functionAddress: string;
  readonly queueAddress: string;
  readonly batchSize: number;
  readonly maxBatchingWindowSeconds: number;
  readonly reportBatchItemFailures: boolean;
}

/** A scheduled rule and the function it invokes with a constant input. */
export interface StackSchedule {
  readonly ruleName: string;
  readonly scheduleExpression: string;
  readonly functionAddress: string;
  readonly input: unknown;
}

const keyOfFunctionName = (name: string): FunctionKey | undefined =>
  (Object.keys(FUNCTIONS) as FunctionKey[]).find((k) => name.endsWith(`-${FUNCTIONS[k]}`));

/** The functions of a stack, by the key the code knows them by. */
export function stackFunctions(stack: StackJson): StackFunction[] {
  return resourcesOfType(stack, 'aws_lambda_function').flatMap((r) => {
    const name = String(r.body.function_name);
    const key = keyOfFunctionName(name);
    if (!key) return [];
    const env =
      (r.body.environment as { variables?: Record<string, string> } | undefined)?.variables ?? {};
    return [
      {
        key,
        address: r.address,
        name,
        timeoutSeconds: Number(r.body.timeout ?? 3),
        memoryMb: Number(r.body.memory_size ?? 128),
        environment: env,
      },
    ];
  });
}

/** Address (`type.id`) inside a bare reference such as `${aws_sqs_queue.q.arn}`. */
const addressOf = (reference: unknown): string =>
  String(reference).replace(/^\$\{(.+)\.[a-z_]+\}$/, '$1');

/** The SQS event source mappings of a stack. */
export function stackEventSources(stack: StackJson): StackEventSource[] {
  return resourcesOfType(stack, 'aws_lambda_event_source_mapping').map((r) => ({
    functionAddress: addressOf(r.body.function_name),
    queueAddress: addressOf(r.body.event_source_arn),
    batchSize: Number(r.body.batch_size ?? 10),
    maxBatchingWindowSeconds: Number(r.body.maximum_batching_window_in_seconds ?? 0),
    reportBatchItemFailures: (
      (r.body.function_response_types as string[] | undefined) ?? []
    ).includes('ReportBatchItemFailures'),
  }));
}

/** The scheduled rules of a stack that invoke a function. */
export function stackSchedules(stack: StackJson): StackSchedule[] {
  const rules = new Map(
    resourcesOfType(stack, 'aws_cloudwatch_event_rule').map((r) => [r.address, r.body]),
  );
  return resourcesOfType(stack, 'aws_cloudwatch_event_target').flatMap((t) => {
    const rule = rules.get(addressOf(t.body.rule));
    const functionAddress = addressOf(t.body.arn);
    const expression = rule?.schedule_expression;
    if (typeof expression !== 'string' || !functionAddress.startsWith('aws_lambda_function.')) {
      return [];
    }
    return [
      {
        ruleName: String(rule?.name),
        scheduleExpression: expression,
        functionAddress,
        input: typeof t.body.input === 'string' ? (JSON.parse(t.body.input) as unknown) : {},
      },
    ];
  });
}

/** Each function's environment with references resolved against provisioned resources. */
export function resolvedEnvironments(
  stack: StackJson,
  attributes: ResolvedAttributes,
  extra: Readonly<Record<string, string>>,
): Record<FunctionKey, Record<string, string>> {
  const result = {} as Record<FunctionKey, Record<string, string>>;
  for (const fn of stackFunctions(stack)) {
    result[fn.key] = { ...resolveReferences({ ...fn.environment }, attributes), ...extra };
  }
  return result;
}
