import { readFile } from 'node:fs/promises';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { Table } from '../../shared/store/table';
import { dynamoEndpoint } from './dynamo';

export type ApiHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/** A sample event from events/, as API Gateway would send it. */
export async function sampleEvent(file: string): Promise<APIGatewayProxyEventV2> {
  return JSON.parse(await readFile(new URL(`../../events/${file}`, import.meta.url), 'utf8')) as APIGatewayProxyEventV2;
}

export const lambdaContext = {
  awsRequestId: 'test-invocation',
  functionName: 'test',
  getRemainingTimeInMillis: () => 10_000,
} as unknown as Context;

/**
 * Imports a Lambda entry point from functions/ wired to the given table on DynamoDB Local (entry
 * points read TABLE_NAME and DYNAMODB_ENDPOINT at module scope, as in AWS).
 */
export async function loadHandler(name: string, table: Table): Promise<ApiHandler> {
  process.env.TABLE_NAME = table.name;
  process.env.DYNAMODB_ENDPOINT = dynamoEndpoint();
  const module = (await import(`../../functions/${name}/index.ts`)) as { handler: ApiHandler };
  return module.handler;
}

/** The same sample event aimed at another id in its path (the samples carry placeholder ids). */
function withPathId(event: APIGatewayProxyEventV2, parameter: string, id: string): APIGatewayProxyEventV2 {
  const placeholder = event.pathParameters?.[parameter];
  if (!placeholder) return event;
  const path = event.rawPath.replace(placeholder, id);
  return {
    ...event,
    rawPath: path,
    pathParameters: { ...event.pathParameters, [parameter]: id },
    requestContext: { ...event.requestContext, http: { ...event.requestContext.http, path } },
  };
}

export const forCase = (event: APIGatewayProxyEventV2, caseId: string) => withPathId(event, 'caseId', caseId);
export const forHearing = (event: APIGatewayProxyEventV2, hearingId: string) => withPathId(event, 'hearingId', hearingId);
