import { GLUE_TYPES } from '../../handlers/lib/contract/column-types';
import { configuredSources } from '../../handlers/lib/contract/contracts';
import { curatedColumns, PARTITION_COLUMN } from '../../handlers/lib/iceberg/curated-schema';
import {
  curatedTableRef,
  ENV_VARS,
  ENVIRONMENTS,
  PREFIXES,
  resourceNames,
} from '../../handlers/lib/names';
import { envConfig } from '../../stacks/config/env-configs';
import { catalogContracts } from '../../stacks/constructs/catalog';
import { TABLE_OPTIMIZER_LOG_GROUPS } from '../../stacks/iam/table-optimizer-permissions';
import { statements } from './support/policies';
import type { Body } from './support/synth-stack';
import { list, record, ref, str, synth } from './support/synth-stack';

const CALLER_ACCOUNT = '${data.aws_caller_identity.caller.account_id}';

describe.each(ENVIRONMENTS)('%s Iceberg catalog', (env) => {
  const config = envConfig(env);
  const names = resourceNames(config.projectPrefix, env);
  const stack = synth(env);
  const tables = stack.resources('aws_glue_catalog_table');
  const tableOf = (source: string): readonly [string, Body] => {
    const found = tables.find(([, t]) => t.name === curatedTableRef(names, source).table);
    if (!found) throw new Error(`no Glue table for source ${source}`);
    return found;
  };
  const [databaseId] = stack.resources('aws_glue_catalog_database').map(([id]) => id);
  const optimizerRole = stack.one('aws_iam_role', (r) => r.name === names.glue.tableOptimizerRole);
  const optimizerRoleId = stack.resources('aws_iam_role').find(([, r]) => r === optimizerRole)?.[0];

  it('has one table per configured source, each its newest contract', () => {
    const sources = configuredSources();
    expect(catalogContracts().map((c) => c.source)).toEqual(sources);
    expect(tables.map(([, t]) => t.name).sort()).toEqual(
      sources.map((s) => curatedTableRef(names, s).table).sort(),
    );
  });

  it.each(catalogContracts().map((c) => [c.source, c] as const))(
    '%s table is created by Glue as Iceberg format v2 in the database',
    (source) => {
      const [, table] = tableOf(source);
      expect(table).toMatchObject({
        database_name: ref('aws_glue_catalog_database', databaseId ?? '', 'name'),
        table_type: 'EXTERNAL_TABLE',
        open_table_format_input: { iceberg_input: { metadata_operation: 'CREATE', version: '2' } },
      });
      // Glue refuses partition keys on Iceberg tables; no Hive-style parameters either.
      expect(table.partition_keys).toBeUndefined();
      expect(table.parameters).toBeUndefined();
    },
  );

  it.each(catalogContracts().map((c) => [c.source, c] as const))(
    '%s table lives under tables/ of the curated bucket, with the curated columns',
    (source, contract) => {
      const [, table] = tableOf(source);
      const descriptor = record(table.storage_descriptor, 'storage_descriptor');
      expect(descriptor.location).toBe(curatedTableRef(names, source).location);
      expect(str(descriptor.location)).toMatch(
        new RegExp(`^s3://${names.buckets.curated}/${PREFIXES.tables}[a-z0-9_-]+$`),
      );
      expect(descriptor.columns).toEqual(
        curatedColumns(contract).map((c) => ({
          name: c.name,
          type: GLUE_TYPES[c.contractType],
          comment: c.doc,
        })),
      );
      expect(list(descriptor.columns)).toContainEqual(
        expect.objectContaining({ name: PARTITION_COLUMN, type: 'date' }),
      );
    },
  );

  it('leaves the tables to Iceberg after creation (commits own the parameters and schema)', () => {
    for (const [, table] of tables) {
      expect(table.lifecycle).toEqual({ ignore_changes: ['parameters', 'storage_descriptor'] });
      expect(table.depends_on).toEqual([
        expect.stringMatching(/^aws_s3_bucket\.storage_curated_bucket_/),
      ]);
    }
  });

  it('maintains every table with compaction, snapshot retention and orphan-file deletion', () => {
    const { optimizers } = config.catalog;
    const all = stack.resources('aws_glue_catalog_table_optimizer').map(([, o]) => o);
    for (const [tableId] of tables) {
      const mine = all.filter(
        (o) => o.table_name === ref('aws_glue_catalog_table', tableId, 'name'),
      );
      const byType = new Map(mine.map((o) => [o.type, o]));
      expect([...byType.keys()].sort()).toEqual([
        ...(optimizers.compaction ? ['compaction'] : []),
        'orphan_file_deletion',
        'retention',
      ]);
      for (const o of mine) {
        expect(o.catalog_id).toBe(CALLER_ACCOUNT);
        expect(list(o.configuration)[0]).toMatchObject({
          enabled: true,
          role_arn: ref('aws_iam_role', optimizerRoleId ?? '', 'arn'),
        });
      }
      expect(list(byType.get('retention')?.configuration)[0]).toMatchObject({
        retention_configuration: [
          {
            iceberg_configuration: [
              {
                snapshot_retention_period_in_days: optimizers.snapshotRetentionDays,
                number_of_snapshots_to_retain: optimizers.snapshotsToRetain,
                clean_expired_files: true,
                run_rate_in_hours: optimizers.runRateHours,
              },
            ],
          },
        ],
      });
      expect(list(byType.get('orphan_file_deletion')?.configuration)[0]).toMatchObject({
        orphan_file_deletion_configuration: [
          {
            iceberg_configuration: [
              {
                orphan_file_retention_period_in_days: optimizers.orphanFileRetentionDays,
                run_rate_in_hours: optimizers.runRateHours,
              },
            ],
          },
        ],
      });
    }
  });

  it('gives the optimizers a role only Glue assumes, for this account', () => {
    const trust = record(JSON.parse(str(optimizerRole.assume_role_policy)));
    expect(list(trust.Statement)).toEqual([
      expect.objectContaining({
        Principal: { Service: 'glue.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': CALLER_ACCOUNT } },
      }),
    ]);
  });

  it('scopes the optimizer role to the tables, their files and their run logs', () => {
    const policy = stack.one(
      'aws_iam_role_policy',
      (p) => p.role === ref('aws_iam_role', optimizerRoleId ?? '', 'id'),
    );
    const bySid = new Map(statements(policy.policy).map((s) => [s.sid, s]));
    expect([...bySid.keys()]).toEqual(['TableFiles', 'ListTableFiles', 'CommitTables', 'RunLogs']);
    expect(bySid.get('TableFiles')?.resources).toEqual([
      expect.stringMatching(/^\$\{aws_s3_bucket\.storage_curated_bucket_\w+\.arn\}\/tables\/\*$/),
    ]);
    expect(bySid.get('ListTableFiles')?.condition).toEqual({
      StringLike: { 's3:prefix': [`${PREFIXES.tables}*`] },
    });
    expect(bySid.get('CommitTables')?.actions).toEqual(['glue:GetTable', 'glue:UpdateTable']);
    expect(bySid.get('CommitTables')?.resources).toEqual([
      expect.stringMatching(
        /:glue:[a-z0-9-]+:\$\{data\.aws_caller_identity\.caller\.account_id\}:catalog$/,
      ),
      ref('aws_glue_catalog_database', databaseId ?? '', 'arn'),
      ...tables.map(([id]) => ref('aws_glue_catalog_table', id, 'arn')),
    ]);
    expect(bySid.get('RunLogs')?.resources).toEqual(
      TABLE_OPTIMIZER_LOG_GROUPS.map(
        (g): unknown => expect.stringMatching(new RegExp(`:log-group:${g}:\\*$`)) as unknown,
      ),
    );
    for (const statement of bySid.values()) {
      for (const action of statement.actions) expect(action).not.toContain('*');
    }
  });

  it("points the transform's Iceberg warehouse at the account's Data Catalog", () => {
    const transform = stack.one(
      'aws_lambda_function',
      (f) => f.function_name === names.functions.transform,
    );
    const variables = record(record(transform.environment).variables);
    expect(variables[ENV_VARS.icebergWarehouse]).toBe(CALLER_ACCOUNT);
    expect(variables[ENV_VARS.icebergNamespace]).toBe(names.glue.database);
  });
});

