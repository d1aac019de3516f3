import { Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/**
 * cdk-nag 3 runs as a CDK policy-validation plugin after synthesis: unacknowledged findings are
 * printed and written to cdk.out/validation-report.json, and an unacknowledged error (not a
 * warning) fails `cdk synth`. Acknowledgements and their reasons are recorded in the construct
 * metadata (cdk.out/CaseTrackerStack.metadata.json, `aws:cdk:acknowledged-rules`).
 */
export function addNagChecks(scope: IConstruct): void {
  Validations.of(scope).addPlugins(new AwsSolutionsChecks(scope));
}

/**
 * Acknowledges one AwsSolutions finding on `scope` and everything below it. `appliesTo` narrows a
 * rule that reports several findings per resource (IAM4, IAM5) to one of them, e.g.
 * `Resource::<Table1234.Arn>/index/*`; cdk-nag 3 has no "all findings of a rule" acknowledgement.
 */
export function acknowledge(scope: IConstruct, rule: string, reason: string, appliesTo?: string): void {
  Validations.of(scope).acknowledge({ id: appliesTo ? `AwsSolutions-${rule}[${appliesTo}]` : `AwsSolutions-${rule}`, reason });
}

/** How cdk-nag renders `Fn::GetAtt [logicalId, attribute]` in a finding: `<logicalId.attribute>`. */
export function getAttToken(resource: CfnElement, attribute: string): string {
  return `<${Stack.of(resource).resolve(resource.logicalId) as string}.${attribute}>`;
}
