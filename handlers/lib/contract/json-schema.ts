import { z } from 'zod';
import { sourceContractSchema } from './contract';

/** Where the published JSON Schema of contract files lives, inside the contracts folder. */
export const CONTRACT_JSON_SCHEMA_FILE = 'schema/source-contract.schema.json';

/**
 * The JSON Schema of a contract file, generated from the zod schema the loader applies, so
 * editors (yaml-language-server, VS Code) and non-TypeScript tooling validate what the
 * pipeline validates. Cross-field checks (the dedup key is a required string, rule columns
 * exist, versions compatible) are the loader's; the JSON Schema covers shape and types.
 */
export function contractJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(sourceContractSchema, { io: 'input', unrepresentable: 'any' }),
    $id: 'https://github.com/s3-curated-pipeline/contracts/source-contract.schema.json',
    title: 'Source contract of the s3-curated-pipeline',
  };
}

/** The schema file's text: stable key order and a final newline, as committed. */
export const contractJsonSchemaText = (): string =>
  `${JSON.stringify(contractJsonSchema(), null, 2)}\n`;
