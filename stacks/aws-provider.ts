import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { Construct } from 'constructs';
import { EMULATOR_CREDENTIALS } from '../handlers/lib/aws/target';
import type { ResourceNames } from '../handlers/lib/names';

/** Services the stack creates resources in; each gets the emulator endpoint in local mode. */
export const LOCAL_ENDPOINT_SERVICES = [
  'athena',
  'cloudwatch',
  'dynamodb',
  'events',
  'glue',
  'iam',
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
