import { createHash, createSign, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalApp } from '../../shared/local/local-app';
import { OidcClient } from '../../shared/web/oidc';
import { ensureAgency } from '../support/cases';
import { Visitor } from '../support/console';
import { freshTable } from '../support/dynamo';

/**
 * A tiny OpenID Connect issuer on 127.0.0.1: discovery, an authorization endpoint that redirects
 * straight back with a code, a token endpoint that checks PKCE, and a JWKS with an RS256 key.
 */
class FakeIssuer {
  readonly server: Server;
  url = '';
  readonly clientId = 'console-client';
  private readonly key = generateKeyPairSync('rsa', { modulusLength: 2048 });
  /** the key that signs ID tokens (a test swaps in a key the JWKS does not have) */
  signingKey: KeyObject = this.key.privateKey;
  claims: Record<string, unknown> = { sub: 'user-1', name: '王芳', 'cognito:groups': ['legal-office'] };
  nonceOverride: string | undefined;
  private readonly codes = new Map<string, { challenge: string; nonce: string; redirectUri: string }>();
  tokenRequests = 0;

  constructor() {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', this.url);
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      if (url.pathname === '/.well-known/openid-configuration') {
        return send(200, { issuer: this.url, authorization_endpoint: `${this.url}/authorize`, token_endpoint: `${this.url}/token`, jwks_uri: `${this.url}/jwks` });
      }
      if (url.pathname === '/jwks') {
        return send(200, { keys: [{ ...this.key.publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'RS256', use: 'sig' }] });
      }
      if (url.pathname === '/authorize') {
        const q = url.searchParams;
        if (q.get('client_id') !== this.clientId || q.get('response_type') !== 'code' || q.get('code_challenge_method') !== 'S256') {
          return send(400, { error: 'invalid_request' });
        }
        const code = randomBytes(8).toString('hex');
        this.codes.set(code, { challenge: q.get('code_challenge') ?? '', nonce: q.get('nonce') ?? '', redirectUri: q.get('redirect_uri') ?? '' });
        const back = new URL(q.get('redirect_uri') ?? '');
        back.search = new URLSearchParams({ code, state: q.get('state') ?? '' }).toString();
        res.writeHead(302, { location: back.toString() });
        return res.end();
      }
      if (url.pathname === '/token' && req.method === 'POST') {
        let body = '';
        req.on('data', (chunk: Buffer) => (body += chunk.toString()));
        req.on('end', () => {
          this.tokenRequests += 1;
          const form = new URLSearchParams(body);
          const grant = this.codes.get(form.get('code') ?? '');
          const verifier = form.get('code_verifier') ?? '';
          if (!grant || grant.redirectUri !== form.get('redirect_uri') || createHash('sha256').update(verifier).digest('base64url') !== grant.challenge) {
            return send(400, { error: 'invalid_grant' });
          }
          this.codes.delete(form.get('code') ?? '');
          const now = Math.floor(Date.now() / 1000);
          const idToken = this.sign({ iss: this.url, aud: this.clientId, iat: now, exp: now + 300, nonce: this.nonceOverride ?? grant.nonce, ...this.claims });
          send(200, { id_token: idToken, access_token: 'opaque', token_type: 'Bearer', expires_in: 300 });
        });
        return;
      }
      send(404, { error: 'not_found' });
    });
  }

  sign(claims: Record<string, unknown>): string {
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const input = `${part({ alg: 'RS256', typ: 'JWT', kid: 'k1' })}.${part(claims)}`;
    return `${input}.${createSign('RSA-SHA256').update(input).sign(this.signingKey).toString('base64url')}`;
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
}

const issuer = new FakeIssuer();
let app: ReturnType<typeof createLocalApp>;

beforeAll(async () => {
  await issuer.start();
  const client = new OidcClient({ issuer: issuer.url, clientId: issuer.clientId, scope: 'openid profile', claims: { roles: 'cognito:groups', agency: 'custom:agencyId' } });
  app = createLocalApp({ table: await freshTable('console-oidc'), console: { signIn: { kind: 'oidc', client } } });
  await ensureAgency(app, 'market-regulation', '区市场监督管理局');
});

afterAll(() => {
  issuer.server.close();
});

/** The browser's trip: the console's redirect to the issuer, the issuer's redirect back. */
async function signInThroughIssuer(visitor: Visitor, next = '/console/cases'): Promise<{ authorize: URL; callback: string }> {
  const start = await visitor.get(`/login/start?next=${encodeURIComponent(next)}`);
  expect(start.status).toBe(302);
  const authorize = new URL(start.location ?? '');
  const answer = await fetch(authorize, { redirect: 'manual' });
  const back = new URL(answer.headers.get('location') ?? '');
  return { authorize, callback: `${back.pathname}${back.search}` };
}

