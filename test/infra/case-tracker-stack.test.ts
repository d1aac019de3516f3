import { App } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { allFunctionNames, apiFunctionGroups } from '../../infra/api-functions';
import { eventBusNameFor, roleGroups } from '../../infra/case-tracker-stack';
import { configFromContext } from '../../infra/config';
import { consoleLedgerRoutes, consoleRoutes } from '../../infra/constructs/console';
import { isConsolePath } from '../../shared/web/console-app';
import { allContracts } from '../../shared/http/contracts';
import { takesCursor } from '../../shared/http/cursor-secret';
import { tableDefinition } from '../../shared/store/table-definition';
import { referencedId, synthStack, type Resources } from './stack-fixture';

// Production, with Cognito: the stage and identity whose every safeguard is on (dev and OIDC: stages.test.ts, identity.test.ts).
const { template } = synthStack({ context: { stage: 'prod' } });
// One more synth with every optional context key set, shared by the tests of those keys.
const tuned = synthStack({
  context: {
    stage: 'prod',
    throttleRateLimit: '20',
    throttleBurstLimit: 40,
    allowedOrigins: 'https://cases.example.gov.cn, https://admin.example.gov.cn',
  },
}).template;
const resources = template.toJSON().Resources as Resources;

function ofType(type: string): [string, Resources[string]][] {
  return Object.entries(resources).filter(([, resource]) => resource.Type === type);
}

interface RouteProps {
  RouteKey: string;
  AuthorizationType: string;
  AuthorizerId?: unknown;
  Target: { 'Fn::Join': [string, unknown[]] };
}

const routes = new Map(
  ofType('AWS::ApiGatewayV2::Route').map(([, route]) => {
    const props = route.Properties as unknown as RouteProps;
    return [props.RouteKey, props] as const;
  }),
);

interface FunctionProps {
  Runtime: string;
  Architectures: string[];
  MemorySize: number;
  Timeout: number;
  Role: unknown;
  LoggingConfig?: { LogGroup?: unknown };
  Environment: { Variables: Record<string, unknown> };
}

const functions = new Map(
  ofType('AWS::Lambda::Function').map(([id, fn]) => {
    const props = fn.Properties as unknown as FunctionProps;
    return [props.Environment.Variables.SERVICE_NAME as string, { id, props }] as const;
  }),
);

function fn(name: string) {
  const found = functions.get(name);
  if (!found) throw new Error(`no function ${name}`);
  return found;
}

/** Every IAM action the policies attached to a function's execution role grant. */
function actionsOf(name: string): string[] {
  const roleId = referencedId(fn(name).props.Role);
  return ofType('AWS::IAM::Policy')
    .filter(([, policy]) => (policy.Properties?.Roles as unknown[]).some((role) => referencedId(role) === roleId))
    .flatMap(([, policy]) => (policy.Properties?.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement)
    .flatMap((statement) => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]));
}

function statementsOf(name: string): { Action: string | string[]; Resource?: unknown }[] {
  const roleId = referencedId(fn(name).props.Role);
  return ofType('AWS::IAM::Policy')
    .filter(([, policy]) => (policy.Properties?.Roles as unknown[]).some((role) => referencedId(role) === roleId))
    .flatMap(([, policy]) => (policy.Properties?.PolicyDocument as { Statement: { Action: string | string[]; Resource?: unknown }[] }).Statement);
}

/** The function a route's integration invokes. */
function functionBehind(routeKey: string): string | undefined {
  const target = routes.get(routeKey)?.Target['Fn::Join'][1];
  const integrationId = referencedId(target?.[1]);
  const integration = integrationId ? resources[integrationId] : undefined;
  const uri = integration?.Properties?.IntegrationUri;
  const fnId = referencedId(uri);
  return [...functions.entries()].find(([, f]) => f.id === fnId)?.[0];
}

