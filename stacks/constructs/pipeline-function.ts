import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import type { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3Object } from '@cdktf/provider-aws/lib/s3-object';
import { AssetType, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import type { FunctionKey, ResourceNames } from '../../handlers/lib/names';
import { lambdaCodeKey } from '../../handlers/lib/names';
import { functionZip } from '../../scripts/build/function-zip';
import type { EnvConfig } from '../config/schema';
import type { PolicyStatement } from '../iam/policy-document';
import { assumeRolePolicy, policyDocument } from '../iam/policy-document';

/** Node.js runtime of every function. */
export const LAMBDA_RUNTIME = 'nodejs22.x';

/** What one function needs besides its build recipe. */
export interface PipelineFunctionProps {
  readonly fn: FunctionKey;
  readonly names: ResourceNames;
  readonly sizing: EnvConfig['functions'][FunctionKey];
  readonly logRetentionDays: number;
  readonly environment: Record<string, string>;
  /** The function's own permissions; logging and tracing are added here. */
  readonly statements: readonly PolicyStatement[];
  readonly artifactsBucket: S3Bucket;
  readonly accountId: string;
}

/**
 * One Lambda function with its own role (least privilege: exactly `statements`, plus writing
 * to its own log group), its own log group with retention, and its code.
 *
 * The code zip is uploaded as an S3 object in the artifacts bucket rather than inline: the
 * transform's zip carries DuckDB's native library (~24 MB zipped, ~70 MB unzipped), close to
 * the 50 MB limit of a direct upload and slow to send with every changed plan, while S3 keeps a
 * content-addressed copy of every deployed version. All functions use the same path for one
 * code path.
 */
export class PipelineFunction extends Construct {
  readonly function: LambdaFunction;
  readonly role: IamRole;
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    super(scope, id);
    const { fn, names, sizing } = props;
    const zip = functionZip(fn);
    this.logGroup = new CloudwatchLogGroup(this, 'logs', {
      name: names.logGroups[fn],
      retentionInDays: props.logRetentionDays,
    });
    this.role = new IamRole(this, 'role', {
      name: names.roles[fn],
      assumeRolePolicy: assumeRolePolicy('lambda.amazonaws.com', props.accountId),
    });
    const policy = new IamRolePolicy(this, 'policy', {
      name: names.rolePolicies[fn],
      role: this.role.id,
      policy: policyDocument([
        ...props.statements,
        {
          Sid: 'WriteOwnLogs',
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: [`${this.logGroup.arn}:*`],
        },
        {
          // X-Ray has no resource-level permissions: AWS accepts only "*" for these actions.
          Sid: 'WriteTraces',
          Effect: 'Allow',
          Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
          Resource: ['*'],
        },
      ]),
    });
    const asset = new TerraformAsset(this, 'code-asset', {
      path: zip.zipPath,
      type: AssetType.FILE,
      assetHash: zip.sha256Hex.slice(0, 32),
    });
    const code = new S3Object(this, 'code', {
      bucket: props.artifactsBucket.id,
      key: lambdaCodeKey(fn, zip.sha256Hex),
      source: asset.path,
      sourceHash: zip.sha256Hex,
    });
    this.function = new LambdaFunction(this, 'function', {
      functionName: names.functions[fn],
      role: this.role.arn,
      runtime: LAMBDA_RUNTIME,
      architectures: [zip.architecture],
      handler: 'index.handler',
      s3Bucket: code.bucket,
      s3Key: code.key,
      sourceCodeHash: zip.sha256Base64,
      memorySize: sizing.memoryMb,
      timeout: sizing.timeoutSeconds,
      reservedConcurrentExecutions: sizing.reservedConcurrency,
      ephemeralStorage: { size: sizing.ephemeralStorageMb },
      environment: { variables: props.environment },
      loggingConfig: { logFormat: 'JSON', logGroup: this.logGroup.name },
      tracingConfig: { mode: 'Active' },
      dependsOn: [policy, this.logGroup],
    });
  }
}
