import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { z } from 'zod';
import { ProvisionError } from './provision-error';
import type { ProvisionContext, ResourceApplier } from './types';

const tableBody = z.object({
  name: z.string(),
  hash_key: z.string(),
  range_key: z.string().optional(),
  billing_mode: z.enum(['PAY_PER_REQUEST', 'PROVISIONED']).default('PAY_PER_REQUEST'),
  attribute: z.array(z.object({ name: z.string(), type: z.enum(['S', 'N', 'B']) })),
  global_secondary_index: z
    .array(
      z.object({
        name: z.string(),
        hash_key: z.string(),
        range_key: z.string().optional(),
        projection_type: z.enum(['ALL', 'KEYS_ONLY', 'INCLUDE']),
        non_key_attributes: z.array(z.string()).optional(),
      }),
    )
    .default([]),
  ttl: z.object({ attribute_name: z.string(), enabled: z.boolean() }).optional(),
});
type TableBody = z.infer<typeof tableBody>;

const keySchema = (hash: string, range?: string) => [
  { AttributeName: hash, KeyType: 'HASH' as const },
  ...(range ? [{ AttributeName: range, KeyType: 'RANGE' as const }] : []),
];

/** The key layout of a table, comparable between the stack and the emulator. */
const layoutOf = (t: TableBody): string =>
  JSON.stringify({
    keys: keySchema(t.hash_key, t.range_key),
    indexes: t.global_secondary_index
      .map((g) => ({ name: g.name, keys: keySchema(g.hash_key, g.range_key) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  });
const layoutOfDescription = (d: TableDescription): string =>
  JSON.stringify({
    keys: d.KeySchema,
    indexes: (d.GlobalSecondaryIndexes ?? [])
      .map((g) => ({ name: g.IndexName, keys: g.KeySchema }))
      .sort((a, b) => String(a.name).localeCompare(String(b.name))),
  });

async function describe(
  name: string,
  { clients }: ProvisionContext,
): Promise<TableDescription | undefined> {
  try {
    return (await clients.dynamodb.send(new DescribeTableCommand({ TableName: name }))).Table;
  } catch (err) {
    if (err instanceof ResourceNotFoundException) return undefined;
    throw err;
  }
}

async function convergeTtl(t: TableBody, ctx: ProvisionContext): Promise<boolean> {
  if (!t.ttl) return false;
  const current = await ctx.clients.dynamodb.send(
    new DescribeTimeToLiveCommand({ TableName: t.name }),
  );
  const enabled = current.TimeToLiveDescription?.TimeToLiveStatus === 'ENABLED';
  const attribute = current.TimeToLiveDescription?.AttributeName;
  if (enabled === t.ttl.enabled && (!enabled || attribute === t.ttl.attribute_name)) return false;
  await ctx.clients.dynamodb.send(
    new UpdateTimeToLiveCommand({
      TableName: t.name,
      TimeToLiveSpecification: { AttributeName: t.ttl.attribute_name, Enabled: t.ttl.enabled },
    }),
  );
  return true;
}

/**
 * aws_dynamodb_table: keys, GSIs and TTL as declared. A table that exists with another key
 * layout cannot be converged in place (DynamoDB cannot change keys): that is an error that says
 * to reset the emulator.
 */
export const dynamodbTable: ResourceApplier = {
  type: 'aws_dynamodb_table',
  async apply(body, ctx) {
    const t = tableBody.parse(body);
    const arn = `arn:aws:dynamodb:${ctx.region}:${ctx.accountId}:table/${t.name}`;
    const attributes = { id: t.name, name: t.name, arn };
    const existing = await describe(t.name, ctx);
    if (existing) {
      if (layoutOfDescription(existing) !== layoutOf(t)) {
        throw new ProvisionError(
          `table ${t.name} exists with another key or index layout than the stack declares; ` +
            'reset the emulator (pipeline down, then pipeline up) to recreate it',
        );
      }
      return { outcome: (await convergeTtl(t, ctx)) ? 'updated' : 'unchanged', attributes };
    }
    await ctx.clients.dynamodb.send(
      new CreateTableCommand({
        TableName: t.name,
        BillingMode: t.billing_mode,
        AttributeDefinitions: t.attribute.map((a) => ({
          AttributeName: a.name,
          AttributeType: a.type,
        })),
        KeySchema: keySchema(t.hash_key, t.range_key),
        ...(t.global_secondary_index.length
          ? {
              GlobalSecondaryIndexes: t.global_secondary_index.map((g) => ({
                IndexName: g.name,
                KeySchema: keySchema(g.hash_key, g.range_key),
                Projection: {
                  ProjectionType: g.projection_type,
                  ...(g.non_key_attributes ? { NonKeyAttributes: g.non_key_attributes } : {}),
                },
              })),
            }
          : {}),
      }),
    );
    await waitUntilTableExists(
      { client: ctx.clients.dynamodb, maxWaitTime: 60 },
      { TableName: t.name },
    );
    await convergeTtl(t, ctx);
    return { outcome: 'created', attributes };
  },
};