// The token-protected iCalendar feed is public to API Gateway: calendar apps cannot send a bearer token.
const publicRoutes = ['GET /health', 'GET /openapi.json', 'GET /docs', 'GET /docs/{file}', 'GET /hearings.ics'];
const contractRouteKeys = apiFunctionGroups.flatMap((group) =>
  group.contracts.map((contract) => `${contract.method.toUpperCase()} ${contract.path}`),
);
// The console's pages (served by the web function, which checks its own session cookie).
const consoleRouteKeys = consoleRoutes.flatMap((route) => route.methods.map((method) => `${method} ${route.path}`));
// The console's ledger upload pages (the web-ledger function: exceljs stays out of web).
const consoleLedgerRouteKeys = consoleLedgerRoutes.flatMap((route) => route.methods.map((method) => `${method} ${route.path}`));

describe('the table', () => {
  const tables = template.findResources('AWS::DynamoDB::Table');
  const [tableId, table] = Object.entries(tables)[0] ?? [];

  it('is the only table', () => {
    expect(Object.keys(tables)).toHaveLength(1);
    expect(tableId).toBeDefined();
  });

  it('bills on demand', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', { BillingMode: 'PAY_PER_REQUEST' });
  });

  it('has point-in-time recovery and deletion protection', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
    });
  });

  it('is retained when the stack is deleted or the table replaced', () => {
    expect(table?.DeletionPolicy).toBe('Retain');
    expect(table?.UpdateReplacePolicy).toBe('Retain');
  });

  it('keys on pk/sk from the shared table definition', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: tableDefinition.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: tableDefinition.sortKey.name, KeyType: 'RANGE' },
      ],
    });
  });

  it('has the three global secondary indexes of the table definition, projecting all attributes', () => {
    const indexes = (table?.Properties as { GlobalSecondaryIndexes: unknown[] }).GlobalSecondaryIndexes;
    expect(indexes).toEqual(
      tableDefinition.globalSecondaryIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    );
    expect(tableDefinition.globalSecondaryIndexes.map((index) => index.indexName)).toEqual(['gsi1', 'gsi2', 'gsi3']);
  });

  it('streams new and old images for the statistics aggregator', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
  });

  it('expires items by the expiresAt attribute', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  it('is encrypted with the stack’s customer-managed KMS key', () => {
    const [keyId] = Object.keys(template.findResources('AWS::KMS::Key'));
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } },
    });
  });

  it('uses a KMS key that rotates and is retained', () => {
    template.hasResource('AWS::KMS::Key', {
      Properties: { EnableKeyRotation: true },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });
});

describe('the user pool', () => {
  it('is retained and protected from deletion', () => {
    template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtection: 'ACTIVE' }),
    });
  });

  it('lets only administrators create accounts', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
  });

  it('requires 12-character passwords with every character class', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: {
        PasswordPolicy: {
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        },
      },
    });
  });

  it('offers TOTP as the second factor', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
    });
  });

  it('recovers accounts by email only', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
    });
  });

  it('defines the mutable string attribute agencyId, so tokens carry custom:agencyId', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      Schema: Match.arrayWith([Match.objectLike({ Name: 'agencyId', AttributeDataType: 'String', Mutable: true })]),
    });
  });

  it('has the three role groups of the API', () => {
    const groups = Object.values(template.findResources('AWS::Cognito::UserPoolGroup')).map(
      (group) => (group.Properties as { GroupName: string }).GroupName,
    );
    expect(groups.sort()).toEqual(['agency-head', 'legal-office', 'stats-reader']);
    expect(roleGroups.map((group) => group.name).sort()).toEqual(groups);
  });

  it('has a public app client (no secret) that signs in with SRP', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    });
  });

  it('does not let users change their own agencyId through the app client', () => {
    const [client] = Object.values(template.findResources('AWS::Cognito::UserPoolClient'));
    const writable = (client?.Properties as { WriteAttributes?: string[] }).WriteAttributes;
    // Left unset, Cognito would make the client's writable attributes its own default set.
    expect(writable).toBeDefined();
    expect(writable).not.toContain('custom:agencyId');
    expect(writable).not.toContain('name');
  });
});

describe('the event bus', () => {
  it('exists for domain events, named after the stage', () => {
    template.hasResourceProperties('AWS::Events::EventBus', { Name: 'case-tracker-prod-events' });
    expect(eventBusNameFor({ stage: 'prod' })).toBe('case-tracker-prod-events');
  });
});

describe('the cursor secret', () => {
  it('is a generated 48-character key without punctuation', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: { PasswordLength: 48, ExcludePunctuation: true },
    });
  });
});

