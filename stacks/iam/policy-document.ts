/** One IAM policy statement; actions and resources are always explicit lists. */
export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: '*' | Readonly<Record<string, string | readonly string[]>>;
  readonly Action: readonly string[];
  readonly Resource: readonly string[];
  readonly Condition?: Readonly<
    Record<string, Readonly<Record<string, string | readonly string[]>>>
  >;
}

/**
 * Renders statements as an IAM policy JSON string. Terraform references inside ARNs stay
 * tokens and cdktf turns them into interpolations, so the synthesized JSON shows exactly which
 * actions apply to which resources (what the synth tests and checkov read).
 */
export function policyDocument(statements: readonly PolicyStatement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/** Trust policy letting one AWS service assume a role, only on behalf of `accountId`. */
export function assumeRolePolicy(service: string, accountId: string): string {
  // Trust policies name no Resource: the role itself is the resource.
  const statement = {
    Sid: 'AssumeFromService',
    Effect: 'Allow',
    Principal: { Service: service },
    Action: 'sts:AssumeRole',
    Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
  };
  return JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
}
