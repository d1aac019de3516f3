import { CfnOutput, RemovalPolicy, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import type { HttpApi, HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { apiFunctionGroups } from './api-functions';
import { defaultConfig, namePrefix, type StackConfig } from './config';
import { CaseApi } from './constructs/api';
import { CaseConsole } from './constructs/console';
import type { AppFunction, FunctionSettings } from './constructs/app-function';
import { TableBackup } from './constructs/backup';
import { CaseData } from './constructs/data';
import { CaseIdentity } from './constructs/identity';
import { CaseJobs } from './constructs/jobs';
import { LedgerImport } from './constructs/ledger-import';
import { Monitoring } from './constructs/monitoring';
import { Notifications } from './constructs/notifications';

export { roleGroups } from './constructs/identity';

export interface CaseTrackerStackProps extends StackProps {
  config?: Partial<StackConfig>;
}

/** `case-tracker-events`, `case-tracker-luzhou-prod-events`. */
export function eventBusNameFor(config: Pick<StackConfig, 'stage' | 'district'>): string {
  return `${namePrefix(config)}-events`;
}

/**
 * The whole tracker, as its parts: the data (table, keys), who the callers are (identity), the
 * HTTP API with one Lambda per route group, the jobs (daily sweep, statistics aggregator), the
 * alarms and dashboard, and the optional backup plan. No business logic here: routes and table
 * keys come from shared/.
 */
export class CaseTrackerStack extends Stack {
  readonly config: StackConfig;
  readonly data: CaseData;
  readonly identity: CaseIdentity;
  readonly caseApi: CaseApi;
  readonly jobs: CaseJobs;
  readonly monitoring: Monitoring;
  readonly notifications: Notifications;
  readonly console: CaseConsole;
  readonly backup?: TableBackup;
  readonly ledgerImport: LedgerImport;
  readonly functions: ReadonlyMap<string, AppFunction>;

  constructor(scope: Construct, id: string, props: CaseTrackerStackProps = {}) {
    super(scope, id, props);
    const config: StackConfig = { ...defaultConfig, ...props.config };
    this.config = config;
    const prefix = namePrefix(config);
    const keep = config.stage === 'prod';
    Tags.of(this).add('project', 'case-tracker');
    Tags.of(this).add('stage', config.stage);
    if (config.district) Tags.of(this).add('district', config.district);

    const functionSettings: FunctionSettings = {
      logRetention: config.logRetention,
      // 网络安全法第二十一条: production logs outlive the stack for their retention period.
      logRemovalPolicy: keep ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    };

    this.data = new CaseData(this, 'Data', { keep });
    this.identity = new CaseIdentity(this, 'Identity', { config: config.identity, namePrefix: prefix, keep });
    this.jobs = new CaseJobs(this, 'Jobs', {
      eventBusName: eventBusNameFor(config),
      table: this.data.table,
      functionSettings,
      sweepConcurrency: config.sweepConcurrency,
      aggregatorConcurrency: config.aggregatorConcurrency,
    });
    this.caseApi = new CaseApi(this, 'Api', {
      apiName: prefix,
      groups: apiFunctionGroups,
      table: this.data.table,
      cursorSecret: this.data.cursorSecret,
      authorizer: this.identity.authorizer,
      claims: this.identity.claims,
      functionSettings,
      allowedOrigins: config.allowedOrigins,
      throttleRateLimit: config.throttleRateLimit,
      throttleBurstLimit: config.throttleBurstLimit,
    });
    this.monitoring = new Monitoring(this, 'Monitoring', {
      namePrefix: prefix,
      ...(config.alarmEmail ? { alarmEmail: config.alarmEmail } : {}),
      apiLatencyP99Ms: config.apiLatencyP99Ms,
      iteratorAgeMinutes: config.iteratorAgeMinutes,
    });
    this.notifications = new Notifications(this, 'Notifications', {
      table: this.data.table,
      eventBus: this.jobs.eventBus,
      functionSettings,
      // The console is served behind the same HTTP API unless the operator names its own address.
      consoleBaseUrl: config.consoleBaseUrl ?? this.caseApi.api.apiEndpoint,
      ...(config.notifyEmail ? { email: config.notifyEmail } : {}),
      monitoring: this.monitoring,
    });
    const subscriptionApi = this.caseApi.functions.get('api-notifications');
    if (!subscriptionApi) throw new Error('the api-notifications function group is missing');
    this.notifications.grantSubscriptionApi(subscriptionApi);
    // The console (法治工作台) behind the same HTTP API, signing in with the API's own issuer: with
    // Cognito through a client of its own on the pool's sign-in domain.
    const consoleBaseUrl = config.consoleBaseUrl ?? this.caseApi.api.apiEndpoint;
    const consoleClient = this.identity.addConsoleClient(consoleBaseUrl, config.cognitoDomainPrefix ?? `${prefix}-${this.account}`);
    this.console = new CaseConsole(this, 'Console', {
      api: this.caseApi.api,
      table: this.data.table,
      cursorSecret: this.data.cursorSecret,
      claims: this.identity.claims,
      functionSettings,
      oidc:
        config.identity.mode === 'oidc'
          ? { issuer: config.identity.issuer, clientId: config.identity.audience[0] ?? '' }
          : {
              issuer: `https://cognito-idp.${this.region}.${this.urlSuffix}/${this.identity.userPool?.userPoolId ?? ''}`,
              clientId: consoleClient?.userPoolClientId ?? '',
            },
    });
    // POST /imports of more than 200 rows: the api-ledger function hands it over through the bus.
    const ledgerApi = this.caseApi.functions.get('api-ledger');
    if (!ledgerApi) throw new Error('the api-ledger function group is missing');
    this.ledgerImport = new LedgerImport(this, 'LedgerImport', { table: this.data.table, eventBus: this.jobs.eventBus, api: ledgerApi, functionSettings });
    // The console's upload pages (the web-ledger function) start large imports the same way.
    this.ledgerImport.grantStart(this.console.ledgerFn);
    // Its subscriptions page uses the subscription use cases: the sealing key, the console address.
    this.notifications.grantSubscriptionApi(this.console.fn);
    this.functions = new Map([
      ...this.caseApi.functions,
      ...this.jobs.functions,
      ['notifier', this.notifications.notifier],
      ['web', this.console.fn],
      ['web-ledger', this.console.ledgerFn],
      ['ledger-import', this.ledgerImport.worker],
    ]);

    this.monitoring.watchApi(this.caseApi.api);
    this.monitoring.watchTable(this.data.table);
    for (const [name, fn] of this.functions) this.monitoring.watchFunction(name, fn);
    this.monitoring.watchDailyJob('sweep', this.jobs.sweep, this.jobs.sweepFailures);
    this.monitoring.watchStreamConsumer('aggregator', this.jobs.aggregator, this.jobs.aggregatorDlq);
    this.monitoring.finish({ sweep: this.jobs.sweep, aggregator: this.jobs.aggregator, queues: [this.jobs.sweepFailures, this.jobs.aggregatorDlq, this.notifications.dlq, this.ledgerImport.failures] });

    if (config.backup) {
      this.backup = new TableBackup(this, 'Backup', { table: this.data.table, config: config.backup, namePrefix: prefix, keep });
    }

    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
  }

  get table(): Table {
    return this.data.table;
  }

  get api(): HttpApi {
    return this.caseApi.api;
  }

  get stage(): HttpStage {
    return this.caseApi.stage;
  }

  get eventBus(): EventBus {
    return this.jobs.eventBus;
  }

  get sweepRule(): Rule {
    return this.jobs.sweepRule;
  }

  get aggregatorDlq(): Queue {
    return this.jobs.aggregatorDlq;
  }
}
