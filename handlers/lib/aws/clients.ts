import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EMULATOR_CREDENTIALS, type Target } from './target';

/** Settings every SDK v3 client takes; derived from the target only. */
export interface BaseClientConfig {
  region?: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  maxAttempts?: number;
}

/**
 * The client settings for a target: region, endpoint and credentials. Real AWS gets nothing
 * but the region, so the SDK's default credential chain and endpoint resolution apply.
 */
export function clientConfig(target: Target): BaseClientConfig {
  if (target.kind === 'aws') return target.region ? { region: target.region } : {};
  return {
    region: target.region,
    endpoint: target.endpoint,
    credentials: { ...EMULATOR_CREDENTIALS },
  };
}

/**
 * Builds any SDK v3 client for a target. Use it for clients that {@link AwsClients} does not
 * hold (CloudWatch, Glue, STS...), so there is still one place that decides how clients
 * are configured.
 */
export function createClient<C>(Ctor: new (config: BaseClientConfig) => C, target: Target): C {
  return new Ctor(clientConfig(target));
}

/** The clients the pipeline's cores use, created on first use and then reused. */
export interface AwsClients {
  readonly target: Target;
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  readonly sns: SNSClient;
  readonly dynamodb: DynamoDBClient;
  /** DynamoDB with native JS values in and out. */
  readonly ddb: DynamoDBDocumentClient;
  readonly events: EventBridgeClient;
  /** Who the credentials are (account id for ARNs the tools build). */
  readonly sts: STSClient;
  /** Closes the sockets of every client created so far. */
  destroy(): void;
}

/**
 * The one AWS client factory. Handlers call it once per cold start and pass the clients to
 * their core; tests, the CLI and the local runtime call it with their own target. S3 uses
 * path-style addressing on emulators (no wildcard DNS for bucket subdomains there). The SDK's
 * default request and response checksum behaviour is left as it is.
 */
export function createAwsClients(target: Target): AwsClients {
  const created = new Map<string, { destroy(): void }>();
  const once = <C extends { destroy(): void }>(key: string, make: () => C): C => {
    const existing = created.get(key);
    if (existing) return existing as C;
    const client = make();
    created.set(key, client);
    return client;
  };
  const base = clientConfig(target);
  return {
    target,
    get s3() {
      return once(
        's3',
        () =>
          new S3Client({ ...base, forcePathStyle: target.kind !== 'aws' && target.forcePathStyle }),
      );
    },
    get sqs() {
      return once('sqs', () => new SQSClient(base));
    },
    get sns() {
      return once('sns', () => new SNSClient(base));
    },
    get dynamodb() {
      return once('dynamodb', () => new DynamoDBClient(base));
    },
    get ddb() {
      return once('ddb', () =>
        DynamoDBDocumentClient.from(this.dynamodb, {
          marshallOptions: { removeUndefinedValues: true },
        }),
      );
    },
    get events() {
      return once('events', () => new EventBridgeClient(base));
    },
    get sts() {
      return once('sts', () => new STSClient(base));
    },
    destroy() {
      for (const client of created.values()) client.destroy();
      created.clear();
    },
  };
}
