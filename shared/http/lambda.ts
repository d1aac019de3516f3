import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context as LambdaContext } from 'aws-lambda';
import { installLightWeb, LightRequest, LightResponse } from './light-web';

/**
 * The Lambda entry of an API function: an API Gateway HTTP API (payload 2.0) event in, a
 * structured result out, Hono in between. It replaces `hono/aws-lambda` (deprecated for v5, and
 * built on Node's undici classes, whose first load weighs on every cold start — see
 * ./light-web.ts): the stack only ever sends payload 2.0 events, and every body this API returns
 * is text (JSON, problem+json, CSV, iCalendar), so the adapter is this small. The Hono `env`
 * is the one `hono/aws-lambda` gives (`event`, `requestContext`, `lambdaContext`), which is
 * where `identityFromAuthorizer` reads the authorizer's claims.
 */
export function lambdaHandler(app: { fetch(request: Request, env: object): Response | Promise<Response> }) {
  installLightWeb();
  return async (event: APIGatewayProxyEventV2, lambdaContext?: LambdaContext): Promise<APIGatewayProxyStructuredResultV2> => {
    const request = requestOf(event);
    const response = await app.fetch(request as unknown as Request, {
      event,
      requestContext: event.requestContext,
      lambdaContext,
    });
    return resultOf(response as unknown as LightResponse | Response);
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

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A light response gives its body as it was built (a string is text, bytes are base64). A
 * response of Node's own class — where `installLightWeb` could not replace a global — is read
 * through the standard API: its bytes are text when they are valid UTF-8, base64 otherwise.
 */
async function resultOf(response: LightResponse | Response): Promise<APIGatewayProxyStructuredResultV2> {
  const headers: Record<string, string> = {};
  const cookies = response.headers.getSetCookie();
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  let body: string;
  let binary: boolean;
  if (response instanceof LightResponse) {
    const raw = response.rawBody;
    binary = raw instanceof Uint8Array || raw instanceof ArrayBuffer;
    body = raw === null || raw === undefined ? '' : binary ? Buffer.from(await response.arrayBuffer()).toString('base64') : await response.text();
  } else {
    const bytes = new Uint8Array(await response.arrayBuffer());
    const text = textOf(bytes);
    binary = text === undefined;
    body = text ?? Buffer.from(bytes).toString('base64');
  }
  return {
    statusCode: response.status,
    headers,
    ...(cookies.length ? { cookies } : {}),
    body,
    isBase64Encoded: binary,
  };
}

function textOf(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}
