/**
 * Every name derived by names.ts is valid for the AWS service it names (rules from each
 * service's API reference), for every project prefix the prefix schema accepts, with and
 * without the account id; dev and prod never share a name.
 */
import fc from 'fast-check';
import {
  alarmName,
  ENVIRONMENTS,
  projectPrefixSchema,
  resourceNames,
  type EnvName,
  type ResourceNames,
} from '../../../handlers/lib/names';

/** S3 general purpose bucket naming rules (S3 User Guide, "Bucket naming rules"). */
function bucketProblems(name: string): string[] {
  const problems: string[] = [];
  if (name.length < 3 || name.length > 63) problems.push('3-63 characters');
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) problems.push('a-z 0-9 . - only, edges alnum');
  if (name.includes('..')) problems.push('no adjacent periods');
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) problems.push('not an IP address');
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(name)) problems.push('reserved prefix');
  if (/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name)) problems.push('reserved suffix');
  return problems;
}

/** Name patterns and length limits of the other services, from their API references. */
const RULES: ReadonlyArray<[string, (n: ResourceNames) => string[], RegExp, number]> = [
  ['SQS queue', (n) => Object.values(n.queues), /^[A-Za-z0-9_-]+$/, 80],
  ['DynamoDB table', (n) => Object.values(n.tables), /^[A-Za-z0-9_.-]{3,}$/, 255],
  ['SNS topic', (n) => Object.values(n.topics), /^[A-Za-z0-9_-]+$/, 256],
  ['Lambda function', (n) => Object.values(n.functions), /^[A-Za-z0-9_-]+$/, 64],
  ['IAM role', (n) => [...Object.values(n.roles), n.glue.tableOptimizerRole], /^[\w+=,.@-]+$/, 64],
  [
    'IAM inline policy',
    (n) => [...Object.values(n.rolePolicies), n.glue.tableOptimizerPolicy],
    /^[\w+=,.@-]+$/,
    128,
  ],
  ['log group', (n) => Object.values(n.logGroups), /^[.\-_/#A-Za-z0-9]+$/, 512],
  ['EventBridge rule', (n) => Object.values(n.rules), /^[.\-_A-Za-z0-9]+$/, 64],
  // Athena reads Glue names in lowercase with underscores only.
  ['Glue database', (n) => [n.glue.database], /^[a-z0-9_]+$/, 255],
  ['Athena workgroup', (n) => [n.athenaWorkgroup], /^[A-Za-z0-9._-]+$/, 128],
  [
    'CloudWatch alarm',
    (n) => Object.values(n.functions).map((f) => alarmName(f, 'throttles')),
    /^[\x20-\x7e]+$/,
    255,
  ],
];

/** Every name a deployment owns, tagged with its kind (names are unique per kind). */
function allNames(n: ResourceNames): string[] {
  return [
    ...Object.values(n.buckets).map((b) => `bucket:${b}`),
    ...RULES.flatMap(([kind, pick]) => pick(n).map((name) => `${kind}:${name}`)),
  ];
}

/** Prefixes of the documented shape, kept to those the schema accepts. */
const prefixes = fc
  .stringMatching(/^[a-z][a-z0-9-]{1,30}[a-z0-9]$/)
  .filter((p) => projectPrefixSchema.safeParse(p).success);
const accountIds = fc.option(fc.stringMatching(/^\d{12}$/), { nil: undefined });
const envs = fc.constantFrom<EnvName>(...ENVIRONMENTS);

describe('resourceNames', () => {
  it('derives valid S3 bucket names', () => {
    fc.assert(
      fc.property(prefixes, envs, accountIds, (prefix, env, account) => {
        for (const bucket of Object.values(resourceNames(prefix, env, account).buckets)) {
          expect([bucket, bucketProblems(bucket)]).toEqual([bucket, []]);
        }
      }),
    );
  });

  it.each(RULES.map(([kind, pick, pattern, max]) => ({ kind, pick, pattern, max })))(
    'derives valid $kind names',
    ({ pick, pattern, max }) => {
      fc.assert(
        fc.property(prefixes, envs, (prefix, env) => {
          for (const name of pick(resourceNames(prefix, env))) {
            expect(name).toMatch(pattern);
            expect(name.length).toBeLessThanOrEqual(max);
          }
        }),
      );
    },
  );

  it('fits the longest prefix into the tightest limits', () => {
    const names = resourceNames(`a${'b'.repeat(30)}c`, 'prod', '123456789012');
    expect(Math.max(...Object.values(names.buckets).map((b) => b.length))).toBeLessThanOrEqual(63);
    expect(Math.max(...Object.values(names.roles).map((r) => r.length))).toBeLessThanOrEqual(64);
  });

  it('gives every resource of one deployment its own name', () => {
    fc.assert(
      fc.property(prefixes, envs, (prefix, env) => {
        const names = allNames(resourceNames(prefix, env));
        expect(new Set(names).size).toBe(names.length);
      }),
    );
  });

  it('never gives dev and prod the same name', () => {
    fc.assert(
      fc.property(prefixes, accountIds, (prefix, account) => {
        const dev = new Set(allNames(resourceNames(prefix, 'dev', account)));
        const shared = allNames(resourceNames(prefix, 'prod', account)).filter((n) => dev.has(n));
        expect(shared).toEqual([]);
      }),
    );
  });

  it.each(['xn--data', 'sthree', 'sthree-data', 'amzn-s3-demo', 'amzn-s3-demo-lake'])(
    'rejects the prefix %j, which would start bucket names with an S3-reserved prefix',
    (prefix) => {
      expect(bucketProblems(`${prefix}-dev-raw`)).toContain('reserved prefix');
      expect(() => resourceNames(prefix, 'dev')).toThrow(/S3-reserved/);
    },
  );

  it.each(['Curated', 'curated_pipeline', '1pipeline', 'ab', 'pipeline-', `a${'b'.repeat(32)}`])(
    'rejects the prefix %j, which would make invalid names',
    (prefix) => {
      expect(projectPrefixSchema.safeParse(prefix).success).toBe(false);
      expect(() => resourceNames(prefix, 'dev')).toThrow();
    },
  );
});