describe('Iceberg catalog overrides', () => {
  it('uses the configured PIPELINE_ACCOUNT_ID as the warehouse and catalog id', () => {
    const accountId = '123456789012';
    const stack = synth('prod', { accountId });
    const names = resourceNames(envConfig('prod').projectPrefix, 'prod', accountId);
    const transform = stack.one(
      'aws_lambda_function',
      (f) => f.function_name === names.functions.transform,
    );
    expect(record(record(transform.environment).variables)[ENV_VARS.icebergWarehouse]).toBe(
      accountId,
    );
    for (const [, o] of stack.resources('aws_glue_catalog_table_optimizer')) {
      expect(o.catalog_id).toBe(accountId);
    }
  });

  it('leaves the Glue catalog, the optimizers and the warehouse out in local mode', () => {
    const stack = synth('dev', { localEndpoint: 'http://localhost:4566' });
    const names = resourceNames(envConfig('dev').projectPrefix, 'dev');
    expect(stack.resources('aws_glue_catalog_table_optimizer')).toEqual([]);
    expect(stack.resources('aws_iam_role').map(([, r]) => r.name)).not.toContain(
      names.glue.tableOptimizerRole,
    );
    const transform = stack.one(
      'aws_lambda_function',
      (f) => f.function_name === names.functions.transform,
    );
    const variables = record(record(transform.environment).variables);
    expect(variables[ENV_VARS.icebergWarehouse]).toBeUndefined();
    expect(variables[ENV_VARS.icebergNamespace]).toBe(names.glue.database);
  });
});
