import { Hono } from 'hono';
import { sign } from 'hono/jwt';
import { describe, expect, it } from 'vitest';
import { localJwtIdentity, signLocalToken } from '../../shared/auth/local-jwt';
import { AppError } from '../../shared/domain/errors';

const secret = 'test-secret';

/** Resolves the identity the way the local server does, for one Authorization header. */
async function identify(authorization?: string) {
  const app = new Hono();
  app.get('/', async (c) => c.json(await localJwtIdentity(secret)(c)));
  app.onError((error, c) => c.json({ code: error instanceof AppError ? error.code : 'OTHER', detail: error.message }, 401));
  const response = await app.request('/', authorization ? { headers: { authorization } } : {});
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

describe('local token verification (HS256 with AUTH_LOCAL_SECRET)', () => {
  it('accepts a token from npm run token', async () => {
    const token = await signLocalToken({ role: 'legal-office', secret, name: '王芳' });
    const result = await identify(`Bearer ${token}`);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ name: '王芳', roles: ['legal-office'] });
  });

  it('refuses a missing header', async () => {
    expect((await identify()).body.code).toBe('UNAUTHORIZED');
  });

  it('refuses alg none', async () => {
    const token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'x', 'cognito:groups': ['legal-office'], exp: now() + 60 })}.`;
    const result = await identify(`Bearer ${token}`);
    expect(result.status).toBe(401);
    expect(result.body.code).toBe('UNAUTHORIZED');
  });

  it('refuses a token signed with another key', async () => {
    const token = await signLocalToken({ role: 'legal-office', secret: 'someone-else' });
    const refused = await identify(`Bearer ${token}`);
    expect(refused.status).toBe(401);
    // A fixed text: not the library's error class (JwtTokenSignatureMismatched) or message.
    expect(refused.body.detail).toBe('the token is invalid or expired');
  });

  it('refuses an expired token', async () => {
    const token = await sign({ sub: 'x', 'cognito:groups': ['legal-office'], exp: now() - 10 }, secret, 'HS256');
    expect((await identify(`Bearer ${token}`)).body.detail).toBe('the token is invalid or expired');
  });

  it('refuses a token not yet valid', async () => {
    const token = await sign({ sub: 'x', exp: now() + 600, nbf: now() + 300 }, secret, 'HS256');
    expect((await identify(`Bearer ${token}`)).status).toBe(401);
  });

  it('refuses a token without an expiry', async () => {
    const token = await sign({ sub: 'x', 'cognito:groups': ['legal-office'] }, secret, 'HS256');
    expect((await identify(`Bearer ${token}`)).body.detail).toMatch(/no expiry/);
  });

  it('refuses a malformed token and a non-Bearer scheme', async () => {
    expect((await identify('Bearer not.a.token')).status).toBe(401);
    expect((await identify('Basic dXNlcjpwYXNz')).status).toBe(401);
  });
});