describe('the outputs', () => {
  it('name the API URL, the user pool and its client, the table, the event bus and the alarm topic', () => {
    expect(Object.keys(template.toJSON().Outputs as object).sort()).toEqual(
      ['AlarmTopicArn', 'ApiUrl', 'EventBusName', 'TableName', 'UserPoolClientId', 'UserPoolId'].sort(),
    );
    const [tableId] = Object.keys(template.findResources('AWS::DynamoDB::Table'));
    template.hasOutput('TableName', { Value: { Ref: tableId } });
    const [busId] = Object.keys(template.findResources('AWS::Events::EventBus'));
    expect(referencedId(template.findOutputs('EventBusName').EventBusName?.Value)).toBe(busId);
  });
});

describe('routes', () => {
  it('exist for the contracts of every function group and the console’s pages, and only for those', () => {
    expect([...routes.keys()].sort()).toEqual([...contractRouteKeys, ...consoleRouteKeys, ...consoleLedgerRouteKeys].sort());
  });

  it.each(consoleRouteKeys)('%s is a console page: the web function, no JWT authorizer', (routeKey) => {
    expect(functionBehind(routeKey)).toBe('web');
    expect(routes.get(routeKey)?.AuthorizationType).toBe('NONE');
  });

  it('the ledger upload pages, /console/imports and below, go to the web-ledger function with no JWT authorizer', () => {
    // API Gateway picks the most specific route: these win over /console/{proxy+} (the web function).
    expect(consoleLedgerRouteKeys.sort()).toEqual(['ANY /console/imports', 'ANY /console/imports/{proxy+}']);
    for (const routeKey of consoleLedgerRouteKeys) {
      expect(functionBehind(routeKey), routeKey).toBe('web-ledger');
      expect(routes.get(routeKey)?.AuthorizationType, routeKey).toBe('NONE');
    }
    expect(fn('web-ledger').id).not.toBe(fn('web').id);
  });

  it('no console page shares a path with the API', () => {
    expect(allContracts.filter((contract) => isConsolePath(contract.path)).map((contract) => contract.path)).toEqual([]);
  });

  it('cover every contract of the API, so none is documented but unreachable', () => {
    const missing = allContracts
      .map((contract) => `${contract.method.toUpperCase()} ${contract.path}`)
      .filter((routeKey) => !routes.has(routeKey));
    // A contract listed in shared/http/contracts/index.ts needs its group in infra/api-functions.ts.
    expect(missing).toEqual([]);
  });

  it.each([
    'GET /health',
    'GET /openapi.json',
    'GET /docs',
    'GET /meta/enums',
    'POST /agencies',
    'GET /agencies',
    'GET /agencies/{agencyId}',
  ])('include %s', (routeKey) => {
    expect(routes.has(routeKey)).toBe(true);
  });

  it('send API Gateway payload 2.0 events, the only shape the functions’ adapter reads', () => {
    const integrations = ofType('AWS::ApiGatewayV2::Integration');
    // one per API function group, and the console's two (web, web-ledger)
    expect(integrations.length).toBe(apiFunctionGroups.length + 2);
    for (const [, integration] of integrations) {
      expect(integration.Properties).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
    }
  });

  it.each(publicRoutes)('%s is public (no authorizer)', (routeKey) => {
    expect(routes.get(routeKey)?.AuthorizationType).toBe('NONE');
    expect(routes.get(routeKey)?.AuthorizerId).toBeUndefined();
  });

  it('every other route needs a token checked by the Cognito JWT authorizer', () => {
    const [authorizerId] = Object.keys(template.findResources('AWS::ApiGatewayV2::Authorizer'));
    const protectedRoutes = [...routes.entries()].filter(([key]) => !publicRoutes.includes(key) && !consoleRouteKeys.includes(key) && !consoleLedgerRouteKeys.includes(key));
    expect(protectedRoutes.length).toBeGreaterThan(0);
    for (const [, route] of protectedRoutes) {
      expect(route.AuthorizationType).toBe('JWT');
      expect(referencedId(route.AuthorizerId)).toBe(authorizerId);
    }
  });

  it('public routes are exactly the contracts marked public', () => {
    const fromContracts = apiFunctionGroups
      .flatMap((group) => group.contracts)
      .filter((contract) => contract.access === 'public')
      .map((contract) => `${contract.method.toUpperCase()} ${contract.path}`);
    expect(fromContracts.sort()).toEqual([...publicRoutes].sort());
  });

  it.each(
    apiFunctionGroups.flatMap((group) =>
      group.contracts.map((contract) => [group.name, `${contract.method.toUpperCase()} ${contract.path}`] as const),
    ),
  )('%s serves %s', (name, routeKey) => {
    expect(functionBehind(routeKey)).toBe(name);
  });
});

