import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { addCaseTrackerStack } from '../../infra/case-tracker-app';
import { configFromContext, type Stage } from '../../infra/config';
import { synthStack, testApp, type Resources } from './stack-fixture';

const env = { account: '123456789012', region: 'cn-north-1' };
const oidc = { identity: 'oidc', oidcIssuer: 'https://idp.example.gov.cn', oidcAudience: 'case-tracker', backup: true, alarmEmail: 'ops@example.gov.cn' };

/** The names that must be unique in an account and region, by resource type (a dotted property path). */
const accountScopedNames: Record<string, string> = {
  'AWS::ApiGatewayV2::Api': 'Name',
  'AWS::Backup::BackupPlan': 'BackupPlan.BackupPlanName',
  'AWS::Backup::BackupVault': 'BackupVaultName',
  'AWS::CloudWatch::Alarm': 'AlarmName',
  'AWS::CloudWatch::Dashboard': 'DashboardName',
  'AWS::Cognito::UserPool': 'UserPoolName',
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::Events::EventBus': 'Name',
  'AWS::IAM::Role': 'RoleName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::SecretsManager::Secret': 'Name',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::SQS::Queue': 'QueueName',
};

/** Every account-scoped name a stack gives, as `Type=value` (unnamed resources get generated, unique names). */
function physicalNames(template: Template): string[] {
  const names: string[] = [];
  for (const resource of Object.values(template.toJSON().Resources as Resources)) {
    const path = accountScopedNames[resource.Type];
    if (!path) continue;
    const value = path.split('.').reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], resource.Properties);
    if (value !== undefined) names.push(`${resource.Type}=${JSON.stringify(value)}`);
  }
  return names;
}

describe('two stages side by side in one account and region', () => {
  const app = testApp();
  const stacks = (['dev', 'prod'] as Stage[]).map((stage) => {
    const config = configFromContext(testApp({ context: { ...oidc, stage } }).node);
    return addCaseTrackerStack(app, { config, env });
  });
  const [dev, prod] = stacks.map((stack) => Template.fromStack(stack));

  it('are two stacks named after their stage', () => {
    expect(stacks.map((stack) => stack.stackName)).toEqual(['CaseTracker-dev', 'CaseTracker-prod']);
  });

  it('give no resource the same name', () => {
    const devNames = physicalNames(dev as Template);
    const prodNames = physicalNames(prod as Template);
    // What must be unique in an account and region is named: the bus, the dashboard, the alarms, the vault.
    for (const names of [devNames, prodNames]) {
      expect(names.filter((name) => name.startsWith('AWS::Events::EventBus='))).toHaveLength(1);
      expect(names.filter((name) => name.startsWith('AWS::CloudWatch::Dashboard'))).toHaveLength(1);
      expect(names.filter((name) => name.startsWith('AWS::CloudWatch::Alarm')).length).toBeGreaterThan(20);
      expect(names.filter((name) => name.startsWith('AWS::Backup::BackupVault'))).toHaveLength(1);
    }
    expect(devNames.filter((name) => prodNames.includes(name))).toEqual([]);
  });

  it('name the event bus after the stage', () => {
    dev?.hasResourceProperties('AWS::Events::EventBus', { Name: 'case-tracker-dev-events' });
    prod?.hasResourceProperties('AWS::Events::EventBus', { Name: 'case-tracker-prod-events' });
  });
});

describe('a district in the name', () => {
  it('lets one account hold a stack per district', () => {
    const { stack, template } = synthStack({ context: { stage: 'prod', district: 'luzhou' } });
    expect(stack.stackName).toBe('CaseTracker-luzhou-prod');
    template.hasResourceProperties('AWS::Events::EventBus', { Name: 'case-tracker-luzhou-prod-events' });
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'case-tracker-luzhou-prod' });
  });
});

describe('the dev stage', () => {
  const { template } = synthStack({ context: { stage: 'dev' } });
  const resources = Object.values(template.toJSON().Resources as Resources);

  it('keeps logs two weeks', () => {
    const retentions = new Set(resources.filter((r) => r.Type === 'AWS::Logs::LogGroup').map((r) => r.Properties?.RetentionInDays));
    expect([...retentions]).toEqual([14]);
  });

  it('lets the table, its key, the user pool and the logs go with the stack', () => {
    for (const type of ['AWS::DynamoDB::Table', 'AWS::KMS::Key', 'AWS::Cognito::UserPool', 'AWS::Logs::LogGroup']) {
      for (const resource of resources.filter((r) => r.Type === type)) expect(resource.DeletionPolicy, type).toBe('Delete');
    }
    template.hasResourceProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: false });
  });
});

describe('the prod stage', () => {
  const { template } = synthStack({ context: { stage: 'prod' } });
  const resources = Object.values(template.toJSON().Resources as Resources);

  it('keeps logs at least 180 days (网络安全法第二十一条), and keeps them when the stack goes', () => {
    const logGroups = resources.filter((r) => r.Type === 'AWS::Logs::LogGroup');
    expect(logGroups.length).toBeGreaterThan(8);
    for (const logGroup of logGroups) {
      expect(logGroup.Properties?.RetentionInDays).toBeGreaterThanOrEqual(180);
      expect(logGroup.DeletionPolicy).toBe('Retain');
    }
  });

  it('retains the table, its key and the user pool, and protects the table from deletion', () => {
    const dataKey = resources.find((r) => r.Type === 'AWS::KMS::Key' && String(r.Properties?.Description).includes('table'));
    expect(dataKey?.DeletionPolicy).toBe('Retain');
    for (const type of ['AWS::DynamoDB::Table', 'AWS::Cognito::UserPool']) {
      const found = resources.filter((r) => r.Type === type);
      expect(found, type).toHaveLength(1);
      expect(found[0]?.DeletionPolicy, type).toBe('Retain');
    }
    template.hasResourceProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: true });
  });
});

describe('tags', () => {
  const { template, stack } = synthStack({ context: { stage: 'prod' } });

  it.each(['AWS::DynamoDB::Table', 'AWS::Lambda::Function', 'AWS::SQS::Queue', 'AWS::SNS::Topic'])('mark every %s with project and stage', (type) => {
    const tagged = Object.values(template.findResources(type));
    expect(tagged.length).toBeGreaterThan(0);
    for (const resource of tagged) {
      const tags = (resource.Properties as { Tags: { Key: string; Value: string }[] }).Tags;
      expect(tags).toEqual(expect.arrayContaining([{ Key: 'project', Value: 'case-tracker' }, { Key: 'stage', Value: 'prod' }]));
    }
  });

  it('mark the stack itself', () => {
    expect(stack.tags.tagValues()).toEqual({ project: 'case-tracker', stage: 'prod' });
  });
});
