import type { AwsClients } from '../../../handlers/lib/aws/clients';
import type { ResourceBody } from '../stack/stack-json';

/** What applying one resource did; a second run of the provisioner reports only `unchanged`. */
export type Outcome = 'created' | 'updated' | 'unchanged';

export interface ApplyResult {
  readonly outcome: Outcome;
  /** Attributes other resources may reference (`arn`, `url`, `id`, `name`...). */
  readonly attributes: Readonly<Record<string, string>>;
}

export interface ProvisionContext {
  readonly clients: AwsClients;
  readonly region: string;
  readonly accountId: string;
}

/** Creates or converges one Terraform resource type on an emulator. */
export interface ResourceApplier {
  readonly type: string;
  /** `body` has its references already resolved. */
  apply(body: ResourceBody, ctx: ProvisionContext): Promise<ApplyResult>;
}