describe('the JWT authorizer', () => {
  it('checks Cognito ID tokens from the Authorization header for the app client', () => {
    const [poolId] = Object.keys(template.findResources('AWS::Cognito::UserPool'));
    const [clientId] = Object.keys(template.findResources('AWS::Cognito::UserPoolClient'));
    const [[, authorizer] = []] = ofType('AWS::ApiGatewayV2::Authorizer');
    const props = authorizer?.Properties as {
      AuthorizerType: string;
      IdentitySource: string[];
      JwtConfiguration: { Audience: unknown[]; Issuer: unknown };
    };
    expect(props.AuthorizerType).toBe('JWT');
    expect(props.IdentitySource).toEqual(['$request.header.Authorization']);
    expect(props.JwtConfiguration.Audience.map(referencedId)).toEqual([clientId]);
    expect(JSON.stringify(props.JwtConfiguration.Issuer)).toContain(`"Ref":"${poolId}"`);
  });
});

describe('the stage', () => {
  const [[, stage] = []] = ofType('AWS::ApiGatewayV2::Stage');
  const props = stage?.Properties as {
    StageName: string;
    AutoDeploy: boolean;
    DefaultRouteSettings: { ThrottlingRateLimit: number; ThrottlingBurstLimit: number };
    AccessLogSettings: { DestinationArn: unknown; Format: string };
  };

  it('is the only stage, $default, deployed automatically', () => {
    expect(ofType('AWS::ApiGatewayV2::Stage')).toHaveLength(1);
    expect(props.StageName).toBe('$default');
    expect(props.AutoDeploy).toBe(true);
  });

  it('throttles at 50 requests a second with bursts of 100 by default', () => {
    expect(props.DefaultRouteSettings).toMatchObject({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 });
  });

  it('writes JSON access logs to a log group kept six months (网络安全法第二十一条)', () => {
    const logGroupId = referencedId(props.AccessLogSettings.DestinationArn);
    expect(resources[logGroupId ?? '']?.Properties?.RetentionInDays).toBe(180);
    const format = JSON.parse(props.AccessLogSettings.Format) as Record<string, string>;
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      ip: '$context.identity.sourceIp',
      routeKey: '$context.routeKey',
      status: '$context.status',
    });
  });

  it('takes its throttling from context', () => {
    tuned.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
    });
  });
});

describe('CORS', () => {
  it('is not configured when no allowedOrigins are given', () => {
    const [[, api] = []] = ofType('AWS::ApiGatewayV2::Api');
    expect(api?.Properties?.CorsConfiguration).toBeUndefined();
  });

  it('allows exactly the configured origins, the API’s methods and headers', () => {
    tuned.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: {
        AllowOrigins: ['https://cases.example.gov.cn', 'https://admin.example.gov.cn'],
        AllowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
        AllowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-Match'],
      },
    });
  });
});

