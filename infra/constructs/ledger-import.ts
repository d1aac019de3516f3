import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { type EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from '../nag';
import { AppFunction, type FunctionSettings } from './app-function';

export interface LedgerImportProps {
  table: ITable;
  eventBus: EventBus;
  /** the api-ledger function, which starts a large import by putting `ledger-import-requested` on the bus */
  api: AppFunction;
  functionSettings: FunctionSettings;
}

/**
 * The background of POST /imports (more than 200 rows): the api-ledger function stores the checked
 * rows and puts `ledger-import-requested { importId }` on the bus; a rule invokes the ledger-import
 * function asynchronously (Lambda retries a failed run twice, and a retried run resumes from the
 * stored rows); an invocation that still fails ends on a queue the monitoring watches.
 */
export class LedgerImport extends Construct {
  private readonly eventBus: EventBus;
  readonly worker: AppFunction;
  readonly failures: Queue;

  constructor(scope: Construct, id: string, props: LedgerImportProps) {
    super(scope, id);
    this.failures = new Queue(this, 'Failures', { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
    acknowledge(this.failures, 'SQS3', 'This queue is itself the failure destination of the ledger import (invocations that failed after Lambda’s retries); a DLQ of a DLQ would only move them again.');
    this.worker = new AppFunction(this, 'Worker', {
      name: 'ledger-import',
      description: 'Imports a large ledger in the background (POST /imports of more than 200 rows)',
      ...props.functionSettings,
      timeout: Duration.minutes(15),
      memorySize: 1024,
      onFailure: new SqsDestination(this.failures),
    }).bindTable({ table: props.table, access: 'read-write' });
    new Rule(this, 'Requested', {
      description: 'Runs a ledger import the API accepted for the background',
      eventBus: props.eventBus,
      eventPattern: { source: ['case-tracker'], detailType: ['ledger-import-requested'] },
      targets: [new LambdaFunction(this.worker, { retryAttempts: 2, maxEventAge: Duration.hours(1), deadLetterQueue: this.failures })],
    });
    this.eventBus = props.eventBus;
    this.grantStart(props.api);
  }

  /** Lets a function start a background import: it puts `ledger-import-requested` on the bus. */
  grantStart(fn: AppFunction): void {
    fn.addEnvironment('EVENT_BUS_NAME', this.eventBus.eventBusName);
    this.eventBus.grantPutEventsTo(fn);
  }
}
