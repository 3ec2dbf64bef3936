/** A part of the stack that exists on AWS only: local mode builds none of its resources. */
export interface AwsOnlyPart {
  /** The Terraform resource types the part consists of, and no other part has. */
  readonly resourceTypes: readonly string[];
  /** Why an emulator does not get it, as the local provisioner prints it. */
  readonly reason: string;
}

/**
 * What local mode leaves out, and why: the one rule for both ways of deploying to an emulator.
 * The stack's local switch (`PIPELINE_LOCAL_ENDPOINT`, for `cdktf deploy`) does not build these
 * parts, and the local provisioner skips their resource types with these reasons whichever
 * way its stack was synthesized, so an emulator gets the same resources from either.
 *
 * - TLS-only bucket policies: an emulator is reached over plain HTTP, and moto evaluates the
 *   policy's Deny without its `aws:SecureTransport` condition, so it would refuse every request.
 *   The bucket policies hold the TLS statement only, so the whole resource goes.
 * - The catalog (Glue database, Iceberg tables and their optimizers, Athena workgroup):
 *   AWS-only by choice. The local catalog is a different one, Apache Iceberg's REST catalog on
 *   loopback beside the emulator, whose tables the local provisioner creates from the contracts.
 */
export const AWS_ONLY_PARTS = {
  tlsOnlyBucketPolicies: {
    resourceTypes: ['aws_s3_bucket_policy'],
    reason:
      "emulators serve plain HTTP, and moto ignores the TLS-only policy's aws:SecureTransport condition, so the policy would deny every request",
  },
  catalog: {
    resourceTypes: [
      'aws_glue_catalog_database',
      'aws_glue_catalog_table',
      'aws_glue_catalog_table_optimizer',
      'aws_athena_workgroup',
    ],
    reason:
      'the catalog (Glue, its table optimizers, Athena) is AWS-only by choice; locally the Iceberg REST catalog beside the emulator holds the curated tables, created from the contracts at deploy',
  },
} as const satisfies Readonly<Record<string, AwsOnlyPart>>;

/** Whether a stack builds its AWS-only parts: only when it is not pointed at an emulator. */
export const buildsAwsOnlyParts = (localEndpoint: string | undefined): boolean =>
  localEndpoint === undefined;

/** Resource type -> why local mode leaves it out, for every type of every AWS-only part. */
export const LEFT_OUT_LOCALLY: Readonly<Record<string, string>> = Object.fromEntries(
  Object.values(AWS_ONLY_PARTS).flatMap((part) =>
    part.resourceTypes.map((type) => [type, `left out in local mode: ${part.reason}`]),
  ),
);