describe('functions', () => {
  it('are one per API function group, plus the jobs', () => {
    expect([...functions.keys()].sort()).toEqual([...allFunctionNames].sort());
  });

  // api-ledger reads and writes spreadsheets: 1024 MB and up to API Gateway's 30 s (its group says so).
  it.each(apiFunctionGroups.map((group) => group.name))('%s runs Node.js 22 on arm64 with 512 MB and 10 s, unless its group says otherwise', (name) => {
    const { props } = fn(name);
    const group = apiFunctionGroups.find((g) => g.name === name);
    expect(props.Runtime).toBe('nodejs22.x');
    expect(props.Architectures).toEqual(['arm64']);
    expect(props.MemorySize).toBe(group?.memorySize ?? 512);
    expect(props.Timeout).toBe(group?.timeoutSeconds ?? 10);
  });

  it.each(allFunctionNames)('%s logs to its own log group kept six months, and kept when the stack goes', (name) => {
    const logGroupId = referencedId(fn(name).props.LoggingConfig?.LogGroup);
    expect(logGroupId).toBeDefined();
    expect(resources[logGroupId ?? '']?.Type).toBe('AWS::Logs::LogGroup');
    expect(resources[logGroupId ?? '']?.Properties?.RetentionInDays).toBe(180);
    expect(resources[logGroupId ?? '']?.DeletionPolicy).toBe('Retain');
    const others = allFunctionNames.filter((other) => other !== name);
    for (const other of others) expect(referencedId(fn(other).props.LoggingConfig?.LogGroup)).not.toBe(logGroupId);
  });

  it.each(apiFunctionGroups.map((group) => group.name))('%s gets its environment', (name) => {
    const [tableId] = Object.keys(template.findResources('AWS::DynamoDB::Table'));
    const env = fn(name).props.Environment.Variables;
    expect(env).toMatchObject({ LOG_LEVEL: 'INFO', SERVICE_NAME: name, ROLES_CLAIM: 'cognito:groups', AGENCY_CLAIM: 'custom:agencyId' });
    // Source maps are read when an error is logged (shared/log/stack.ts), not on every cold start.
    expect(env).not.toHaveProperty('NODE_OPTIONS');
    expect(env.TABLE_NAME).toEqual({ Ref: tableId });
    // Only api-ledger hands work to the bus (a large import, to the ledger-import function).
    expect('EVENT_BUS_NAME' in env).toBe(name === 'api-ledger');
  });

  it.each(allFunctionNames)('%s has no cursor secret value in its environment', (name) => {
    const env = fn(name).props.Environment.Variables;
    expect(env).not.toHaveProperty('CURSOR_SECRET');
    // Neither a dynamic reference nor anything else that resolves to the value.
    expect(JSON.stringify(env)).not.toMatch(/resolve:secretsmanager|SecretString/);
  });

  const paging = ['api-agencies', 'api-cases', 'api-deadlines', 'api-hearings', 'api-notifications'];
  // The console's lists page too (both of its functions serve the same app, with the same keys).
  const cursorReaders = [...paging, 'web', 'web-ledger'];

  it.each(cursorReaders)('%s, which pages, is told the secret’s ARN and may read that one secret', (name) => {
    const secretId = Object.keys(template.findResources('AWS::SecretsManager::Secret')).find((id) => id.includes('CursorSecret'));
    expect(fn(name).props.Environment.Variables.CURSOR_SECRET_ARN).toEqual({ Ref: secretId });
    expect(actionsOf(name)).toEqual(expect.arrayContaining(['secretsmanager:GetSecretValue']));
  });

  it('only the functions that page know or may read the cursor secret', () => {
    const secretId = Object.keys(template.findResources('AWS::SecretsManager::Secret')).find((id) => id.includes('CursorSecret'));
    for (const name of allFunctionNames.filter((n) => !cursorReaders.includes(n))) {
      expect(fn(name).props.Environment.Variables, name).not.toHaveProperty('CURSOR_SECRET_ARN');
      // Others may read secrets of their own (the notifier its sealing key), never this one.
      expect(JSON.stringify(statementsOf(name).filter((s) => [s.Action].flat().includes('secretsmanager:GetSecretValue'))), name).not.toContain(`"${secretId}"`);
    }
    // The list above is the contracts' listings: a group with a `cursor` query pages.
    const fromContracts = apiFunctionGroups.filter((group) => group.contracts.some(takesCursor)).map((group) => group.name);
    expect(fromContracts.sort()).toEqual([...paging].sort());
  });

  it.each(allFunctionNames)('%s has a role without AWS managed policies', (name) => {
    const role = resources[referencedId(fn(name).props.Role) ?? ''];
    expect(role?.Type).toBe('AWS::IAM::Role');
    expect(role?.Properties?.ManagedPolicyArns).toBeUndefined();
  });
});

