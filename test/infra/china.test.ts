import { describe, expect, it } from 'vitest';
import { synthStack, type Resources } from './stack-fixture';

/**
 * Resource types CloudFormation offers in both AWS China regions (Beijing cn-north-1, Ningxia
 * cn-northwest-1), checked against AWS's CloudFormation resource specification for those regions.
 * A new type in the stack fails the test until someone checks it there and adds it here.
 * AWS::Cognito::* is absent on purpose: China has no Cognito user pools.
 */
const availableInChina = new Set([
  'AWS::ApiGatewayV2::Api',
  'AWS::ApiGatewayV2::Authorizer',
  'AWS::ApiGatewayV2::Integration',
  'AWS::ApiGatewayV2::Route',
  'AWS::ApiGatewayV2::Stage',
  'AWS::Backup::BackupPlan',
  'AWS::Backup::BackupSelection',
  'AWS::Backup::BackupVault',
  'AWS::CloudWatch::Alarm',
  'AWS::CloudWatch::Dashboard',
  'AWS::DynamoDB::Table',
  'AWS::Events::EventBus',
  'AWS::Events::Rule',
  'AWS::IAM::Policy',
  'AWS::IAM::Role',
  'AWS::KMS::Key',
  'AWS::Lambda::EventInvokeConfig',
  'AWS::Lambda::EventSourceMapping',
  'AWS::Lambda::Function',
  'AWS::Lambda::Permission',
  'AWS::Logs::LogGroup',
  'AWS::SNS::Subscription',
  'AWS::SNS::Topic',
  'AWS::SNS::TopicPolicy',
  'AWS::SQS::Queue',
  'AWS::SQS::QueuePolicy',
  'AWS::SecretsManager::Secret',
]);

describe.each([
  ['cn-north-1', 'cn-northwest-1'],
  ['cn-northwest-1', 'cn-north-1'],
])('synthesized for %s (backups copied to %s)', (region, copyRegion) => {
  const { template } = synthStack({
    env: { account: '123456789012', region },
    context: {
      stage: 'prod',
      identity: 'oidc',
      oidcIssuer: 'https://idp.example.gov.cn/realms/luzhou',
      oidcAudience: 'case-tracker',
      alarmEmail: 'ops@example.gov.cn',
      backup: 'true',
      backupCopyRegion: copyRegion,
    },
  });
  const json = template.toJSON() as { Resources: Resources };

  it('uses only resource types that exist there', () => {
    const types = [...new Set(Object.values(json.Resources).map((resource) => resource.Type))].sort();
    expect(types.filter((type) => !availableInChina.has(type))).toEqual([]);
    // The list is what is checked, not a formality: most of it is in this stack.
    expect(types.length).toBeGreaterThan(20);
  });

  it('writes every ARN in the aws-cn partition, none hard-coded to arn:aws:', () => {
    const text = JSON.stringify(json);
    expect(text).not.toMatch(/arn:aws:/);
    expect(text).toMatch(/arn:aws-cn:/);
  });

  it('copies backups to a vault in the other China region', () => {
    const plan = Object.values(template.findResources('AWS::Backup::BackupPlan'))[0]?.Properties as {
      BackupPlan: { BackupPlanRule: { CopyActions: { DestinationBackupVaultArn: string }[] }[] };
    };
    for (const rule of plan.BackupPlan.BackupPlanRule) {
      expect(rule.CopyActions.map((copy) => copy.DestinationBackupVaultArn)).toEqual([
        `arn:aws-cn:backup:${copyRegion}:123456789012:backup-vault:case-tracker-prod-backups`,
      ]);
    }
  });
});
