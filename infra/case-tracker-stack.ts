import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpStage,
  LogGroupLogDestination,
  type IHttpRouteAuthorizer,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StringAttribute,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
  type Attribute,
} from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Key } from 'aws-cdk-lib/aws-kms';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { Method } from '../shared/http/route';
import { tableDefinition, type KeyAttribute } from '../shared/store/table-definition';
import { apiFunctionGroups } from './api-functions';
import { defaultConfig, type StackConfig } from './config';
import { AppFunction } from './constructs/app-function';
import { acknowledge } from './nag';

export interface CaseTrackerStackProps extends StackProps {
  config?: Partial<StackConfig>;
}

/** The roles of API.md; a user's groups become the `cognito:groups` claim. */
export const roleGroups = [
  { name: 'legal-office', description: '司法局 legal office staff: everything' },
  { name: 'agency-head', description: 'Head of an agency (custom:agencyId): its own cases, hearings and statistics' },
  { name: 'stats-reader', description: 'Statistics and meta only, never personal data' },
] as const;

export const eventBusName = 'case-tracker-events';

const httpMethods: Record<Method, HttpMethod> = {
  get: HttpMethod.GET,
  post: HttpMethod.POST,
  put: HttpMethod.PUT,
  patch: HttpMethod.PATCH,
  delete: HttpMethod.DELETE,
};

function keyAttribute(key: KeyAttribute): Attribute {
  return { name: key.name, type: key.type === 'S' ? AttributeType.STRING : AttributeType.NUMBER };
}

/**
 * The whole tracker: one table, the user pool, the HTTP API with one Lambda per route group, the
 * domain event bus. No business logic here; routes and table keys come from shared/.
 */
export class CaseTrackerStack extends Stack {
  readonly table: Table;
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly eventBus: EventBus;
  readonly functions: ReadonlyMap<string, AppFunction>;
  readonly sweepRule: Rule;
  readonly aggregatorDlq: Queue;

