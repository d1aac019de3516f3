import { App, Stack, Validations } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { synthStack } from './stack-fixture';

/**
 * cdk-nag 3 is a policy-validation plugin: it reports through the validation report, not through
 * construct annotations, so the findings are read from the pack itself (`validateScope` is the
 * entry point cdk-nag provides for tests). Acknowledged findings are left out of the report.
 */
function findings(scope: IConstruct): string[] {
  const report = new AwsSolutionsChecks().validateScope(scope);
  return report.violations.flatMap((violation) =>
    violation.violatingResources.map(
      (resource) => `${violation.severity} ${violation.ruleName} at ${resource.constructPath ?? '?'}: ${violation.description}`,
    ),
  );
}

/** Every acknowledgement in the tree, as rule id → reason. */
function acknowledgements(scope: IConstruct): Map<string, string> {
  const out = new Map<string, string>();
  for (const construct of scope.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        out.set(id.replace(/^annotation::/i, ''), reason);
      }
    }
  }
  return out;
}

const oidc = { identity: 'oidc', oidcIssuer: 'https://idp.example.gov.cn/realms/luzhou', oidcAudience: 'case-tracker' };

describe.each([
  ['dev, Cognito', { stage: 'dev' }, undefined],
  ['prod in AWS China, OIDC, backups copied to Ningxia', { stage: 'prod', ...oidc, backup: 'true', backupCopyRegion: 'cn-northwest-1', alarmEmail: 'ops@example.gov.cn' }, 'cn-north-1'],
])('cdk-nag AwsSolutions (%s)', (_name, context, region) => {
  const { app, stack } = synthStack({ context, ...(region ? { env: { account: '123456789012', region } } : {}) });
  app.synth();

  it('reports no unacknowledged error or warning', () => {
    expect(findings(stack)).toEqual([]);
  });
});

describe('cdk-nag AwsSolutions', () => {
  const { app, stack } = synthStack({ context: { stage: 'prod', backup: 'true', alarmEmail: 'ops@example.gov.cn' } });
  app.synth();

  it('reports no unacknowledged error or warning', () => {
    expect(findings(stack)).toEqual([]);
  });

  it('acknowledges only these rules, each with a reason', () => {
    const acks = acknowledgements(stack);
    const rules = [...new Set([...acks.keys()].map((id) => id.replace(/\[.*\]$/, '')))].sort();
    // A new acknowledgement is a reviewed decision: add it here deliberately.
    expect(rules).toEqual([
      'AwsSolutions-APIG4',
      'AwsSolutions-COG2',
      'AwsSolutions-COG8',
      // AWS Backup's service role policy, when backups are on.
      'AwsSolutions-IAM4',
      'AwsSolutions-IAM5',
      'AwsSolutions-L1',
      'AwsSolutions-SMG4',
      'AwsSolutions-SQS3',
    ]);
    for (const [id, reason] of acks) expect(reason.length, id).toBeGreaterThan(40);
  });

  it('gives the cursor secret’s rotation its true reason: cursors have no expiry', () => {
    const secret = stack.node.findAll().find((c) => c.node.path.endsWith('/CursorSecret'));
    expect(secret, 'the cursor secret').toBeDefined();
    const reason = secret ? (acknowledgements(secret).get('AwsSolutions-SMG4') ?? '') : '';
    expect(reason).toMatch(/no expiry/);
    expect(reason).toMatch(/invalidate every cursor in flight/);
    // The value is no longer resolved into the functions' environment by CloudFormation.
    expect(reason).not.toMatch(/dynamic reference/);
  });

  it('acknowledges wildcards only for the table’s indexes, the table key’s KMS data-key actions and ListStreams', () => {
    const iam5 = [...acknowledgements(stack).keys()].filter((id) => id.startsWith('AwsSolutions-IAM5')).sort();
    expect(iam5).toEqual([
      'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
      'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
      // dynamodb:ListStreams, for the aggregator's stream: it takes no resource.
      'AwsSolutions-IAM5[Resource::*]',
      expect.stringMatching(/^AwsSolutions-IAM5\[Resource::<DataTable[0-9A-F]{8}\.Arn>\/index\/\*\]$/),
    ]);
  });

  it('does report a finding nobody acknowledged', () => {
    // The check above is only worth something if findings do show up: an unrotated secret is one.
    const probe = new Stack(new App(), 'Probe');
    new Secret(probe, 'Unacknowledged');
    expect(findings(probe)).toEqual([expect.stringMatching(/^error AwsSolutions-SMG4 at Probe\/Unacknowledged\/Resource/)]);
  });
});