describe('least privilege on the table', () => {
  const writeActions = [
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
    'dynamodb:TransactWriteItems',
  ];

  it('api-meta may read but not write', () => {
    const actions = actionsOf('api-meta');
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
    for (const action of writeActions) expect(actions).not.toContain(action);
    expect(actions.some((action) => action === 'dynamodb:*' || action === '*')).toBe(false);
  });

  it('api-statistics, which serves aggregates only, may read but not write', () => {
    const actions = actionsOf('api-statistics');
    expect(actions).toContain('dynamodb:Query');
    for (const action of writeActions) expect(actions).not.toContain(action);
  });

  it('the functions that check a ledger may read case numbers in batches (BatchGetItem)', () => {
    for (const name of ['api-ledger', 'ledger-import', 'web-ledger']) expect(actionsOf(name), name).toContain('dynamodb:BatchGetItem');
  });

  it('web-ledger, not web, may put ledger-import-requested events on the bus the ledger-import rule listens to', () => {
    const [busId] = Object.keys(template.findResources('AWS::Events::EventBus'));
    const rule = Object.values(template.findResources('AWS::Events::Rule')).find((r) =>
      JSON.stringify((r.Properties as { EventPattern?: unknown }).EventPattern ?? {}).includes('ledger-import-requested'),
    );
    expect(referencedId((rule?.Properties as { EventBusName?: unknown }).EventBusName)).toBe(busId);
    const putsOnBus = (name: string) =>
      statementsOf(name).some((s) => [s.Action].flat().includes('events:PutEvents') && [s.Resource].flat().some((r) => JSON.stringify(r).includes(`"${busId}"`)));
    expect(putsOnBus('web-ledger')).toBe(true);
    expect(referencedId(fn('web-ledger').props.Environment.Variables.EVENT_BUS_NAME)).toBe(busId);
    expect(putsOnBus('web')).toBe(false);
    expect(actionsOf('web')).not.toContain('events:PutEvents');
    expect(fn('web').props.Environment.Variables).not.toHaveProperty('EVENT_BUS_NAME');
  });

  it('web-ledger has the console’s environment and table access, its session key included', () => {
    const env = (name: string) => fn(name).props.Environment.Variables;
    for (const key of ['ROLES_CLAIM', 'AGENCY_CLAIM', 'OIDC_ISSUER', 'OIDC_CLIENT_ID', 'CURSOR_SECRET_ARN', 'CONSOLE_SESSION_SECRET_ARN', 'TABLE_NAME']) {
      expect(env('web-ledger')[key], key).toBeDefined();
      expect(env('web-ledger')[key], key).toEqual(env('web')[key]);
    }
    expect(actionsOf('web-ledger')).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'secretsmanager:GetSecretValue']));
    const { props } = fn('web-ledger');
    expect([props.Runtime, props.MemorySize, props.Timeout]).toEqual([fn('web').props.Runtime, fn('web').props.MemorySize, fn('web').props.Timeout]);
  });

  it('the console (its subscriptions page) and api-notifications alone may unseal subscription secrets, with the same key', () => {
    const keyArn = fn('api-notifications').props.Environment.Variables.NOTIFY_KEY_SECRET_ARN;
    expect(keyArn).toBeDefined();
    expect(fn('web').props.Environment.Variables.NOTIFY_KEY_SECRET_ARN).toEqual(keyArn);
    expect(fn('web').props.Environment.Variables.CONSOLE_BASE_URL).toBeDefined();
    const readsKey = (name: string) => statementsOf(name).some((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]).includes('secretsmanager:GetSecretValue') && [s.Resource].flat().some((r) => JSON.stringify(r) === JSON.stringify(keyArn)));
    for (const name of ['web', 'api-notifications', 'notifier']) expect(readsKey(name), name).toBe(true);
    // The upload pages send no notification: web-ledger does not get the key.
    for (const name of ['api-cases', 'api-ledger', 'api-statistics', 'sweep', 'web-ledger']) expect(readsKey(name), name).toBe(false);
  });

  it('no function may Scan the table', () => {
    for (const name of allFunctionNames) {
      expect(actionsOf(name), name).not.toContain('dynamodb:Scan');
      expect(actionsOf(name).some((action) => action === 'dynamodb:*' || action === '*'), name).toBe(false);
    }
  });

  it('api-agencies may write', () => {
    expect(actionsOf('api-agencies')).toEqual(
      expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:GetItem', 'dynamodb:Query']),
    );
  });

  it('each function group gets the access it declares', () => {
    for (const group of apiFunctionGroups) {
      expect(actionsOf(group.name).includes('dynamodb:PutItem')).toBe(group.access === 'read-write');
    }
  });

  it('no API function can put events, but api-ledger (a large import for the ledger-import function)', () => {
    for (const group of apiFunctionGroups) expect(actionsOf(group.name).includes('events:PutEvents'), group.name).toBe(group.name === 'api-ledger');
  });
});

