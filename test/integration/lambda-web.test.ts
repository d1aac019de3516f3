import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { freshTable } from '../support/dynamo';
import { lambdaContext, loadHandler, sampleEvent, type ApiHandler } from '../support/lambda';

/**
 * The console's Lambda entry (functions/web) behind the HTTP API, payload 2.0: cookies arrive in
 * `event.cookies` and leave in the result's `cookies` array (a header map cannot hold several
 * Set-Cookie), and the cookies it sets are Secure (the API is https). The ledger upload pages are
 * the web-ledger function's (functions/web-ledger), on the same table and session key.
 */
let handler: ApiHandler;
let ledgerHandler: ApiHandler;
let login: APIGatewayProxyEventV2;

beforeAll(async () => {
  const table = await freshTable('lambda-web');
  handler = await loadHandler('web', table);
  ledgerHandler = await loadHandler('web-ledger', table);
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

/** Signs in through the web function's development form: the session cookie, as `name=value`. */
async function signIn(role: string): Promise<string> {
  const page = await handler(login, lambdaContext);
  const loginCookie = page.cookies!.find((c) => c.startsWith('ct_login='))!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(String(page.body))![1]!;
  const body = new URLSearchParams({ _csrf: csrf, next: '/', role, name: '王芳' }).toString();
  const signedIn = await handler(event('POST', '/login', { cookies: [pair(loginCookie)], body }), lambdaContext);
  return pair(signedIn.cookies!.find((c) => c.startsWith('ct_session='))!);
}

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

describe('the ledger upload pages', () => {
  it('are not served by the web function: 404 for the legal office', async () => {
    const session = await signIn('legal-office');
    for (const path of ['/console/imports', '/console/imports/template.xlsx']) {
      const result = await handler(event('GET', path, { cookies: [session] }), lambdaContext);
      expect(result.statusCode, path).toBe(404);
      expect(String(result.body), path).toContain('没有这个页面');
    }
    // The other pages still are.
    expect((await handler(event('GET', '/console/cases/new', { cookies: [session] }), lambdaContext)).statusCode).toBe(200);
  });

  it('are served by web-ledger to the legal office signed in on web, with the upload form and the template', async () => {
    const session = await signIn('legal-office');
    const page = await ledgerHandler(await sampleEvent('web-ledger-imports.json').then((e) => ({ ...e, cookies: [session] })), lambdaContext);
    expect(page.statusCode).toBe(200);
    expect(page.headers?.['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(String(page.body)).toMatch(/<form method="post" action="\/console\/imports" enctype="multipart\/form-data"/);
    const template = await ledgerHandler(event('GET', '/console/imports/template.xlsx', { cookies: [session] }), lambdaContext);
    expect(template.statusCode).toBe(200);
    expect(template.headers?.['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  });

  it('web-ledger sends a browser without a session to sign in, and refuses another role', async () => {
    const anonymous = await ledgerHandler(await sampleEvent('web-ledger-imports.json'), lambdaContext);
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers?.location).toBe(`/login?next=${encodeURIComponent('/console/imports')}`);
    const reader = await signIn('stats-reader');
    expect((await ledgerHandler(event('GET', '/console/imports', { cookies: [reader] }), lambdaContext)).statusCode).toBe(403);
  });
});
