import { ENVIRONMENTS, PREFIXES } from '../../handlers/lib/names';
import { envConfig } from '../../stacks/config/env-configs';
import { statements } from './support/policies';
import { list, record, ref, synth } from './support/synth-stack';

describe.each(ENVIRONMENTS)('%s buckets', (env) => {
  const config = envConfig(env);
  const stack = synth(env);
  const buckets = stack.resources('aws_s3_bucket');
  /** The only resource of `type` attached to the bucket with logical id `id`. */
  const attached = (type: string, id: string) =>
    stack.one(type, (body) => body.bucket === ref('aws_s3_bucket', id, 'id'));

  it.each(buckets.map(([id]) => id))('%s blocks all public access', (id) => {
    expect(attached('aws_s3_bucket_public_access_block', id)).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  it.each(buckets.map(([id]) => id))('%s is encrypted by default', (id) => {
    const sse = attached('aws_s3_bucket_server_side_encryption_configuration', id);
    expect(sse.rule).toEqual([
      {
        apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms' },
        bucket_key_enabled: true,
      },
    ]);
  });

  it.each(buckets.map(([id]) => id))('%s denies every request without TLS', (id) => {
    const [deny] = statements(attached('aws_s3_bucket_policy', id).policy);
    expect(deny).toMatchObject({
      effect: 'Deny',
      principal: '*',
      resources: [ref('aws_s3_bucket', id, 'arn'), `${ref('aws_s3_bucket', id, 'arn')}/*`],
      condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
  });

  it.each(buckets.map(([id]) => id))('%s enforces bucket-owner ownership, versioning', (id) => {
    expect(attached('aws_s3_bucket_ownership_controls', id).rule).toEqual({
      object_ownership: 'BucketOwnerEnforced',
    });
    expect(attached('aws_s3_bucket_versioning', id).versioning_configuration).toEqual({
      status: 'Enabled',
    });
  });

  it.each(buckets.map(([id]) => id))('%s expires old versions and abandoned uploads', (id) => {
    const rules = list(attached('aws_s3_bucket_lifecycle_configuration', id).rule);
    expect(rules).toContainEqual(
      expect.objectContaining({
        noncurrent_version_expiration: [
          { noncurrent_days: config.lifecycle.noncurrentVersionsExpireDays },
        ],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      }),
    );
  });

  it('expires manifests, metrics and rejects after the configured days', () => {
    const [artifactsId] = buckets.find(([, b]) => String(b.bucket).endsWith('-artifacts')) ?? [];
    const rules = list(attached('aws_s3_bucket_lifecycle_configuration', artifactsId ?? '').rule);
    const expiry = (prefix: string) =>
      rules
        .map((r) => record(r))
        .find((r) => JSON.stringify(r.filter) === JSON.stringify([{ prefix }]))?.expiration;
    expect(expiry(PREFIXES.manifests)).toEqual([{ days: config.lifecycle.manifestsExpireDays }]);
    expect(expiry(PREFIXES.metrics)).toEqual([{ days: config.lifecycle.metricsExpireDays }]);
    expect(expiry(PREFIXES.rejects)).toEqual([{ days: config.lifecycle.rejectsExpireDays }]);
  });

  it('moves raw data to Standard-IA only when the config says so', () => {
    const [rawId] = buckets.find(([, b]) => String(b.bucket).endsWith('-raw')) ?? [];
    const rules = list(attached('aws_s3_bucket_lifecycle_configuration', rawId ?? '').rule);
    const transitions = rules.flatMap((r) => list(record(r).transition ?? []));
    const days = config.lifecycle.rawTransitionDays;
    expect(transitions).toEqual(days === undefined ? [] : [{ days, storage_class: 'STANDARD_IA' }]);
  });
});
