import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { freshTable } from '../support/dynamo';
import { lambdaContext, loadHandler, sampleEvent, type ApiHandler } from '../support/lambda';

/**
 * The console's Lambda entry (functions/web) behind the HTTP API, payload 2.0: cookies arrive in
 * `event.cookies` and leave in the result's `cookies` array (a header map cannot hold several
 * Set-Cookie), and the cookies it sets are Secure (the API is https).
 */
let handler: ApiHandler;
let login: APIGatewayProxyEventV2;

beforeAll(async () => {
  handler = await loadHandler('web', await freshTable('lambda-web'));
  login = await sampleEvent('web-login.json');
});

function event(method: string, path: string, options: { cookies?: string[]; body?: string; query?: string } = {}): APIGatewayProxyEventV2 {
  return {
    ...login,
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: options.query ?? '',
    headers: {
      ...login.headers,
      ...(options.body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded', origin: `https://${login.requestContext.domainName}` } : {}),
    },
    ...(options.cookies ? { cookies: options.cookies } : {}),
    ...(options.body !== undefined ? { body: options.body } : {}),
    requestContext: { ...login.requestContext, routeKey: `${method} ${path}`, http: { ...login.requestContext.http, method, path } },
  };
}

const pair = (cookie: string) => cookie.split(';')[0]!;

describe('the web function', () => {
  it('serves the sign-in page with its cookie in the cookies array', async () => {
    const result = await handler(login, lambdaContext);
    expect(result.statusCode).toBe(200);
    expect(result.headers?.['content-type']).toMatch(/text\/html/);
    expect(result.headers?.['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(result.headers?.['set-cookie']).toBeUndefined();
    expect(result.cookies?.some((c) => c.startsWith('ct_login=') && /Secure/.test(c) && /HttpOnly/.test(c))).toBe(true);
  });

  it('reads the cookies API Gateway passes in event.cookies', async () => {
    const page = await handler(login, lambdaContext);
    const loginCookie = page.cookies!.find((c) => c.startsWith('ct_login='))!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(String(page.body))![1]!;
    const body = new URLSearchParams({ _csrf: csrf, next: '/console/cases/new', role: 'legal-office', name: '王芳' }).toString();
    const signedIn = await handler(event('POST', '/login', { cookies: [pair(loginCookie)], body }), lambdaContext);
    expect(signedIn.statusCode).toBe(303);
    expect(signedIn.headers?.location).toBe('/console/cases/new');
    const session = signedIn.cookies!.find((c) => c.startsWith('ct_session='))!;
    expect(session).toMatch(/Secure/);
    expect(session).toMatch(/SameSite=Lax/);

    const form = await handler(event('GET', '/console/cases/new', { cookies: ['other=1', pair(session)] }), lambdaContext);
    expect(form.statusCode).toBe(200);
    expect(String(form.body)).toContain('<button type="submit">登记</button>');
  });

  it('sends a browser without a session to sign in', async () => {
    const result = await handler(event('GET', '/console/cases', { query: 'kind=litigation' }), lambdaContext);
    expect(result.statusCode).toBe(303);
    expect(result.headers?.location).toBe(`/login?next=${encodeURIComponent('/console/cases?kind=litigation')}`);
  });
});
