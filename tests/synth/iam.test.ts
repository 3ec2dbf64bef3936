import { ENVIRONMENTS, resourceNames } from '../../handlers/lib/names';
import { envConfig } from '../../stacks/config/env-configs';
import { statements } from './support/policies';
import { list, ref, str, synth } from './support/synth-stack';

/** Actions AWS only accepts with Resource "*" (no resource-level permissions). */
const STAR_RESOURCE_ALLOWED = new Set(['xray:PutTraceSegments', 'xray:PutTelemetryRecords']);

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
        expect(resource).toMatch(/^\$\{aws_[a-z0-9_]+\.[^.]+\.arn\}/);
      }
    }
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