  constructor(scope: Construct, id: string, props: CaseTrackerStackProps = {}) {
    super(scope, id, props);
    const config: StackConfig = { ...defaultConfig, ...props.config };

    // ---- data --------------------------------------------------------------------------------
    const dataKey = new Key(this, 'DataKey', {
      description: 'Encrypts the case tracker table (case files hold personal data)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Table, not TableV2: TableV2 cannot render a customer-managed key in an env-agnostic stack.
    this.table = new Table(this, 'Table', {
      partitionKey: keyAttribute(tableDefinition.partitionKey),
      sortKey: keyAttribute(tableDefinition.sortKey),
      timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
      stream: StreamViewType[tableDefinition.streamView],
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: dataKey,
    });
    for (const index of tableDefinition.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: keyAttribute(index.partitionKey),
        sortKey: keyAttribute(index.sortKey),
        projectionType: ProjectionType.ALL,
      });
    }

    // HMAC key that signs paging cursors (shared/http/cursor.ts reads CURSOR_SECRET). CloudFormation
    // resolves it into the functions' environment when it creates or updates them, so the template
    // never holds the value and the functions need no Secrets Manager permission.
    const cursorSecret = new Secret(this, 'CursorSecret', {
      description: 'HMAC-SHA256 key signing paging cursors of the case tracker API',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    acknowledge(
      cursorSecret,
      'SMG4',
      'Signs short-lived paging cursors and guards no credential. It reaches the functions as a CloudFormation dynamic reference, resolved only when CloudFormation updates a function, so an automatic rotation would not reach them anyway (and would invalidate every outstanding cursor when it did). Rotate by putting a new value and deploying a change to the functions.',
    );

    // ---- identity ----------------------------------------------------------------------------
    this.userPool = new UserPool(this, 'UserPool', {
      userPoolName: 'case-tracker-users',
      // Accounts are created by the legal office's administrators, never by self sign-up.
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      autoVerify: { email: true },
      keepOriginal: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        fullname: { required: true, mutable: true },
      },
      // Tokens carry custom:agencyId: an agency head sees only its own agency's data.
      customAttributes: { agencyId: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }) },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.ESSENTIALS,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.userPool,
      'COG2',
      'MFA is OPTIONAL with TOTP as the second factor by decision for the first release: users enrol TOTP themselves. REQUIRED (set mfa to Mfa.REQUIRED and drop this acknowledgement) would put every user through TOTP enrolment (the MFA_SETUP challenge) at the next sign-in, which the sign-in client must support first.',
    );
    acknowledge(
      this.userPool,
      'COG8',
      'The Essentials plan (strong password policy, TOTP MFA, no self sign-up, administrator-created accounts) is chosen for a small internal user base; the Plus plan’s threat protection is billed per active user with no free tier and is an operator decision: set featurePlan to PLUS to adopt it.',
    );

    this.userPoolClient = this.userPool.addClient('WebClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      // No hosted UI: clients sign in with SRP; the default OAuth settings would add example.com callbacks.
      disableOAuth: true,
      preventUserExistenceErrors: true,
      // custom:agencyId decides which agency's data a head may read, so a user must never be able to
      // change it with their own access token (only administrators can). Name neither: it is the
      // actor's name written into every case's audit trail.
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true }),
    });

    for (const group of roleGroups) {
      new CfnUserPoolGroup(this, `Group-${group.name}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: group.name,
        description: group.description,
      });
    }

    // ---- events ------------------------------------------------------------------------------
    // Domain events (alerts, case changes) for later consumers; producers get grantPutEventsTo.
    this.eventBus = new EventBus(this, 'EventBus', { eventBusName });

    // ---- API ---------------------------------------------------------------------------------
    this.api = new HttpApi(this, 'Api', {
      apiName: 'case-tracker',
      description: 'Case tracker for the district legal office (行政复议 / 行政应诉)',
      createDefaultStage: false,
      corsPreflight:
        config.allowedOrigins.length > 0
          ? {
              allowOrigins: config.allowedOrigins,
              allowMethods: [
                CorsHttpMethod.GET,
                CorsHttpMethod.POST,
                CorsHttpMethod.PUT,
                CorsHttpMethod.PATCH,
                CorsHttpMethod.DELETE,
                CorsHttpMethod.OPTIONS,
              ],
              allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-Match'],
              exposeHeaders: ['ETag', 'Location', 'Retry-After'],
              maxAge: Duration.hours(1),
            }
          : undefined,
    });

    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      retention: config.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: config.throttleRateLimit, burstLimit: config.throttleBurstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // HTTP API $context variables; the caller is logged by `sub` only, never by name.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            httpMethod: '$context.httpMethod',
            routeKey: '$context.routeKey',
            path: '$context.path',
            status: '$context.status',
            protocol: '$context.protocol',
            responseLength: '$context.responseLength',
            responseLatency: '$context.responseLatency',
            integrationLatency: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            sub: '$context.authorizer.claims.sub',
            userAgent: '$context.identity.userAgent',
          }),
        ),
      },
    });

    // ID tokens: they carry cognito:groups, name and custom:agencyId; the audience is the client id.
    const jwtAuthorizer = new HttpUserPoolAuthorizer('CognitoAuthorizer', this.userPool, {
      userPoolClients: [this.userPoolClient],
      identitySource: ['$request.header.Authorization'],
    });
    const noAuthorizer = new HttpNoneAuthorizer();

    const functions = new Map<string, AppFunction>();
    for (const group of apiFunctionGroups) {
      const fn = new AppFunction(this, pascal(group.name), {
        name: group.name,
        description: group.description,
        logRetention: config.logRetention,
        environment: { CURSOR_SECRET: cursorSecret.secretValue.unsafeUnwrap() },
      }).bindTable({ table: this.table, access: group.access });
      functions.set(group.name, fn);

      const integration = new HttpLambdaIntegration(`${pascal(group.name)}Integration`, fn);
      for (const contract of group.contracts) {
        const isPublic = contract.access === 'public';
        const authorizer: IHttpRouteAuthorizer = isPublic ? noAuthorizer : jwtAuthorizer;
        const [route] = this.api.addRoutes({
          path: contract.path,
          methods: [httpMethods[contract.method]],
          integration,
          authorizer,
        });
        if (isPublic && route) {
          acknowledge(
            route,
            'APIG4',
            `${contract.method.toUpperCase()} ${contract.path} is public by its contract (access: 'public' in shared/http/contracts, reviewed there): ${contract.summary}.`,
          );
        }
      }
    }

    // ---- jobs --------------------------------------------------------------------------------
    // The daily sweep at 08:00 China time, i.e. 00:00 UTC (China keeps no daylight saving time).
    const sweep = new AppFunction(this, 'Sweep', {
      name: 'sweep',
      description: 'Daily sweep: deadline alerts, deemed acceptances',
      logRetention: config.logRetention,
      timeout: Duration.minutes(5),
      environment: { EVENT_BUS_NAME: this.eventBus.eventBusName },
    }).bindTable({ table: this.table, access: 'read-write' });
    this.eventBus.grantPutEventsTo(sweep);
    this.sweepRule = new Rule(this, 'DailySweep', {
      description: 'Runs the deadline sweep every day at 08:00 Asia/Shanghai',
      schedule: Schedule.cron({ minute: '0', hour: '0' }),
      targets: [new LambdaFunction(sweep, { retryAttempts: 2, maxEventAge: Duration.hours(6) })],
    });
    functions.set('sweep', sweep);

    // The statistics aggregator on the table's stream: only case and hearing changes count; a
    // failing record is retried alone (bisect, partial batch failures), then parked on the DLQ so
    // the shard moves on.
    this.aggregatorDlq = new Queue(this, 'AggregatorDlq', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      this.aggregatorDlq,
      'SQS3',
      'This queue is itself the dead-letter destination of the aggregator’s stream mapping (records that failed all retries); a DLQ of a DLQ would only move them again.',
    );
    const aggregator = new AppFunction(this, 'Aggregator', {
      name: 'aggregator',
      description: 'Keeps the statistics counters from the table stream',
      logRetention: config.logRetention,
      timeout: Duration.seconds(60),
    }).bindTable({ table: this.table, access: 'read-write' });
    aggregator.addEventSource(
      new DynamoEventSource(this.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(1),
        bisectBatchOnError: true,
        retryAttempts: 5,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.aggregatorDlq),
        filters: [FilterCriteria.filter({ dynamodb: { NewImage: { entity: { S: FilterRule.or('case', 'hearing') } } } })],
      }),
    );
    const aggregatorPolicy = aggregator.role?.node.tryFindChild('DefaultPolicy');
    if (aggregatorPolicy) {
      acknowledge(
        aggregatorPolicy,
        'IAM5',
        'The stream event source needs dynamodb:ListStreams, which has no resource-level permissions (AWS’s service authorization reference); every other stream action is limited to this table’s stream ARN.',
        'Resource::*',
      );
    }
    functions.set('aggregator', aggregator);
    this.functions = functions;

    new CfnOutput(this, 'ApiUrl', { value: this.stage.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'EventBusName', { value: this.eventBus.eventBusName });
  }
}

/** `api-agencies` → `ApiAgencies`, for construct ids. */
function pascal(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