describe('the statistics aggregator', () => {
  it('reads the table stream with partial batch failures, bisection, retries and a DLQ', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      StartingPosition: 'TRIM_HORIZON',
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
  });

  it('is only woken for cases and hearings', () => {
    const [, mapping] = ofType('AWS::Lambda::EventSourceMapping')[0] ?? [];
    const filters = (mapping?.Properties?.FilterCriteria as { Filters: { Pattern: string }[] }).Filters;
    expect(JSON.parse(filters[0]?.Pattern ?? '{}')).toEqual({ dynamodb: { NewImage: { entity: { S: ['case', 'hearing'] } } } });
  });

  it('parks failed records on an encrypted queue that only takes TLS', () => {
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('has a resource wildcard only for dynamodb:ListStreams', () => {
    const roleId = referencedId(fn('aggregator').props.Role);
    const statements = ofType('AWS::IAM::Policy')
      .filter(([, policy]) => (policy.Properties?.Roles as unknown[]).some((role) => referencedId(role) === roleId))
      .flatMap(([, policy]) => (policy.Properties?.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement);
    const wildcard = statements.filter((statement) => statement.Resource === '*');
    expect(wildcard.flatMap((statement) => [statement.Action].flat())).toEqual(['dynamodb:ListStreams']);
  });

  it('has reserved concurrency, so API traffic cannot starve it', () => {
    const [, aggregator] = ofType('AWS::Lambda::Function').find(([id]) => id === fn('aggregator').id) ?? [];
    expect(aggregator?.Properties?.ReservedConcurrentExecutions).toBe(5);
  });

  it('may read the stream and write its counters', () => {
    expect(actionsOf('aggregator')).toEqual(expect.arrayContaining(['dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:UpdateItem']));
  });
});

describe('the daily sweep', () => {
  it('runs at 08:00 China time (00:00 UTC) every day', () => {
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'cron(0 0 * * ? *)', State: 'ENABLED' });
  });

  it('targets the sweep function with retries', () => {
    const [, rule] = ofType('AWS::Events::Rule')[0] ?? [];
    const targets = rule?.Properties?.Targets as { Arn: unknown; RetryPolicy: { MaximumRetryAttempts: number } }[];
    expect(referencedId(targets[0]?.Arn)).toBe(fn('sweep').id);
    expect(targets[0]?.RetryPolicy.MaximumRetryAttempts).toBe(2);
  });

  it('may put events on the bus, and write the table', () => {
    expect(actionsOf('sweep')).toEqual(expect.arrayContaining(['events:PutEvents', 'dynamodb:PutItem', 'dynamodb:Query']));
  });

  it('runs one at a time (reserved concurrency 1)', () => {
    const [, sweep] = ofType('AWS::Lambda::Function').find(([id]) => id === fn('sweep').id) ?? [];
    expect(sweep?.Properties?.ReservedConcurrentExecutions).toBe(1);
  });

  it('sends an invocation that failed after its retries to a failure queue, as the rule does undelivered events', () => {
    const [, config] = ofType('AWS::Lambda::EventInvokeConfig')[0] ?? [];
    expect(referencedId(config?.Properties?.FunctionName)).toBe(fn('sweep').id);
    const destination = (config?.Properties?.DestinationConfig as { OnFailure: { Destination: unknown } }).OnFailure.Destination;
    const queueId = referencedId(destination);
    expect(resources[queueId ?? '']?.Type).toBe('AWS::SQS::Queue');
    const [, rule] = ofType('AWS::Events::Rule')[0] ?? [];
    const targets = rule?.Properties?.Targets as { DeadLetterConfig: { Arn: unknown } }[];
    expect(referencedId(targets[0]?.DeadLetterConfig.Arn)).toBe(queueId);
  });

  it('knows the bus and has five minutes', () => {
    expect(fn('sweep').props.Environment.Variables.EVENT_BUS_NAME).toBeDefined();
    expect(fn('sweep').props.Timeout).toBe(300);
  });
});

