/**
 * Flattens JSON into `path -> leaf` pairs (`a.b[0].c`), dropping cdktf's `//` metadata, so two
 * synthesized stacks can be compared leaf by leaf.
 */
export function flatten(
  value: unknown,
  path = '',
  out = new Map<string, unknown>(),
): Map<string, unknown> {
  if (Array.isArray(value)) {
    value.forEach((item, i) => flatten(item, `${path}[${i}]`, out));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      if (key === '//') continue;
      flatten(child, path ? `${path}.${key}` : key, out);
    }
  } else {
    out.set(path, value);
  }
  return out;
}
