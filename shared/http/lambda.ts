import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context as LambdaContext } from 'aws-lambda';
import { installLightWeb, LightRequest, type LightResponse } from './light-web';

/**
 * The Lambda entry of an API function: an API Gateway HTTP API (payload 2.0) event in, a
 * structured result out, Hono in between. It replaces `hono/aws-lambda` (deprecated for v5, and
 * built on Node's undici classes, whose first load is ~45 ms of every cold start — see
 * ./light-web.ts): the stack only ever sends payload 2.0 events, and every body this API returns
 * is text (JSON, problem+json, CSV, iCalendar), so the adapter is this small. The Hono `env`
 * is the one `hono/aws-lambda` gives (`event`, `requestContext`, `lambdaContext`), which is
 * where `identityFromAuthorizer` reads the authorizer's claims.
 */
export function lambdaHandler(app: { fetch(request: Request, env: object): Response | Promise<Response> }) {
  installLightWeb();
  return async (event: APIGatewayProxyEventV2, lambdaContext?: LambdaContext): Promise<APIGatewayProxyStructuredResultV2> => {
    const request = requestOf(event);
    const response = (await app.fetch(request as unknown as Request, {
      event,
      requestContext: event.requestContext,
      lambdaContext,
    })) as unknown as LightResponse;
    return resultOf(response);
  };
}

function requestOf(event: APIGatewayProxyEventV2): LightRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) if (value !== undefined) headers[name.toLowerCase()] = value;
  if (event.cookies?.length) headers.cookie = event.cookies.join('; ');
  const body = event.body ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64') : event.body) : undefined;
  // The size Hono's body limit checks is the size of the body actually received.
  delete headers['transfer-encoding'];
  if (body !== undefined) headers['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength);
  else delete headers['content-length'];
  const host = event.requestContext?.domainName ?? headers.host ?? 'localhost';
  const query = event.rawQueryString ? `?${event.rawQueryString}` : '';
  return new LightRequest(`https://${host}${event.rawPath}${query}`, {
    method: event.requestContext?.http?.method ?? 'GET',
    headers,
    ...(body !== undefined ? { body } : {}),
  });
}

async function resultOf(response: LightResponse): Promise<APIGatewayProxyStructuredResultV2> {
  const headers: Record<string, string> = {};
  const cookies = response.headers.getSetCookie();
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const raw = response.rawBody;
  const binary = raw instanceof Uint8Array || raw instanceof ArrayBuffer;
  const body = raw === null || raw === undefined ? '' : binary ? Buffer.from(await response.arrayBuffer()).toString('base64') : await response.text();
  return {
    statusCode: response.status,
    headers,
    ...(cookies.length ? { cookies } : {}),
    body,
    isBase64Encoded: binary,
  };
}
