import { CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  TextWidget,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Operation, type Table } from 'aws-cdk-lib/aws-dynamodb';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface MonitoringProps {
  namePrefix: string;
  alarmEmail?: string;
  apiLatencyP99Ms: number;
  iteratorAgeMinutes: number;
}

const fiveMinutes = Duration.minutes(5);

/** The table operations the functions use (CloudWatch math alarms take at most ten metrics). */
const tableOperations = [
  Operation.GET_ITEM,
  Operation.QUERY,
  Operation.PUT_ITEM,
  Operation.UPDATE_ITEM,
  Operation.DELETE_ITEM,
  Operation.BATCH_WRITE_ITEM,
  Operation.TRANSACT_WRITE_ITEMS,
];

/**
 * Alarms to one SNS topic (mailed to `alarmEmail`), and one dashboard with a row per part of the
 * tracker. `watchFunction` is the one call a new function needs: its errors and throttles alarm
 * and it gets its line on the dashboard.
 */
export class Monitoring extends Construct {
  readonly topic: Topic;
  readonly dashboard: Dashboard;
  private readonly prefix: string;
  private readonly alarmList: Alarm[] = [];
  private readonly functionList: { name: string; fn: IFunction }[] = [];
  private readonly props: MonitoringProps;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.props = props;
    this.prefix = props.namePrefix;
    // CloudWatch publishes to an encrypted topic only through a customer-managed key it may use.
    const key = new Key(this, 'TopicKey', {
      description: `Encrypts the alarm topic of ${props.namePrefix}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new Topic(this, 'AlarmTopic', {
      displayName: `${props.namePrefix} alarms`,
      masterKey: key,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: props.namePrefix });
    new CfnOutput(Stack.of(this), 'AlarmTopicArn', { value: this.topic.topicArn, description: 'Subscribe here to receive the alarms' });
  }

  get alarms(): readonly Alarm[] {
    return this.alarmList;
  }

  /** An alarm named `<prefix> <what>` that notifies the topic when it fires and when it clears. */
  alarm(id: string, what: string, props: { metric: IMetric; threshold: number; description: string; comparison?: ComparisonOperator; evaluationPeriods?: number; missing?: TreatMissingData }): Alarm {
    const alarm = new Alarm(this, id, {
      alarmName: `${this.prefix} ${what}`,
      alarmDescription: props.description,
      metric: props.metric,
      threshold: props.threshold,
      comparisonOperator: props.comparison ?? ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: props.evaluationPeriods ?? 1,
      treatMissingData: props.missing ?? TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    alarm.addOkAction(new SnsAction(this.topic));
    this.alarmList.push(alarm);
    return alarm;
  }

  /** Errors and throttles of one function; `name` is its folder under functions/. */
  watchFunction(name: string, fn: IFunction): void {
    const id = name.replace(/(^|-)(\w)/g, (_m, _dash: string, ch: string) => ch.toUpperCase());
    this.alarm(`${id}Errors`, `${name} errors`, {
      metric: fn.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
      threshold: 1,
      description: `${name} failed at least once in five minutes: read its log group for the error.`,
    });
    this.alarm(`${id}Throttles`, `${name} throttles`, {
      metric: fn.metricThrottles({ period: fiveMinutes, statistic: 'Sum' }),
      threshold: 1,
      description: `${name} was throttled: the account's or its reserved concurrency is exhausted.`,
    });
    this.functionList.push({ name, fn });
  }

  /** Anything waiting on a queue of failures is something that did not happen. */
  watchFailureQueue(id: string, what: string, queue: IQueue, description: string): void {
    this.alarm(id, what, {
      metric: queue.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes, statistic: 'Maximum' }),
      threshold: 1,
      description,
    });
  }

  /** The daily job must have run in the last day; its failures are on `failures`. */
  watchDailyJob(name: string, fn: IFunction, failures: IQueue): void {
    this.alarm('SweepNotRun', `${name} did not run`, {
      metric: fn.metricInvocations({ period: Duration.days(1), statistic: 'Sum' }),
      threshold: 1,
      comparison: ComparisonOperator.LESS_THAN_THRESHOLD,
      // No data is no invocation: the schedule did not fire or the function could not be invoked.
      missing: TreatMissingData.BREACHING,
      description: `${name} has not been invoked for a day: deadline alerts were not raised. Check the EventBridge rule and run it by hand (aws lambda invoke).`,
    });
    this.watchFailureQueue('SweepFailed', `${name} failed`, failures, `${name} failed after its retries (or its schedule event was not delivered): the message on the queue holds the error. Fix, then run it by hand.`);
  }

  /** The stream consumer must keep up with the table's changes. */
  watchStreamConsumer(name: string, fn: IFunction, dlq: IQueue): void {
    this.alarm('IteratorAge', `${name} stream iterator age`, {
      metric: fn.metric('IteratorAge', { period: fiveMinutes, statistic: 'Maximum' }),
      threshold: this.props.iteratorAgeMinutes * 60_000,
      description: `${name} is more than ${this.props.iteratorAgeMinutes} minutes behind the table's stream: statistics lag (records older than 24 hours are lost).`,
    });
    this.watchFailureQueue('AggregatorDlqNotEmpty', `${name} DLQ not empty`, dlq, `Stream records ${name} could not count are on its DLQ: statistics are short until they are replayed (npm run stats:verify -- --aws shows the difference).`);
  }

  watchApi(api: HttpApi): void {
    this.alarm('Api5xx', 'API 5xx', {
      metric: api.metricServerError({ period: fiveMinutes, statistic: 'Sum' }),
      threshold: 1,
      description: 'The API answered 5xx: a function failed, timed out or the table was unreachable.',
    });
    this.alarm('ApiLatencyP99', 'API p99 latency', {
      metric: api.metricLatency({ period: fiveMinutes, statistic: 'p99' }),
      threshold: this.props.apiLatencyP99Ms,
      evaluationPeriods: 3,
      description: `The API's p99 latency stayed above ${this.props.apiLatencyP99Ms} ms for 15 minutes.`,
    });
    this.dashboard.addWidgets(
      new TextWidget({ markdown: '## API', width: 24, height: 1 }),
      new GraphWidget({ title: 'Requests', left: [api.metricCount({ period: fiveMinutes })], width: 8 }),
      new GraphWidget({ title: '4xx and 5xx', left: [api.metricClientError({ period: fiveMinutes }), api.metricServerError({ period: fiveMinutes })], width: 8 }),
      new GraphWidget({
        title: 'Latency (ms)',
        left: [api.metricLatency({ period: fiveMinutes, statistic: 'p50' }), api.metricLatency({ period: fiveMinutes, statistic: 'p99' })],
        width: 8,
      }),
    );
  }

  watchTable(table: Table): void {
    const throttles = table.metricThrottledRequestsForOperations({ operations: tableOperations, period: fiveMinutes });
    const systemErrors = table.metricSystemErrorsForOperations({ operations: tableOperations, period: fiveMinutes });
    this.alarm('TableThrottles', 'table throttles', {
      metric: throttles,
      threshold: 1,
      description: 'DynamoDB throttled requests to the table (on demand: a sudden burst above twice the previous peak).',
    });
    this.alarm('TableSystemErrors', 'table system errors', {
      metric: systemErrors,
      threshold: 1,
      description: 'DynamoDB answered with internal errors (5xx); the SDK retries them, persistent ones are an AWS-side event.',
    });
    this.dashboard.addWidgets(
      new TextWidget({ markdown: '## Table', width: 24, height: 1 }),
      new GraphWidget({
        title: 'Consumed capacity',
        left: [table.metricConsumedReadCapacityUnits({ period: fiveMinutes }), table.metricConsumedWriteCapacityUnits({ period: fiveMinutes })],
        width: 8,
      }),
      // One math expression a graph: both name their metrics after the operations.
      new GraphWidget({ title: 'Throttled requests', left: [throttles], width: 8 }),
      new GraphWidget({ title: 'System errors', left: [systemErrors], width: 8 }),
    );
  }

  /** The functions' row and the jobs' row of the dashboard, and every alarm's state; call last. */
  finish(jobs: { sweep: IFunction; aggregator: IFunction; queues: IQueue[] }): void {
    const per = (metric: (fn: IFunction) => IMetric) => this.functionList.map(({ fn }) => metric(fn));
    this.dashboard.addWidgets(
      new TextWidget({ markdown: '## Functions', width: 24, height: 1 }),
      new GraphWidget({ title: 'Invocations', left: per((fn) => fn.metricInvocations({ period: fiveMinutes, label: this.labelOf(fn) })), width: 6 }),
      new GraphWidget({ title: 'Errors', left: per((fn) => fn.metricErrors({ period: fiveMinutes, label: this.labelOf(fn) })), width: 6 }),
      new GraphWidget({ title: 'Throttles', left: per((fn) => fn.metricThrottles({ period: fiveMinutes, label: this.labelOf(fn) })), width: 6 }),
      new GraphWidget({
        title: 'Duration p99 (ms)',
        left: per((fn) => fn.metricDuration({ period: fiveMinutes, statistic: 'p99', label: this.labelOf(fn) })),
        width: 6,
      }),
      new TextWidget({ markdown: '## Jobs', width: 24, height: 1 }),
      new GraphWidget({
        title: 'Daily sweep',
        left: [jobs.sweep.metricInvocations({ period: Duration.hours(1) }), jobs.sweep.metricErrors({ period: Duration.hours(1) })],
        width: 8,
      }),
      new GraphWidget({ title: 'Aggregator iterator age (ms)', left: [jobs.aggregator.metric('IteratorAge', { period: fiveMinutes, statistic: 'Maximum' })], width: 8 }),
      new GraphWidget({
        title: 'Failure queues',
        left: jobs.queues.map((queue) => queue.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes, statistic: 'Maximum' })),
        width: 8,
      }),
      new AlarmStatusWidget({ title: 'Alarms', alarms: this.alarmList, width: 24 }),
    );
  }

  private labelOf(fn: IFunction): string {
    return this.functionList.find((entry) => entry.fn === fn)?.name ?? fn.node.id;
  }
}
