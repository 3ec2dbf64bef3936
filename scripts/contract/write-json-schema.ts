import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { contractsDir } from '../../handlers/lib/contract/contract-set';
import {
  CONTRACT_JSON_SCHEMA_FILE,
  contractJsonSchemaText,
} from '../../handlers/lib/contract/json-schema';

// Regenerates contracts/schema/source-contract.schema.json from the zod schema
// (tests/unit/lib/contract/json-schema.test.ts fails while the committed file is stale).
const target = join(contractsDir(), CONTRACT_JSON_SCHEMA_FILE);
writeFileSync(target, contractJsonSchemaText());
console.log(`wrote ${target}`);