describe('context', () => {
  const read = (context: Record<string, unknown>) => configFromContext(new App({ context }).node);

  it('defaults to the dev stage, Cognito, no CORS, 50/100 throttling and two weeks of logs', () => {
    expect(read({})).toEqual({
      stage: 'dev',
      identity: { mode: 'cognito', claims: { roles: 'cognito:groups', agency: 'custom:agencyId' } },
      allowedOrigins: [],
      throttleRateLimit: 50,
      throttleBurstLimit: 100,
      logRetention: 14,
      apiLatencyP99Ms: 3000,
      iteratorAgeMinutes: 10,
      sweepConcurrency: 1,
      aggregatorConcurrency: 5,
    });
  });

  it('keeps prod logs six months unless told longer, never shorter (网络安全法第二十一条)', () => {
    expect(read({ stage: 'prod' }).logRetention).toBe(180);
    expect(read({ stage: 'prod', logRetentionDays: 400 }).logRetention).toBe(400);
    expect(() => read({ stage: 'prod', logRetentionDays: 90 })).toThrow(/at least 180 days/);
  });

  it('rejects a stage other than dev or prod, and a district that cannot be part of a name', () => {
    expect(() => read({ stage: 'test' })).toThrow(/stage/);
    expect(() => read({ district: 'Lu Zhou' })).toThrow(/district/);
  });

  it('needs the issuer’s https URL and an audience for an OIDC identity', () => {
    expect(() => read({ identity: 'oidc', oidcAudience: 'case-tracker' })).toThrow(/oidcIssuer/);
    expect(() => read({ identity: 'oidc', oidcIssuer: 'http://idp.example.gov.cn', oidcAudience: 'x' })).toThrow(/oidcIssuer/);
    expect(() => read({ identity: 'oidc', oidcIssuer: 'https://idp.example.gov.cn/realms/district' })).toThrow(/oidcAudience/);
    expect(read({ identity: 'oidc', oidcIssuer: 'https://idp.example.gov.cn/realms/district', oidcAudience: 'case-tracker, console', rolesClaim: 'roles' }).identity).toEqual({
      mode: 'oidc',
      issuer: 'https://idp.example.gov.cn/realms/district',
      audience: ['case-tracker', 'console'],
      claims: { roles: 'roles', agency: 'custom:agencyId' },
    });
  });

  it('reads the backup flag and its retention', () => {
    expect(read({}).backup).toBeUndefined();
    expect(read({ backup: 'true', backupMonthlyRetentionDays: '730', backupCopyRegion: 'cn-northwest-1' }).backup).toEqual({
      dailyRetentionDays: 35,
      monthlyRetentionDays: 730,
      copyRegion: 'cn-northwest-1',
    });
    expect(() => read({ backup: 'yes' })).toThrow(/backup/);
  });

  it('rejects an alarm email that is not an address', () => {
    expect(read({ alarmEmail: 'ops@example.gov.cn' }).alarmEmail).toBe('ops@example.gov.cn');
    expect(() => read({ alarmEmail: 'ops' })).toThrow(/alarmEmail/);
  });

  it('takes log retention in days', () => {
    expect(read({ logRetentionDays: '365' }).logRetention).toBe(365);
  });

  it('rejects a retention CloudWatch Logs does not offer', () => {
    expect(() => read({ logRetentionDays: 31 })).toThrow(/logRetentionDays/);
  });

  it('rejects a wildcard or a path as an origin', () => {
    expect(() => read({ allowedOrigins: '*' })).toThrow();
    expect(() => read({ allowedOrigins: 'https://cases.example.gov.cn/app' })).toThrow(/allowedOrigins/);
  });

  it('rejects a throttle that is not a positive number', () => {
    expect(() => read({ throttleRateLimit: 'fast' })).toThrow(/throttleRateLimit/);
    expect(() => read({ throttleBurstLimit: 0 })).toThrow(/throttleBurstLimit/);
  });
});
