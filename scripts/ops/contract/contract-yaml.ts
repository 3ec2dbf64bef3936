import { stringify } from 'yaml';
import type { SourceContract } from '../../../handlers/lib/contract/contract';

/**
 * A contract as the YAML file a person reviews and commits: dotted paths, a column only where
 * it differs from the path's default, empty descriptions left out, the schema comment first so
 * editors validate it.
 */
export function contractYaml(contract: SourceContract): string {
  const doc = {
    source: contract.source,
    version: contract.version,
    ...(contract.description ? { description: contract.description } : {}),
    dedupKey: contract.dedupKey,
    eventTime: contract.eventTime,
    unknownFields: contract.unknownFields,
    fields: contract.fields.map((f) => ({
      path: f.path.join('.'),
      ...(f.column && f.column !== f.path.join('_') ? { column: f.column } : {}),
      type: f.type,
      required: f.required,
      ...(f.timestampFormats ? { timestampFormats: f.timestampFormats } : {}),
      ...(f.allowed ? { allowed: f.allowed } : {}),
      ...(f.description ? { description: f.description } : {}),
    })),
    dq: contract.dq,
  };
  return `# yaml-language-server: $schema=./schema/source-contract.schema.json\n${stringify(doc, { lineWidth: 100 })}`;
}
