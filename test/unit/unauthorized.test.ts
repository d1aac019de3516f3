import { sign } from 'hono/jwt';
import { describe, expect, it } from 'vitest';
import { localJwtIdentity, signLocalToken } from '../../shared/auth/local-jwt';
import { createApp, type Identify } from '../../shared/http/app';
import { defineRoute, routesFor } from '../../shared/http/route';
import { Logger } from '../../shared/log/logger';

const secret = 'unit-test-secret';

/** One protected route: who is calling. */
const whoAmI = defineRoute({ method: 'get', path: '/who-am-i', operationId: 'whoAmI', summary: 'the caller', tags: ['test'], access: ['legal-office'], responses: { 200: { description: 'the caller' } } });
const routes = [routesFor<object>()(whoAmI, ({ c, identity }) => c.json(identity))];

function app(identify: Identify) {
  return createApp({ routes, deps: {}, identify, logger: new Logger({}, 'SILENT') });
}

async function refusal(identify: Identify, authorization: string, language = 'zh-CN') {
  const res = await app(identify).request('/who-am-i', { headers: { authorization, 'accept-language': language } });
  return { status: res.status, text: await res.text() };
}

const now = () => Math.floor(Date.now() / 1000);
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('a token that does not verify gets one fixed 401 text, never the library’s error', () => {
  it('a valid token passes', async () => {
    const res = await app(localJwtIdentity(secret)).request('/who-am-i', { headers: { authorization: `Bearer ${await signLocalToken({ role: 'legal-office', secret, name: '王芳' })}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ name: '王芳', roles: ['legal-office'] });
  });

  const tokens: [string, () => Promise<string>][] = [
    ['signed with another key', () => signLocalToken({ role: 'legal-office', secret: 'someone-else' })],
    ['expired an hour ago', () => sign({ sub: 'x', 'cognito:groups': ['legal-office'], exp: now() - 3600 }, secret, 'HS256')],
    ['not valid for five more minutes', () => sign({ sub: 'x', exp: now() + 600, nbf: now() + 300 }, secret, 'HS256')],
    ['saying alg none', async () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'x', exp: now() + 60 })}.`],
    ['not a JWT at all', async () => 'not.a.token'],
  ];

  it.each(tokens)('a token %s', async (_what, token) => {
    const zh = await refusal(localJwtIdentity(secret), `Bearer ${await token()}`);
    expect(zh.status).toBe(401);
    expect(JSON.parse(zh.text)).toMatchObject({ code: 'UNAUTHORIZED', detail: '身份令牌无效或已过期' });
    expect(zh.text).not.toMatch(/Jwt|Token[A-Z]|signature|expired\)/);
    const en = await refusal(localJwtIdentity(secret), `Bearer ${await token()}`, 'en');
    expect(JSON.parse(en.text)).toMatchObject({ code: 'UNAUTHORIZED', detail: 'the token is invalid or expired' });
  });

  it('whatever a verifier throws of its own is answered the same way, not as a 500', async () => {
    class JwtTokenSignatureMismatched extends Error {
      override name = 'JwtTokenSignatureMismatched';
    }
    const verifier: Identify = () => {
      throw new JwtTokenSignatureMismatched('token(eyJhbGciOi...) signature mismatched');
    };
    const res = await refusal(verifier, 'Bearer eyJhbGciOi.x.y');
    expect(res.status).toBe(401);
    expect(JSON.parse(res.text)).toMatchObject({ code: 'UNAUTHORIZED', detail: '身份令牌无效或已过期' });
    expect(res.text).not.toContain('JwtTokenSignatureMismatched');
    expect(res.text).not.toContain('eyJhbGciOi');
  });
});