describe('signing in with OIDC (authorization code + PKCE)', () => {
  it('offers the sign-in button, which leads to the issuer with a PKCE challenge', async () => {
    const visitor = new Visitor(app);
    const page = await visitor.get('/login?next=%2Fconsole%2Fcases');
    expect(page.text).toContain('href="/login/start?next=%2Fconsole%2Fcases"');
    const { authorize } = await signInThroughIssuer(visitor);
    expect(authorize.origin).toBe(issuer.url);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(authorize.searchParams.get('redirect_uri')).toBe('http://localhost/auth/callback');
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
  });

  it('signs in, verifying the ID token, and returns to the page asked for', async () => {
    issuer.claims = { sub: 'user-1', name: '王芳', 'cognito:groups': ['legal-office'] };
    const visitor = new Visitor(app);
    const { callback } = await signInThroughIssuer(visitor);
    const back = await visitor.get(callback);
    expect(back.status).toBe(303);
    expect(back.location).toBe('/console/cases');
    const page = await visitor.get('/console/cases');
    expect(page.status).toBe(200);
    expect(page.text).toContain('王芳');
  });

  it('takes an agency head’s agency from the agency claim', async () => {
    issuer.claims = { sub: 'head-1', name: '李局长', 'cognito:groups': ['agency-head'], 'custom:agencyId': 'market-regulation' };
    const visitor = new Visitor(app);
    const { callback } = await signInThroughIssuer(visitor, '/');
    await visitor.get(callback);
    const home = await visitor.get('/');
    expect(home.text).toContain('区市场监督管理局');
  });

  it('refuses a callback whose state is not the one sent', async () => {
    const visitor = new Visitor(app);
    const { callback } = await signInThroughIssuer(visitor);
    const forged = callback.replace(/state=[^&]+/, 'state=forged');
    const res = await visitor.get(forged);
    expect(res.status).toBe(400);
    expect(visitor.cookie('ct_session')).toBeUndefined();
  });

  it('refuses a callback without the sign-in cookie (another browser’s code)', async () => {
    const { callback } = await signInThroughIssuer(new Visitor(app));
    const stranger = new Visitor(app);
    expect((await stranger.get(callback)).status).toBe(400);
  });

  it('refuses an ID token signed by a key the issuer does not publish', async () => {
    issuer.signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    try {
      const visitor = new Visitor(app);
      const { callback } = await signInThroughIssuer(visitor);
      const res = await visitor.get(callback);
      expect(res.status).toBe(400);
      expect(res.text).toContain('身份令牌未通过校验');
      expect(visitor.cookie('ct_session')).toBeUndefined();
    } finally {
      issuer.signingKey = (issuer as unknown as { key: { privateKey: KeyObject } }).key.privateKey;
    }
  });

  it('refuses an ID token for another sign-in (nonce)', async () => {
    issuer.nonceOverride = 'someone-elses-nonce';
    try {
      const visitor = new Visitor(app);
      const { callback } = await signInThroughIssuer(visitor);
      expect((await visitor.get(callback)).status).toBe(400);
    } finally {
      issuer.nonceOverride = undefined;
    }
  });

  it('sends the PKCE verifier the challenge was made from', async () => {
    const before = issuer.tokenRequests;
    issuer.claims = { sub: 'user-1', name: '王芳', 'cognito:groups': ['legal-office'] };
    const visitor = new Visitor(app);
    const { callback } = await signInThroughIssuer(visitor);
    // The same code once more from a second browser that holds another sign-in's verifier is refused by the issuer.
    const other = new Visitor(app);
    await signInThroughIssuer(other);
    const res = await other.get(callback.replace(/state=[^&]+/, `state=${encodeURIComponent('x')}`));
    expect(res.status).toBe(400);
    expect((await visitor.get(callback)).status).toBe(303);
    expect(issuer.tokenRequests).toBe(before + 1);
  });

  it('does not sign in an account without a role of the console', async () => {
    issuer.claims = { sub: 'nobody', name: '访客', 'cognito:groups': ['someone-else'] };
    const visitor = new Visitor(app);
    const { callback } = await signInThroughIssuer(visitor);
    expect((await visitor.get(callback)).status).toBe(403);
    expect(visitor.cookie('ct_session')).toBeUndefined();
  });
});
