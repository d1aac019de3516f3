import { CfnElement, Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData, type IAlarmAction } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, type IEventBus } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { type IQueue, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { detailTypes } from '../../shared/domain/notifications';
import { acknowledge, getAttToken } from '../nag';
import { AppFunction, READ_ACTIONS, type FunctionSettings } from './app-function';

export interface NotificationsProps {
  /** the tracker's table (subscriptions, deliveries, alerts, agencies) */
  table: ITable;
  /** the bus the sweep puts alerts, deemed acceptances, monthly reports and the digest request on */
  eventBus: IEventBus;
  functionSettings?: FunctionSettings;
  /** the console's address for the links in messages, e.g. https://fazhi.example.gov.cn */
  consoleBaseUrl: string;
  /** email through SES: the verified identity and the sender address; without it email deliveries fail with that reason */
  email?: { identityArn: string; from: string };
  /**
   * Receives of a message before its failing deliveries are recorded failed and it goes to the DLQ
   * (the queue's maxReceiveCount). Each failed try and each minute a delivery waits for its robot's
   * budget takes one. @default 8
   */
  maxAttempts?: number;
  /** at most this many notifier instances at once (the robots allow 20 messages a minute) @default 2 */
  maxConcurrency?: number;
  /** where the DLQ alarm goes (e.g. the monitoring topic's SnsAction) */
  alarmActions?: IAlarmAction[];
  /**
   * The stack's monitoring, which then owns the DLQ alarm (named after the stage, on the
   * dashboard, firing and clearing to its topic); without it the construct makes its own alarm.
   */
  monitoring?: { watchFailureQueue(id: string, what: string, queue: IQueue, description: string): void };
}

/** The notifier's per-invocation limit; the queue's visibility timeout is six times it (AWS's advice for Lambda on SQS). */
const NOTIFIER_TIMEOUT = Duration.seconds(30);

/**
 * Eight receives. The notifier sets a retried message's visibility to the backoff of
 * shared/notify/backoff.ts — 30 s, 2 min, 8 min, 32 min, then 2 h (± 20 % jitter) — so a target
 * failing every time is tried 8 times over about 6 h 45 min (30 s + 2 + 8 + 32 min + 3 × 2 h)
 * before the message reaches the DLQ: within the working day of the 08:00 sweep, and long enough
 * for a robot down for a morning. A minute's wait for a robot's budget (pacing) also takes a
 * receive; the schedule does not advance for it, and the spare receives absorb a burst of up to
 * about 60 alerts to one robot. If ChangeMessageVisibility fails, the queue's visibility timeout
 * (180 s) is the pause.
 */
const DEFAULT_MAX_RECEIVES = 8;

/**
 * Alerts that reach people: EventBridge rule on the bus → SQS queue (retries by redelivery, a DLQ
 * after `maxAttempts`) → the notifier Lambda with partial batch failures → 企业微信, 钉钉, signed
 * webhooks, SES. Subscription secrets are sealed with a key derived from the NotificationKey
 * secret, which only the notifier and the subscriptions API may read (`grantSubscriptionApi`).
 */
export class Notifications extends Construct {
  readonly rule: Rule;
  readonly queue: Queue;
  readonly dlq: Queue;
  readonly notifier: AppFunction;
  /** the DLQ alarm, when the construct makes its own (no `monitoring` given) */
  readonly dlqAlarm?: Alarm;
  /** key material for sealing subscription secrets (AES-256-GCM, HKDF of this value) */
  readonly key: Secret;
  private readonly props: NotificationsProps;

  constructor(scope: Construct, id: string, props: NotificationsProps) {
    super(scope, id);
    this.props = props;
    const maxAttempts = props.maxAttempts ?? DEFAULT_MAX_RECEIVES;

    this.key = new Secret(this, 'NotificationKey', {
      description: 'Key material sealing the secrets of notification subscriptions (robot tokens, 钉钉 加签 secrets, webhook signing secrets)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    acknowledge(
      this.key,
      'SMG4',
      'Key material for data already sealed in the table: an automatic rotation would make every stored subscription secret unreadable. Rotate deliberately: sealed values carry their key version (v1.), so a v2 key is added and the subscriptions re-sealed.',
    );

    this.dlq = new Queue(this, 'Dlq', { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
    acknowledge(this.dlq, 'SQS3', 'This queue is itself the dead-letter queue of the notifications queue (messages whose deliveries failed every try); a redrive sends them back.');
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(4),
      // The pause when the notifier could not set a message's own visibility (the backoff).
      visibilityTimeout: Duration.seconds(NOTIFIER_TIMEOUT.toSeconds() * 6),
      deadLetterQueue: { queue: this.dlq, maxReceiveCount: maxAttempts },
    });

    this.rule = new Rule(this, 'AlertsRule', {
      description: 'Alerts, deemed acceptances, monthly reports and the daily digest request, to the notifier queue',
      eventBus: props.eventBus,
      eventPattern: { source: ['case-tracker'], detailType: Object.values(detailTypes) },
      targets: [new SqsQueue(this.queue, { deadLetterQueue: this.dlq, retryAttempts: 10, maxEventAge: Duration.hours(6) })],
    });

    this.notifier = new AppFunction(this, 'Notifier', {
      name: 'notifier',
      description: 'Delivers alerts to 企业微信, 钉钉, signed webhooks and email, each to each subscription once',
      ...props.functionSettings,
      timeout: NOTIFIER_TIMEOUT,
      environment: { NOTIFY_MAX_ATTEMPTS: String(maxAttempts), NOTIFY_QUEUE_URL: this.queue.queueUrl },
    });
    this.notifier.addEventSource(
      new SqsEventSource(this.queue, { batchSize: 5, reportBatchItemFailures: true, maxConcurrency: props.maxConcurrency ?? 2 }),
    );
    // The backoff: a retried message's visibility is set to its delay. Granted here by name, not
    // left to the event source's consume grant (which happens to include it today).
    this.queue.grant(this.notifier, 'sqs:ChangeMessageVisibility');
    this.grantTable(this.notifier);
    this.grantSubscriptionSecrets(this.notifier);

    const dlqDescription =
      'Notifications failed every try (the deliveries are in GET /deliveries?status=failed with the reason). Fix the target or the subscription, then redrive the DLQ: delivered ones are skipped.';
    if (props.monitoring) {
      props.monitoring.watchFailureQueue('NotificationsDlqNotEmpty', 'notifier DLQ not empty', this.dlq, dlqDescription);
    } else {
      const alarm = new Alarm(this, 'DlqAlarm', {
        alarmDescription: dlqDescription,
        metric: this.dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      for (const action of props.alarmActions ?? []) alarm.addAlarmAction(action);
      this.dlqAlarm = alarm;
    }
  }

  /**
   * What the function serving the subscription routes needs beyond its table access: the sealing
   * key, the console address and, for test emails, SES.
   */
  grantSubscriptionApi(fn: AppFunction): void {
    this.grantSubscriptionSecrets(fn);
  }

  private grantSubscriptionSecrets(fn: AppFunction): void {
    this.key.grantRead(fn);
    fn.addEnvironment('NOTIFY_KEY_SECRET_ARN', this.key.secretArn);
    fn.addEnvironment('CONSOLE_BASE_URL', this.props.consoleBaseUrl);
    const { email } = this.props;
    if (email) {
      fn.addEnvironment('NOTIFY_EMAIL_FROM', email.from);
      fn.addToRolePolicy(
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: ['ses:SendEmail'],
          resources: [email.identityArn],
          conditions: { StringEquals: { 'ses:FromAddress': email.from } },
        }),
      );
    }
  }

  /**
   * Reads anywhere (subscriptions, alerts, agency names; queries on the indexes); writes only to
   * its own items: subscriptions (their state), deliveries and the per-robot pacing counters, by
   * partition key. No Scan, no delete.
   */
  private grantTable(fn: AppFunction): void {
    const { table } = this.props;
    table.grant(fn, ...READ_ACTIONS.filter((action) => action !== 'dynamodb:ConditionCheckItem'));
    fn.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['SUBSCRIPTION#*', 'DELIVERY#*', 'PACE#*'] } },
      }),
    );
    table.encryptionKey?.grantEncryptDecrypt(fn);
    fn.addEnvironment('TABLE_NAME', table.tableName);
    const policy = fn.role?.node.tryFindChild('DefaultPolicy');
    const tableResource = table.node.defaultChild;
    if (policy && CfnElement.isCfnElement(tableResource)) {
      acknowledge(policy, 'IAM5', 'Queries on the table’s global secondary indexes need the index ARNs; the grant covers the indexes of this one table only.', `Resource::${getAttToken(tableResource, 'Arn')}/index/*`);
      if (table.encryptionKey) {
        for (const action of ['kms:ReEncrypt*', 'kms:GenerateDataKey*']) {
          acknowledge(policy, 'IAM5', `${action} is part of CDK’s grant for writing to a table encrypted with a customer-managed key; the statement’s resource is that one key’s ARN.`, `Action::${action}`);
        }
      }
    }
  }
}
