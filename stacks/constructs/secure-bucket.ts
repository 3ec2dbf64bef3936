import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import type { S3BucketLifecycleConfigurationRule } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';
import { policyDocument } from '../iam/policy-document';

/** What differs between the pipeline's buckets; everything else is the same secure baseline. */
export interface SecureBucketProps {
  readonly bucketName: string;
  readonly forceDestroy: boolean;
  readonly noncurrentVersionsExpireDays: number;
  /** Rules specific to this bucket (expiry of prefixes, transitions). */
  readonly lifecycleRules: readonly S3BucketLifecycleConfigurationRule[];
  /** False in local mode, which leaves the policy out (AWS_ONLY_PARTS in stacks/local-mode.ts). */
  readonly tlsOnlyPolicy: boolean;
}

/**
 * An S3 bucket with the baseline every pipeline bucket needs: all public access blocked, ACLs
 * disabled (bucket owner enforced), SSE-KMS with the AWS-managed key and S3 bucket keys (no key
 * policy to manage, few KMS calls), versioning, a TLS-only bucket policy (on AWS only), and
 * lifecycle rules that also expire old versions and abandoned multipart uploads, so storage does
 * not grow unnoticed.
 */
export class SecureBucket extends Construct {
  readonly bucket: S3Bucket;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    const bucket = new S3Bucket(this, 'bucket', {
      bucket: props.bucketName,
      forceDestroy: props.forceDestroy,
    });
    this.bucket = bucket;
    new S3BucketPublicAccessBlock(this, 'public-access-block', {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'ownership', {
      bucket: bucket.id,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket: bucket.id,
      rule: [
        { applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms' }, bucketKeyEnabled: true },
      ],
    });
    const versioning = new S3BucketVersioningA(this, 'versioning', {
      bucket: bucket.id,
      versioningConfiguration: { status: 'Enabled' },
    });
    if (props.tlsOnlyPolicy) {
      new S3BucketPolicy(this, 'tls-only', {
        bucket: bucket.id,
        // "s3:*" in a Deny is the documented TLS-only pattern: it denies, never grants.
        policy: policyDocument([
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: '*',
            Action: ['s3:*'],
            Resource: [bucket.arn, `${bucket.arn}/*`],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ]),
      });
    }
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket: bucket.id,
      dependsOn: [versioning],
      rule: [
        {
          id: 'expire-noncurrent-versions-and-uploads',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionsExpireDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
          expiration: [{ expiredObjectDeleteMarker: true }],
        },
        ...props.lifecycleRules,
      ],
    });
  }
}
