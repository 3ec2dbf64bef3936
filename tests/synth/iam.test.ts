import { ENVIRONMENTS, PREFIXES, resourceNames } from '../../handlers/lib/names';
import { envConfig } from '../../stacks/config/env-configs';
import { statements } from './support/policies';
import { list, ref, str, synth } from './support/synth-stack';

/** Actions AWS only accepts with Resource "*" (no resource-level permissions). */
const STAR_RESOURCE_ALLOWED = new Set(['xray:PutTraceSegments', 'xray:PutTelemetryRecords']);

/** ARN of the account's default Glue Data Catalog, as the stack writes it. */
const ACCOUNT_CATALOG =
  /^arn:\$\{data\.aws_partition\.[^}]+\}:glue:[a-z0-9-]+:\$\{data\.aws_caller_identity\.caller\.account_id\}:catalog$/;

describe.each(ENVIRONMENTS)('%s IAM', (env) => {
  const stack = synth(env);
  const names = resourceNames(envConfig(env).projectPrefix, env);
  // Athena and Glue resources named by this stack's names module (the workgroup and the
  // database are created only when deploying to AWS, after the functions).
  const namedAnalytics = new RegExp(
    `^arn:aws:(athena:\\*:\\*:workgroup/${names.athenaWorkgroup}|glue:\\*:\\*:(catalog|database/${names.iceberg.namespace}|table/${names.iceberg.namespace}/\\*))$`,
  );
  const roleFor = (fnId: string) => {
    const roleRef = str(stack.byId('aws_lambda_function', fnId).role);
    const roleId = stack.resources('aws_iam_role').find(([id]) => roleRef.includes(`.${id}.`));
    if (!roleId) throw new Error(`no role for ${fnId}`);
    return roleId[0];
  };
  const policyOf = (roleId: string) =>
    statements(
      stack.one('aws_iam_role_policy', (p) => p.role === ref('aws_iam_role', roleId, 'id')).policy,
    );
  const functions = stack.resources('aws_lambda_function').map(([id]) => id);

  it('gives every function its own role', () => {
    const roles = functions.map(roleFor);
    expect(new Set(roles).size).toBe(functions.length);
  });

  it.each(functions)('%s role trusts only Lambda, for this account', (fnId) => {
    const role = stack.byId('aws_iam_role', roleFor(fnId));
    const trust = JSON.parse(str(role.assume_role_policy)) as { Statement: unknown };
    expect(list(trust.Statement)).toEqual([
      expect.objectContaining({
        Principal: { Service: 'lambda.amazonaws.com' },
        Action: 'sts:AssumeRole',
      }),
    ]);
  });

  it.each(functions)('%s role policy has no wildcard action', (fnId) => {
    for (const statement of policyOf(roleFor(fnId))) {
      for (const action of statement.actions) expect(action).not.toContain('*');
    }
  });

  it.each(functions)('%s role policy uses "*" resources only where AWS requires it', (fnId) => {
    for (const statement of policyOf(roleFor(fnId))) {
      if (!statement.resources.includes('*')) continue;
      for (const action of statement.actions) expect(STAR_RESOURCE_ALLOWED.has(action)).toBe(true);
    }
  });

  it.each(functions)('%s role policy scopes resources to this stack', (fnId) => {
    for (const statement of policyOf(roleFor(fnId))) {
      for (const resource of statement.resources) {
        if (resource === '*' || namedAnalytics.test(resource)) continue;
        // The account's Data Catalog is not a stack resource, but Glue authorizes every
        // database and table action on it too.
        if (ACCOUNT_CATALOG.test(resource)) continue;
        expect(resource).toMatch(/^\$\{aws_[a-z0-9_-]+\.[^.]+\.arn\}/);
      }
    }
  });

  it('lets the transform use the Iceberg tables through Glue, and only it and maintenance (Athena) do', () => {
    const glueUsers = functions.filter((fnId) =>
      policyOf(roleFor(fnId)).some((s) => s.actions.some((a) => a.startsWith('glue:'))),
    );
    expect(glueUsers).toHaveLength(2);
    expect(glueUsers.join(' ')).toMatch(/transform/);
    expect(glueUsers.join(' ')).toMatch(/maintenance/);
    const transform = glueUsers.find((id) => /transform/.test(id)) ?? '';
    const bySid = new Map(policyOf(roleFor(transform)).map((s) => [s.sid, s]));
    const database = stack.resources('aws_glue_catalog_database').map(([id]) => id);
    const tables = stack.resources('aws_glue_catalog_table').map(([id]) => id);
    const catalog = expect.stringMatching(ACCOUNT_CATALOG) as unknown;
    const databaseArns = database.map((id) => ref('aws_glue_catalog_database', id, 'arn'));
    expect(bySid.get('IcebergCatalogConfig')).toMatchObject({
      actions: ['glue:GetCatalog'],
      resources: [catalog],
    });
    expect(bySid.get('IcebergNamespace')).toMatchObject({
      actions: ['glue:GetDatabase', 'glue:GetDatabases'],
      resources: [catalog, ...databaseArns],
    });
    expect(bySid.get('IcebergTables')).toMatchObject({
      actions: ['glue:GetTables', 'glue:GetTable', 'glue:UpdateTable'],
      resources: [
        catalog,
        ...databaseArns,
        ...tables.map((id) => ref('aws_glue_catalog_table', id, 'arn')),
      ],
    });
    const glueActions = [...bySid.values()].flatMap((s) =>
      s.actions.filter((a) => a.startsWith('glue:')),
    );
    expect(glueActions.sort()).toEqual(
      [
        'glue:GetCatalog',
        'glue:GetDatabase',
        'glue:GetDatabases',
        'glue:GetTable',
        'glue:GetTables',
        'glue:UpdateTable',
      ].sort(),
    );
  });

  it("gives the transform its tables' files under tables/ of the curated bucket", () => {
    const bySid = new Map(
      policyOf(roleFor(functions.find((f) => f.includes('transform')) ?? '')).map((s) => [
        s.sid,
        s,
      ]),
    );
    expect(bySid.get('ListCuratedTables')?.condition).toEqual({
      StringLike: { 's3:prefix': [`${PREFIXES.tables}*`] },
    });
    expect(bySid.get('ReplaceCuratedTables')).toMatchObject({
      actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
      resources: [
        expect.stringMatching(/^\$\{aws_s3_bucket\.storage_curated_bucket_\w+\.arn\}\/tables\/\*$/),
      ],
    });
  });

  it('has no Allow with a wildcard action in any policy of the stack', () => {
    const policies = [
      ...stack.resources('aws_iam_role_policy').map(([, p]) => p.policy),
      ...stack.resources('aws_s3_bucket_policy').map(([, p]) => p.policy),
      ...stack.resources('aws_sqs_queue_policy').map(([, p]) => p.policy),
    ];
    for (const policy of policies) {
      for (const statement of statements(policy)) {
        expect(statement.actions).not.toContain('*');
        if (statement.effect === 'Allow') {
          for (const action of statement.actions) expect(action).not.toContain('*');
        }
      }
    }
  });

  it('lets only the transform write curated data, and the maintenance rewrite table files', () => {
    const writes = (fnId: string) =>
      policyOf(roleFor(fnId))
        .filter((s) => s.actions.includes('s3:PutObject'))
        .flatMap((s) => s.resources.filter((r) => r.includes('curated')));
    const writers = functions.filter((fnId) => writes(fnId).length > 0).sort();
    expect(writers).toEqual([
      expect.stringMatching(/^maintenance/),
      expect.stringMatching(/^transform/),
    ]);
    expect(writes(writers[0]!).every((r) => r.endsWith('/tables/*'))).toBe(true);
  });
});
