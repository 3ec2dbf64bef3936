import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { Construct } from 'constructs';
import { EMULATOR_CREDENTIALS } from '../handlers/lib/aws/target';
import type { ResourceNames } from '../handlers/lib/names';

/**
 * Services the provider calls for the stack; each gets the emulator endpoint in local mode, so no
 * request with the fake keys goes to AWS. That includes services the stack has no resource in:
 * `kms`, which the provider asks for the key of every encrypted DynamoDB table on create and
 * refresh, and `sts` (the account id data source). A synth test derives the services from the
 * synthesized local stack and fails when one is missing here. `athena` and `glue` are kept
 * although local mode leaves the catalog out: an endpoint too many costs nothing.
 */
export const LOCAL_ENDPOINT_SERVICES = [
  'athena',
  'cloudwatch',
  'dynamodb',
  'events',
  'glue',
  'iam',
  'kms',
  'lambda',
  'logs',
  's3',
  'sns',
  'sqs',
  'sts',
] as const;

/**
 * The AWS provider of one stack, tagging everything with project and environment. With
 * `localEndpoint`, it points every service at the emulator with the settings LocalStack's
 * tflocal injects: path-style S3, fake keys, and no credential, metadata or account checks
 * (which would call real AWS).
 */
export function awsProvider(
  scope: Construct,
  names: ResourceNames,
  region: string,
  localEndpoint: string | undefined,
): AwsProvider {
  const defaultTags = [
    { tags: { project: names.prefix, environment: names.env, 'managed-by': 'cdktf' } },
  ];
  if (localEndpoint === undefined) {
    return new AwsProvider(scope, 'aws', { region, defaultTags });
  }
  const endpoint = Object.fromEntries(LOCAL_ENDPOINT_SERVICES.map((s) => [s, localEndpoint]));
  return new AwsProvider(scope, 'aws', {
    region,
    defaultTags,
    accessKey: EMULATOR_CREDENTIALS.accessKeyId,
    secretKey: EMULATOR_CREDENTIALS.secretAccessKey,
    s3UsePathStyle: true,
    skipCredentialsValidation: true,
    skipMetadataApiCheck: 'true',
    skipRequestingAccountId: true,
    endpoints: [endpoint],
  });
}
