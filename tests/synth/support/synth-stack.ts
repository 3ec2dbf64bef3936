import { Testing } from 'cdktf';
import type { EnvName } from '../../../handlers/lib/names';
import { envConfig } from '../../../stacks/config/env-configs';
import type { StackOverrides } from '../../../stacks/config/stack-overrides';
import { PipelineStack } from '../../../stacks/pipeline-stack';

/** One resource body of the synthesized JSON. */
export type Body = Readonly<Record<string, unknown>>;

/** The parts of a synthesized cdk.tf.json the tests read. */
export interface Synthesized {
  readonly raw: string;
  readonly json: Readonly<Record<string, unknown>>;
  /** Bodies of every resource of `type`, by logical id. */
  resources(type: string): ReadonlyArray<readonly [string, Body]>;
  /** The resource of `type` with logical id `id`. */
  byId(type: string, id: string): Body;
  /** The only resource of `type` whose body matches `where`. */
  one(type: string, where: (body: Body) => boolean): Body;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** `v` as a record, failing the test with `what` when it is not one. */
export function record(v: unknown, what = 'value'): Record<string, unknown> {
  if (!isRecord(v)) throw new Error(`${what} is not an object: ${JSON.stringify(v)}`);
  return v;
}

/** `v` as a string, failing the test with `what` when it is not one. */
export function str(v: unknown, what = 'value'): string {
  if (typeof v !== 'string') throw new Error(`${what} is not a string: ${JSON.stringify(v)}`);
  return v;
}

/** `v` as an array, failing the test with `what` when it is not one. */
export function list(v: unknown, what = 'value'): readonly unknown[] {
  if (!Array.isArray(v)) throw new Error(`${what} is not an array: ${JSON.stringify(v)}`);
  return v as readonly unknown[];
}

const cache = new Map<string, Synthesized>();

/**
 * Synthesizes the stack of `env` (with optional overrides) in memory, as `npm run synth` would,
 * and memoizes it: the stacks are pure functions of config, so each test file synthesizes each
 * variant once.
 */
export function synth(env: EnvName, overrides: StackOverrides = {}): Synthesized {
  const key = `${env}:${JSON.stringify(overrides)}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const app = Testing.app();
  const stack = new PipelineStack(app, env, {
    config: envConfig(env, overrides),
    localEndpoint: overrides.localEndpoint,
  });
  const raw = Testing.synth(stack);
  const json = record(JSON.parse(raw), 'stack');
  const resources = (type: string): ReadonlyArray<readonly [string, Body]> => {
    const byId = record(record(json.resource, 'resource')[type] ?? {}, type);
    return Object.entries(byId).map(([id, body]) => [id, record(body, id)] as const);
  };
  const result: Synthesized = {
    raw,
    json,
    resources,
    byId(type, id) {
      const found = resources(type).find(([candidate]) => candidate === id);
      if (!found) throw new Error(`no ${type}.${id}`);
      return found[1];
    },
    one(type, where) {
      const found = resources(type).filter(([, body]) => where(body));
      if (found.length !== 1) throw new Error(`${found.length} ${type} match, expected 1`);
      const [first] = found;
      if (!first) throw new Error(`no ${type}`);
      return first[1];
    },
  };
  cache.set(key, result);
  return result;
}

/** Terraform reference to an attribute of the resource with logical id `id`. */
export const ref = (type: string, id: string, attribute: string): string =>
  `\${${type}.${id}.${attribute}}`;
