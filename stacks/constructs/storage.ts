import type { S3BucketLifecycleConfigurationRule } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import type { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { Construct } from 'constructs';
import type { ResourceNames } from '../../handlers/lib/names';
import { PREFIXES } from '../../handlers/lib/names';
import type { EnvConfig } from '../config/schema';
import { SecureBucket } from './secure-bucket';

/** A rule expiring the objects under `prefix` after `days`. */
const expire = (prefix: string, days: number): S3BucketLifecycleConfigurationRule => ({
  id: `expire-${prefix.replace(/\/$/, '').replace(/\//g, '-') || 'all'}`,
  status: 'Enabled',
  filter: [{ prefix }],
  expiration: [{ days }],
});

/**
 * The four buckets: raw landing (read-only input, tiered to Standard-IA in prod), curated
 * (Parquet, the product), quarantine (rejected files kept for a while) and artifacts
 * (manifests, metrics and rejects that expire, Lambda code and Athena results).
 */
export class PipelineStorage extends Construct {
  readonly raw: S3Bucket;
  readonly curated: S3Bucket;
  readonly quarantine: S3Bucket;
  readonly artifacts: S3Bucket;

  constructor(
    scope: Construct,
    id: string,
    names: ResourceNames,
    config: EnvConfig,
    options: { readonly tlsOnlyPolicies: boolean },
  ) {
    super(scope, id);
    const { lifecycle } = config;
    const common = {
      forceDestroy: config.forceDestroyBuckets,
      noncurrentVersionsExpireDays: lifecycle.noncurrentVersionsExpireDays,
      tlsOnlyPolicy: options.tlsOnlyPolicies,
    };
    const rawRules: S3BucketLifecycleConfigurationRule[] =
      lifecycle.rawTransitionDays === undefined
        ? []
        : [
            {
              id: 'raw-to-infrequent-access',
              status: 'Enabled',
              filter: [{ prefix: PREFIXES.raw }],
              transition: [{ days: lifecycle.rawTransitionDays, storageClass: 'STANDARD_IA' }],
            },
          ];
    const bucket = (
      role: keyof ResourceNames['buckets'],
      rules: S3BucketLifecycleConfigurationRule[],
    ) =>
      new SecureBucket(this, role, {
        ...common,
        bucketName: names.buckets[role],
        lifecycleRules: rules,
      }).bucket;
    this.raw = bucket('raw', rawRules);
    this.curated = bucket('curated', []);
    this.quarantine = bucket('quarantine', [expire('', lifecycle.quarantineExpireDays)]);
    this.artifacts = bucket('artifacts', [
      expire(PREFIXES.manifests, lifecycle.manifestsExpireDays),
      expire(PREFIXES.metrics, lifecycle.metricsExpireDays),
      expire(PREFIXES.rejects, lifecycle.rejectsExpireDays),
      expire(PREFIXES.athenaResults, lifecycle.athenaResultsExpireDays),
    ]);
  }
}
