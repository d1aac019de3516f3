import { createHash, createPublicKey, randomBytes, verify, type JsonWebKey } from 'node:crypto';
import { identityFromClaims, type ClaimNames, type Identity } from '../auth/identity';
import { httpCall } from './http-client';

/**
 * Signing in to the console in AWS: OpenID Connect authorization code flow with PKCE (RFC 7636)
 * against the configured issuer (OIDC_ISSUER, OIDC_CLIENT_ID; the discovery document is read at
 * run time). The ID token is checked here: RS256 signature by a key of the issuer's JWKS, `iss`,
 * `aud`, `exp`, `nonce`. Roles and agency come from the claims ROLES_CLAIM / AGENCY_CLAIM name, as
 * for the API.
 */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  /** a confidential client's secret, if the issuer requires one besides PKCE */
  clientSecret?: string;
  scope: string;
  claims: ClaimNames;
}

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
}

/** What the browser carries (sealed) between the redirect to the issuer and the callback. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
  next: string;
  /** expiry, seconds since the epoch */
  exp: number;
}

export class SignInError extends Error {
  override readonly name = 'SignInError';
}

const random = () => randomBytes(32).toString('base64url');

export function challengeOf(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

export class OidcClient {
  private discovery: Promise<Discovery> | undefined;
  private keys: { at: number; keys: JsonWebKey[] } | undefined;

  constructor(private readonly settings: OidcSettings) {}

  private async json(url: string, init?: Parameters<typeof httpCall>[1]): Promise<Record<string, unknown>> {
    const result = await httpCall(url, init);
    if (result.status < 200 || result.status >= 300) throw new SignInError(`${url} answered ${result.status}`);
    const value = JSON.parse(result.text) as unknown;
    if (typeof value !== 'object' || value === null) throw new SignInError(`${url} did not answer a JSON object`);
    return value as Record<string, unknown>;
  }

  private config(): Promise<Discovery> {
    this.discovery ??= (async () => {
      const doc = await this.json(`${this.settings.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
      const fields = ['issuer', 'authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const;
      for (const field of fields) if (typeof doc[field] !== 'string') throw new SignInError(`discovery lacks ${field}`);
      if (doc.issuer !== this.settings.issuer) throw new SignInError('discovery names another issuer');
      return doc as unknown as Discovery;
    })().catch((error: unknown) => {
      this.discovery = undefined;
      throw error;
    });
    return this.discovery;
  }

  /** The issuer's authorization URL for a new sign-in, and what the callback will need. */
  async start(redirectUri: string, next: string, nowSeconds: number): Promise<{ url: string; pending: PendingSignIn }> {
    const config = await this.config();
    const pending: PendingSignIn = { state: random(), nonce: random(), verifier: random(), next, exp: nowSeconds + 600 };
    const url = new URL(config.authorization_endpoint);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: this.settings.clientId,
      redirect_uri: redirectUri,
      scope: this.settings.scope,
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: challengeOf(pending.verifier),
      code_challenge_method: 'S256',
    }).toString();
    return { url: url.toString(), pending };
  }

  /** Exchanges the code for tokens and returns the identity of the verified ID token. */
  async finish(code: string, redirectUri: string, pending: PendingSignIn, nowSeconds: number): Promise<Identity> {
    const config = await this.config();
    const form = new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      client_id: this.settings.clientId,
      code_verifier: pending.verifier,
    });
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (this.settings.clientSecret) {
      headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(this.settings.clientId)}:${encodeURIComponent(this.settings.clientSecret)}`).toString('base64')}`;
    }
    const tokens = await this.json(config.token_endpoint, { method: 'POST', headers, body: form.toString() });
    if (typeof tokens.id_token !== 'string') throw new SignInError('the token endpoint returned no id_token');
    const claims = await this.verifyIdToken(tokens.id_token, config, nowSeconds);
    if (claims.nonce !== pending.nonce) throw new SignInError('nonce mismatch');
    return identityFromClaims(claims, this.settings.claims);
  }

  private async jwks(config: Discovery, refresh: boolean, nowSeconds: number): Promise<JsonWebKey[]> {
    if (!refresh && this.keys && nowSeconds - this.keys.at < 3600) return this.keys.keys;
    const doc = await this.json(config.jwks_uri);
    const keys = Array.isArray(doc.keys) ? (doc.keys as JsonWebKey[]) : [];
    this.keys = { at: nowSeconds, keys };
    return keys;
  }

  private async verifyIdToken(token: string, config: Discovery, nowSeconds: number): Promise<Record<string, unknown>> {
    const parts = token.split('.');
    if (parts.length !== 3) throw new SignInError('malformed id_token');
    const [head, body, signature] = parts as [string, string, string];
    const header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as { alg?: string; kid?: string };
    // The algorithm is fixed: `none` or an HMAC made with a public key is refused.
    if (header.alg !== 'RS256') throw new SignInError('id_token is not RS256');
    const find = (keys: JsonWebKey[]) => keys.find((k) => k.kty === 'RSA' && (header.kid === undefined || k.kid === header.kid));
    let jwk = find(await this.jwks(config, false, nowSeconds));
    // A key rotated since the last read: read the set once more.
    jwk ??= find(await this.jwks(config, true, nowSeconds));
    if (!jwk) throw new SignInError('no key of the issuer signed this id_token');
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    const valid = verify('RSA-SHA256', Buffer.from(`${head}.${body}`), key, Buffer.from(signature, 'base64url'));
    if (!valid) throw new SignInError('bad id_token signature');
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (claims.iss !== config.issuer) throw new SignInError('id_token from another issuer');
    const audience = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!audience.includes(this.settings.clientId)) throw new SignInError('id_token for another client');
    if (typeof claims.exp !== 'number' || claims.exp + 60 < nowSeconds) throw new SignInError('id_token expired');
    return claims;
  }
}
