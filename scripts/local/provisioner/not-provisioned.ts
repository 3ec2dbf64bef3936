import { LEFT_OUT_LOCALLY } from '../../../stacks/local-mode';

/**
 * Resource types of the stack that the local provisioner deliberately does not create on an
 * emulator, each with the reason it prints. Types in neither this list nor the appliers are
 * reported as unsupported. Nothing the local flow needs is in this list. The types local mode
 * leaves out (the TLS-only bucket policies, the catalog) come from the stacks' rule, so the
 * provisioner and `cdktf deploy` to an emulator leave out the same.
 */
export const NOT_PROVISIONED: Readonly<Record<string, string>> = {
  aws_lambda_function: 'the local runtime runs the handlers in-process',
  aws_lambda_event_source_mapping:
    'the local runtime polls the queues (an emulator mapping would consume them and run the function in Docker)',
  aws_lambda_permission: 'the local runtime invokes the handlers directly',
  aws_s3_object: 'function code zips: the local runtime runs the handlers from source',
  aws_iam_role: 'the emulator does not enforce IAM',
  aws_iam_role_policy: 'the emulator does not enforce IAM',
  aws_cloudwatch_log_group: 'local handlers log to the console',
  aws_cloudwatch_metric_alarm:
    'alarms need CloudWatch metrics, which the emulator does not produce',
  aws_s3_bucket_public_access_block: 'access controls take effect on AWS only',
  aws_s3_bucket_ownership_controls: 'access controls take effect on AWS only',
  aws_s3_bucket_server_side_encryption_configuration: 'encryption at rest takes effect on AWS only',
  aws_s3_bucket_lifecycle_configuration: 'the emulator does not expire or transition objects',
  ...LEFT_OUT_LOCALLY,
};
