import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AttributeType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { Key } from 'aws-cdk-lib/aws-kms';
import { describe, expect, it } from 'vitest';
import { Notifications } from '../../infra/constructs/notifications';
import { referencedId, type Resources } from './stack-fixture';

/** The construct in a small stack of its own (bundling skipped, as in the stack's tests). */
function synth(email?: { identityArn: string; from: string }) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'NotificationsTest');
  const table = new Table(stack, 'Table', {
    partitionKey: { name: 'pk', type: AttributeType.STRING },
    sortKey: { name: 'sk', type: AttributeType.STRING },
    encryption: TableEncryption.CUSTOMER_MANAGED,
    encryptionKey: new Key(stack, 'DataKey'),
  });
  const eventBus = new EventBus(stack, 'Bus', { eventBusName: 'case-tracker-events' });
  const notifications = new Notifications(stack, 'Notifications', {
    table,
    eventBus,
    consoleBaseUrl: 'https://fazhi.example.gov.cn',
    maxAttempts: 5,
    ...(email ? { email } : {}),
  });
  const template = Template.fromStack(stack);
  return { stack, template, notifications, resources: template.toJSON().Resources as Resources };
}

const idOf = (stack: Stack, construct: { node: { defaultChild?: unknown } }) => stack.resolve((construct.node.defaultChild as { logicalId: string }).logicalId) as string;

type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown; Effect: string };

function statementsOf(resources: Resources, roleId: string): Statement[] {
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && ((r.Properties?.Roles as unknown[]) ?? []).some((role) => referencedId(role) === roleId))
    .flatMap((r) => (r.Properties?.PolicyDocument as { Statement: Statement[] }).Statement);
}
const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

describe('notifications construct', () => {
  const { stack, template, notifications, resources } = synth();
  const queueId = idOf(stack, notifications.queue);
  const dlqId = idOf(stack, notifications.dlq);
  const functionId = idOf(stack, notifications.notifier);
  const roleId = referencedId((resources[functionId]?.Properties as { Role: unknown }).Role) ?? '';

  it('routes the sweep’s alerts, deemed acceptances, monthly reports and digest requests from the bus to the queue', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { Ref: Match.anyValue() },
      EventPattern: { source: ['case-tracker'], 'detail-type': ['alert', 'deemed-acceptance', 'statistics-monthly', 'notification-digest'] },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [queueId, 'Arn'] }, DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlqId, 'Arn'] } } })],
    });
  });

  it('gives up on a message after five receives, onto an encrypted DLQ, with a visibility timeout six times the function’s', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: 5 },
      VisibilityTimeout: 180,
      SqsManagedSseEnabled: true,
    });
    expect((resources[functionId]?.Properties as { Timeout: number }).Timeout).toBe(30);
    expect(resources[dlqId]?.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86_400 });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ NOTIFY_MAX_ATTEMPTS: '5', CONSOLE_BASE_URL: 'https://fazhi.example.gov.cn', SERVICE_NAME: 'notifier' }) },
    });
  });

  it('runs the notifier on the queue with partial batch failures and bounded concurrency', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      FunctionName: { Ref: functionId },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 5,
      ScalingConfig: { MaximumConcurrency: 2 },
    });
  });

  it('alarms as soon as one message is on the DLQ', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('gives the notifier a least-privilege role: reads, writes only subscription, delivery and pacing items, never Scan or delete', () => {
    const statements = statementsOf(resources, roleId);
    const all = statements.flatMap(actions);
    expect(all).not.toContain('dynamodb:Scan');
    expect(all).not.toContain('dynamodb:DeleteItem');
    expect(all).not.toContain('dynamodb:BatchWriteItem');
    expect(all.some((a) => a === '*' || a.endsWith(':*'))).toBe(false);
    const writes = statements.filter((s) => actions(s).includes('dynamodb:PutItem') || actions(s).includes('dynamodb:UpdateItem'));
    expect(writes).toHaveLength(1);
    expect(writes[0]?.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['SUBSCRIPTION#*', 'DELIVERY#*', 'PACE#*'] } });
    // The sealing key's secret, that one only; no SES without an email sender.
    const secretReads = statements.filter((s) => actions(s).includes('secretsmanager:GetSecretValue'));
    expect(secretReads).toHaveLength(1);
    expect(secretReads[0]?.Resource).toEqual({ Ref: idOf(stack, notifications.key) });
    expect(all.some((a) => a.startsWith('ses:'))).toBe(false);
    // The queue's own actions come from the event source, on that queue only.
    const sqs = statements.filter((s) => actions(s).some((a) => a.startsWith('sqs:')));
    expect(sqs.every((s) => JSON.stringify(s.Resource) === JSON.stringify({ 'Fn::GetAtt': [queueId, 'Arn'] }))).toBe(true);
    // Consuming and the backoff only: never sending, purging or touching the DLQ.
    expect(new Set(sqs.flatMap(actions))).toEqual(new Set(['sqs:ReceiveMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueUrl', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes']));
  });

  it('may set the visibility of its queue’s messages (the backoff), granted by name on that queue, and knows the queue’s URL', () => {
    const statements = statementsOf(resources, roleId);
    const backoff = statements.filter((s) => actions(s).includes('sqs:ChangeMessageVisibility') && actions(s).length === 1);
    expect(backoff).toEqual([{ Effect: 'Allow', Action: 'sqs:ChangeMessageVisibility', Resource: { 'Fn::GetAtt': [queueId, 'Arn'] } }]);
    expect((resources[functionId]?.Properties as { Environment: { Variables: Record<string, unknown> } }).Environment.Variables.NOTIFY_QUEUE_URL).toEqual({ Ref: queueId });
  });

  it('gives up after eight receives by default: the backoff then spans about 6¾ hours', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new Stack(app, 'DefaultReceives');
    const table = new Table(stack, 'Table', { partitionKey: { name: 'pk', type: AttributeType.STRING } });
    new Notifications(stack, 'Notifications', { table, eventBus: new EventBus(stack, 'Bus'), consoleBaseUrl: 'https://fazhi.example.gov.cn' });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SQS::Queue', { RedrivePolicy: Match.objectLike({ maxReceiveCount: 8 }) });
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ NOTIFY_MAX_ATTEMPTS: '8' }) } });
  });

  it('may send email through SES only from the configured identity and sender', () => {
    const withEmail = synth({ identityArn: 'arn:aws-cn:ses:cn-northwest-1:123456789012:identity/fazhi.example.gov.cn', from: 'tixing@fazhi.example.gov.cn' });
    const fn = idOf(withEmail.stack, withEmail.notifications.notifier);
    const role = referencedId((withEmail.resources[fn]?.Properties as { Role: unknown }).Role) ?? '';
    const ses = statementsOf(withEmail.resources, role).filter((s) => actions(s).some((a) => a.startsWith('ses:')));
    expect(ses).toEqual([
      {
        Effect: 'Allow',
        Action: 'ses:SendEmail',
        Resource: 'arn:aws-cn:ses:cn-northwest-1:123456789012:identity/fazhi.example.gov.cn',
        Condition: { StringEquals: { 'ses:FromAddress': 'tixing@fazhi.example.gov.cn' } },
      },
    ]);
  });
});
