import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EnvName } from '../../../handlers/lib/names';
import { PROJECT_ROOT } from '../../emulator/paths';

/** The body of one Terraform resource block, as cdktf writes it. */
export type ResourceBody = Readonly<Record<string, unknown>>;

/** The parts of a synthesized stack (`cdk.tf.json`) the local tools read. */
export interface StackJson {
  readonly resource: Readonly<Record<string, Readonly<Record<string, ResourceBody>>>>;
  readonly data?: Readonly<Record<string, Readonly<Record<string, ResourceBody>>>>;
  readonly provider?: { readonly aws?: ReadonlyArray<{ readonly region?: string }> };
}

/** One resource of a stack: its Terraform type, its logical id, and its body. */
export interface StackResource {
  readonly type: string;
  readonly id: string;
  /** `type.id`, the address Terraform references use. */
  readonly address: string;
  readonly body: ResourceBody;
}

/** Where `npm run synth` writes the stack of `env`. */
export const stackJsonPath = (env: EnvName): string =>
  join(PROJECT_ROOT, 'cdktf.out', 'stacks', env, 'cdk.tf.json');

/** Reads a synthesized stack. */
export async function loadStackJson(path: string): Promise<StackJson> {
  return JSON.parse(await readFile(path, 'utf8')) as StackJson;
}

/** Every resource of the stack, in file order. */
export function stackResources(stack: StackJson): StackResource[] {
  return Object.entries(stack.resource).flatMap(([type, byId]) =>
    Object.entries(byId).map(([id, body]) => ({ type, id, address: `${type}.${id}`, body })),
  );
}

/** The resources of one type. */
export const resourcesOfType = (stack: StackJson, type: string): StackResource[] =>
  stackResources(stack).filter((r) => r.type === type);
