import { CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from '../nag';
import { AppFunction, type FunctionSettings } from './app-function';

export interface CaseJobsProps {
  eventBusName: string;
  table: Table;
  functionSettings: FunctionSettings;
  sweepConcurrency: number;
  aggregatorConcurrency: number;
}

/**
 * The work nobody asks for over HTTP: the daily sweep (deadline alerts, deemed acceptances, onto
 * the domain event bus) and the statistics aggregator on the table's stream. Each job that can
 * fail unseen parks what failed on a queue the monitoring watches.
 */
export class CaseJobs extends Construct {
  readonly eventBus: EventBus;
  readonly sweep: AppFunction;
  readonly sweepRule: Rule;
  /** sweep invocations that failed after Lambda's retries, and schedule events never delivered */
  readonly sweepFailures: Queue;
  readonly aggregator: AppFunction;
  /** stream records the aggregator could not count after its retries */
  readonly aggregatorDlq: Queue;
  readonly functions: ReadonlyMap<string, AppFunction>;

  constructor(scope: Construct, id: string, props: CaseJobsProps) {
    super(scope, id);
    // Domain events (alerts, case changes) for later consumers; producers get grantPutEventsTo.
    this.eventBus = new EventBus(this, 'EventBus', { eventBusName: props.eventBusName });

    this.sweepFailures = this.failureQueue(
      'SweepFailures',
      'This queue is itself the failure destination of the daily sweep (invocations that failed after Lambda’s retries, schedule events never delivered); a DLQ of a DLQ would only move them again.',
    );
    // The daily sweep at 08:00 China time, i.e. 00:00 UTC (China keeps no daylight saving time).
    // One at a time: a retried run and a manual one must not raise the same alerts side by side.
    this.sweep = new AppFunction(this, 'Sweep', {
      name: 'sweep',
      description: 'Daily sweep: deadline alerts, deemed acceptances',
      ...props.functionSettings,
      timeout: Duration.minutes(5),
      environment: { EVENT_BUS_NAME: this.eventBus.eventBusName },
      reservedConcurrentExecutions: props.sweepConcurrency,
      onFailure: new SqsDestination(this.sweepFailures),
    }).bindTable({ table: props.table, access: 'read-write' });
    this.eventBus.grantPutEventsTo(this.sweep);
    this.sweepRule = new Rule(this, 'DailySweep', {
      description: 'Runs the deadline sweep every day at 08:00 Asia/Shanghai',
      schedule: Schedule.cron({ minute: '0', hour: '0' }),
      targets: [
        new LambdaFunction(this.sweep, { retryAttempts: 2, maxEventAge: Duration.hours(6), deadLetterQueue: this.sweepFailures }),
      ],
    });

    // The statistics aggregator on the table's stream: only case and hearing changes count; a
    // failing record is retried alone (bisect, partial batch failures), then parked on the DLQ so
    // the shard moves on. Reserved concurrency: a burst of API traffic cannot starve it.
    this.aggregatorDlq = this.failureQueue(
      'AggregatorDlq',
      'This queue is itself the dead-letter destination of the aggregator’s stream mapping (records that failed all retries); a DLQ of a DLQ would only move them again.',
    );
    this.aggregator = new AppFunction(this, 'Aggregator', {
      name: 'aggregator',
      description: 'Keeps the statistics counters from the table stream',
      ...props.functionSettings,
      timeout: Duration.seconds(60),
      reservedConcurrentExecutions: props.aggregatorConcurrency,
    }).bindTable({ table: props.table, access: 'read-write' });
    this.aggregator.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(1),
        bisectBatchOnError: true,
        retryAttempts: 5,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.aggregatorDlq),
        filters: [
          FilterCriteria.filter({ dynamodb: { NewImage: { entity: { S: FilterRule.or('case', 'hearing') } } } }),
          // A removed case or hearing (a failed ledger import taking back what it wrote) has no
          // new image: its counts come off through the old one.
          FilterCriteria.filter({ eventName: FilterRule.isEqual('REMOVE'), dynamodb: { OldImage: { entity: { S: FilterRule.or('case', 'hearing') } } } }),
        ],
      }),
    );
    const aggregatorPolicy = this.aggregator.role?.node.tryFindChild('DefaultPolicy');
    if (aggregatorPolicy) {
      acknowledge(
        aggregatorPolicy,
        'IAM5',
        'The stream event source needs dynamodb:ListStreams, which has no resource-level permissions (AWS’s service authorization reference); every other stream action is limited to this table’s stream ARN.',
        'Resource::*',
      );
    }

    this.functions = new Map([
      ['sweep', this.sweep],
      ['aggregator', this.aggregator],
    ]);
    new CfnOutput(Stack.of(this), 'EventBusName', { value: this.eventBus.eventBusName });
  }

  private failureQueue(id: string, whyNoDlq: string): Queue {
    const queue = new Queue(this, id, {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(queue, 'SQS3', whyNoDlq);
    return queue;
  }
}
