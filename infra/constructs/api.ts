import { CfnOutput, Duration, Stack } from 'aws-cdk-lib';
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
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { takesCursor } from '../../shared/http/cursor-secret';
import type { Method } from '../../shared/http/route';
import type { ApiFunctionGroup } from '../api-functions';
import type { ClaimNames } from '../config';
import { acknowledge } from '../nag';
import { AppFunction, type FunctionSettings } from './app-function';

export interface CaseApiProps {
  apiName: string;
  groups: readonly ApiFunctionGroup[];
  table: ITable;
  cursorSecret: ISecret;
  authorizer: IHttpRouteAuthorizer;
  claims: ClaimNames;
  functionSettings: FunctionSettings;
  allowedOrigins: string[];
  throttleRateLimit: number;
  throttleBurstLimit: number;
}

const httpMethods: Record<Method, HttpMethod> = {
  get: HttpMethod.GET,
  post: HttpMethod.POST,
  put: HttpMethod.PUT,
  patch: HttpMethod.PATCH,
  delete: HttpMethod.DELETE,
};

/** `api-agencies` → `ApiAgencies`, for construct ids. */
export function pascal(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/**
 * The HTTP API: one `$default` stage with throttling and JSON access logs, and one Lambda per
 * group of routes. Routes come from the route contracts (shared/http/contracts), so API Gateway
 * exposes exactly what the code serves; a route is public only when its contract says so.
 */
export class CaseApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;
  readonly functions: ReadonlyMap<string, AppFunction>;

  constructor(scope: Construct, id: string, props: CaseApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, 'Api', {
      apiName: props.apiName,
      description: 'Case tracker for the district legal office (行政复议 / 行政应诉)',
      createDefaultStage: false,
      corsPreflight:
        props.allowedOrigins.length > 0
          ? {
              allowOrigins: props.allowedOrigins,
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

    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.functionSettings.logRetention,
      removalPolicy: props.functionSettings.logRemovalPolicy,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.throttleRateLimit, burstLimit: props.throttleBurstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
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

    const functions = new Map<string, AppFunction>();
    for (const group of props.groups) functions.set(group.name, this.addGroup(group, props));
    this.functions = functions;

    new CfnOutput(Stack.of(this), 'ApiUrl', { value: this.stage.url, description: 'Base URL of the HTTP API' });
  }

  private addGroup(group: ApiFunctionGroup, props: CaseApiProps): AppFunction {
    const pages = group.contracts.some(takesCursor);
    const fn = new AppFunction(this, pascal(group.name), {
      name: group.name,
      description: group.description,
      ...props.functionSettings,
      ...(group.timeoutSeconds ? { timeout: Duration.seconds(group.timeoutSeconds) } : {}),
      ...(group.memorySize ? { memorySize: group.memorySize } : {}),
      environment: {
        ROLES_CLAIM: props.claims.roles,
        AGENCY_CLAIM: props.claims.agency,
        // Only the secret's ARN: the value is read at run time, by the functions that page.
        ...(pages ? { CURSOR_SECRET_ARN: props.cursorSecret.secretArn } : {}),
      },
      ...(group.copyIntoBundle ? { copyIntoBundle: group.copyIntoBundle } : {}),
    }).bindTable({ table: props.table, access: group.access });
    if (pages) props.cursorSecret.grantRead(fn);

    const integration = new HttpLambdaIntegration(`${pascal(group.name)}Integration`, fn);
    const noAuthorizer = new HttpNoneAuthorizer();
    for (const contract of group.contracts) {
      const isPublic = contract.access === 'public';
      const [route] = this.api.addRoutes({
        path: contract.path,
        methods: [httpMethods[contract.method]],
        integration,
        authorizer: isPublic ? noAuthorizer : props.authorizer,
      });
      if (isPublic && route) {
        acknowledge(
          route,
          'APIG4',
          `${contract.method.toUpperCase()} ${contract.path} is public by its contract (access: 'public' in shared/http/contracts, reviewed there): ${contract.summary}.`,
        );
      }
    }
    return fn;
  }
}
