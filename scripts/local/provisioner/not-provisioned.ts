/**
 * Resource types of the stack that the local provisioner deliberately does not create on an
 * emulator, each with the reason it prints. Types in neither this list nor the appliers are
 * reported as unsupported. Nothing the local flow needs is in this list.
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
  aws_s3_bucket_policy:
    'the emulator serves plain HTTP on loopback; TLS-only policies guard AWS endpoints',
  aws_s3_bucket_public_access_block: 'access controls take effect on AWS only',
  aws_s3_bucket_ownership_controls: 'access controls take effect on AWS only',
  aws_s3_bucket_server_side_encryption_configuration: 'encryption at rest takes effect on AWS only',
  aws_s3_bucket_lifecycle_configuration: 'the emulator does not expire or transition objects',
  aws_glue_catalog_database:
    'Athena and Glue do not run locally; the curated Iceberg tables are in the REST catalog beside the emulator, read with DuckDB',
  aws_glue_catalog_table:
    'Athena and Glue do not run locally; the curated Iceberg tables are in the REST catalog beside the emulator, read with DuckDB',
  aws_athena_workgroup:
    'Athena and Glue do not run locally; the curated Iceberg tables are in the REST catalog beside the emulator, read with DuckDB',
};
