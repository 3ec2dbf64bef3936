import {
  CreateBucketCommand,
  GetBucketNotificationConfigurationCommand,
  GetBucketVersioningCommand,
  HeadBucketCommand,
  PutBucketNotificationConfigurationCommand,
  PutBucketVersioningCommand,
  type QueueConfiguration,
} from '@aws-sdk/client-s3';
import { z } from 'zod';
import type { ResourceApplier } from './types';

const bucketBody = z.object({ bucket: z.string() });

/** aws_s3_bucket: the bucket itself (region us-east-1 needs no location constraint). */
export const s3Bucket: ResourceApplier = {
  type: 'aws_s3_bucket',
  async apply(body, { clients, region }) {
    const { bucket } = bucketBody.parse(body);
    const attributes = { id: bucket, bucket, arn: `arn:aws:s3:::${bucket}` };
    try {
      await clients.s3.send(new HeadBucketCommand({ Bucket: bucket }));
      return { outcome: 'unchanged', attributes };
    } catch (err) {
      if ((err as { name?: string }).name !== 'NotFound') throw err;
    }
    await clients.s3.send(
      new CreateBucketCommand({
        Bucket: bucket,
        ...(region === 'us-east-1'
          ? {}
          : { CreateBucketConfiguration: { LocationConstraint: region as never } }),
      }),
    );
    return { outcome: 'created', attributes };
  },
};

const versioningBody = z.object({
  bucket: z.string(),
  versioning_configuration: z.object({ status: z.enum(['Enabled', 'Suspended', 'Disabled']) }),
});

/** aws_s3_bucket_versioning: raw and curated keep every version a producer uploads. */
export const s3BucketVersioning: ResourceApplier = {
  type: 'aws_s3_bucket_versioning',
  async apply(body, { clients }) {
    const {
      bucket,
      versioning_configuration: { status },
    } = versioningBody.parse(body);
    const current = await clients.s3.send(new GetBucketVersioningCommand({ Bucket: bucket }));
    const attributes = { id: bucket };
    if ((current.Status ?? 'Disabled') === status) return { outcome: 'unchanged', attributes };
    if (status === 'Disabled' && !current.Status) return { outcome: 'unchanged', attributes };
    await clients.s3.send(
      new PutBucketVersioningCommand({
        Bucket: bucket,
        VersioningConfiguration: { Status: status === 'Disabled' ? 'Suspended' : status },
      }),
    );
    return { outcome: 'updated', attributes };
  },
};

const notificationBody = z.object({
  bucket: z.string(),
  queue: z
    .array(
      z.object({
        id: z.string().optional(),
        queue_arn: z.string(),
        events: z.array(z.string()),
        filter_prefix: z.string().optional(),
        filter_suffix: z.string().optional(),
      }),
    )
    .default([]),
});

const comparable = (configs: readonly QueueConfiguration[]): string =>
  JSON.stringify(
    configs
      .map((c) => ({
        arn: c.QueueArn,
        events: [...(c.Events ?? [])].sort(),
        rules: (c.Filter?.Key?.FilterRules ?? [])
          .map((r) => `${String(r.Name).toLowerCase()}=${r.Value}`)
          .sort(),
      }))
      .sort((a, b) => String(a.arn).localeCompare(String(b.arn))),
  );

/** aws_s3_bucket_notification: new raw objects notify the ingest queue, as on AWS. */
export const s3BucketNotification: ResourceApplier = {
  type: 'aws_s3_bucket_notification',
  async apply(body, { clients }) {
    const { bucket, queue } = notificationBody.parse(body);
    const wanted: QueueConfiguration[] = queue.map((q, i) => {
      const rules = [
        ...(q.filter_prefix ? [{ Name: 'prefix' as const, Value: q.filter_prefix }] : []),
        ...(q.filter_suffix ? [{ Name: 'suffix' as const, Value: q.filter_suffix }] : []),
      ];
      return {
        Id: q.id ?? `queue-${i}`,
        QueueArn: q.queue_arn,
        Events: q.events as QueueConfiguration['Events'],
        ...(rules.length ? { Filter: { Key: { FilterRules: rules } } } : {}),
      };
    });
    const current = await clients.s3.send(
      new GetBucketNotificationConfigurationCommand({ Bucket: bucket }),
    );
    const attributes = { id: bucket };
    if (comparable(current.QueueConfigurations ?? []) === comparable(wanted)) {
      return { outcome: 'unchanged', attributes };
    }
    await clients.s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: bucket,
        NotificationConfiguration: { QueueConfigurations: wanted },
      }),
    );
    return { outcome: current.QueueConfigurations?.length ? 'updated' : 'created', attributes };
  },
};
