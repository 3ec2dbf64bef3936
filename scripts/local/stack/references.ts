/**
 * Terraform interpolation in synthesized stacks: `${aws_sqs_queue.ingest_queue_X.arn}`, also
 * inside JSON strings (redrive and access policies). The local tools resolve them against the
 * attributes of resources they created, the way Terraform would after `apply`.
 */
const TOKEN = /\$\{((?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+)\.([a-z_]+)\}/g;

/** Attribute values of created resources, by address (`type.id` or `data.type.id`). */
export type ResolvedAttributes = ReadonlyMap<string, Readonly<Record<string, string>>>;

/** Thrown for a reference to a resource or attribute that is not resolved (yet). */
export class UnresolvedReferenceError extends Error {
  constructor(readonly reference: string) {
    super(`unresolved Terraform reference \${${reference}}`);
    this.name = 'UnresolvedReferenceError';
  }
}

/** Addresses a value refers to, so resources can be created in dependency order. */
export function referencedAddresses(value: unknown): Set<string> {
  const found = new Set<string>();
  const json = JSON.stringify(value) ?? '';
  for (const match of json.matchAll(TOKEN)) found.add(match[1]!);
  return found;
}

/** Replaces every reference in a value (strings, arrays, objects, any depth) with its value. */
export function resolveReferences<T>(value: T, attributes: ResolvedAttributes): T {
  if (typeof value === 'string') {
    return value.replace(TOKEN, (_whole, address: string, attribute: string) => {
      const resolved = attributes.get(address)?.[attribute];
      if (resolved === undefined) throw new UnresolvedReferenceError(`${address}.${attribute}`);
      return resolved;
    }) as T;
  }
  if (Array.isArray(value)) return value.map((v: unknown) => resolveReferences(v, attributes)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, resolveReferences(v, attributes)]),
    ) as T;
  }
  return value;
}
