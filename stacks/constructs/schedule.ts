import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import type { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { Construct } from 'constructs';

/** A schedule that invokes one function with a constant input. */
export interface ScheduleProps {
  readonly ruleName: string;
  readonly description: string;
  readonly scheduleExpression: string;
  readonly target: LambdaFunction;
  readonly input: Readonly<Record<string, string>>;
}

/**
 * An EventBridge scheduled rule invoking a function with a constant JSON input, and the
 * permission that lets only this rule invoke it.
 */
export class Schedule extends Construct {
  readonly rule: CloudwatchEventRule;

  constructor(scope: Construct, id: string, props: ScheduleProps) {
    super(scope, id);
    this.rule = new CloudwatchEventRule(this, 'rule', {
      name: props.ruleName,
      description: props.description,
      scheduleExpression: props.scheduleExpression,
      state: 'ENABLED',
    });
    new CloudwatchEventTarget(this, 'target', {
      rule: this.rule.name,
      arn: props.target.arn,
      input: JSON.stringify(props.input),
    });
    new LambdaPermission(this, 'permission', {
      statementId: 'AllowScheduleInvoke',
      action: 'lambda:InvokeFunction',
      functionName: props.target.functionName,
      principal: 'events.amazonaws.com',
      sourceArn: this.rule.arn,
    });
  }
}
