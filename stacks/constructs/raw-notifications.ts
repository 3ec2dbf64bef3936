import type { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketNotification } from '@cdktf/provider-aws/lib/s3-bucket-notification';
import type { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { Construct } from 'constructs';
import { PREFIXES } from '../../handlers/lib/names';
import { policyDocument } from '../iam/policy-document';

/** The raw bucket, the ingest queue and the account both belong to. */
export interface RawNotificationsProps {
  readonly rawBucket: S3Bucket;
  readonly ingestQueue: SqsQueue;
  readonly accountId: string;
}

/**
 * Sends every object created under the raw prefix to the ingest queue. The queue policy lets
 * only S3 acting for this raw bucket in this account send (confused-deputy safe); the
 * notification waits for the policy, since S3 validates the destination when it is created.
 */
export class RawNotifications extends Construct {
  constructor(scope: Construct, id: string, props: RawNotificationsProps) {
    super(scope, id);
    const { rawBucket, ingestQueue } = props;
    const policy = new SqsQueuePolicy(this, 'queue-policy', {
      queueUrl: ingestQueue.url,
      policy: policyDocument([
        {
          Sid: 'RawBucketNotifications',
          Effect: 'Allow',
          Principal: { Service: 's3.amazonaws.com' },
          Action: ['sqs:SendMessage'],
          Resource: [ingestQueue.arn],
          Condition: {
            ArnEquals: { 'aws:SourceArn': rawBucket.arn },
            StringEquals: { 'aws:SourceAccount': props.accountId },
          },
        },
      ]),
    });
    new S3BucketNotification(this, 'notification', {
      bucket: rawBucket.id,
      queue: [
        { queueArn: ingestQueue.arn, events: ['s3:ObjectCreated:*'], filterPrefix: PREFIXES.raw },
      ],
      dependsOn: [policy],
    });
  }
}
