import type { Context } from 'hono';
import { sign, verify } from 'hono/jwt';
import type { Role } from '../domain/enums';
import { identityFromClaims, unauthorized, type Identity } from './identity';
import { INVALID_TOKEN } from './refusals';

/**
 * Local development only: the server verifies HS256 tokens itself with AUTH_LOCAL_SECRET, since
 * there is no API Gateway in front of it. The default secret is public on purpose (README); it
 * signs nothing outside a developer's machine.
 */
export const DEFAULT_LOCAL_SECRET = 'local-development-secret-change-me';

export function localSecret(): string {
  return process.env.AUTH_LOCAL_SECRET ?? DEFAULT_LOCAL_SECRET;
}

export function localJwtIdentity(secret: string = localSecret()) {
  return async (c: Context): Promise<Identity> => {
    const header = c.req.header('authorization');
    if (!header) throw unauthorized({ zh: '请先登录：缺少 Authorization: Bearer 令牌', en: 'missing Authorization: Bearer token' });
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw unauthorized({ zh: 'Authorization 请求头不是 Bearer 令牌', en: 'the Authorization header is not a Bearer token' });
    let payload: Record<string, unknown>;
    try {
      // The algorithm is fixed: a token saying `alg: none` or RS256 is refused, not trusted.
      payload = (await verify(match[1], secret, 'HS256')) as Record<string, unknown>;
    } catch {
      // One fixed text whatever the library found (see refusals.ts).
      throw unauthorized(INVALID_TOKEN);
    }
    if (typeof payload.exp !== 'number') throw unauthorized({ zh: '令牌没有有效期', en: 'the token has no expiry' });
    return identityFromClaims(payload);
  };
}

export interface LocalTokenRequest {
  role: Role | string;
  agencyId?: string;
  sub?: string;
  name?: string;
  /** lifetime in seconds (default 12 hours) */
  ttlSeconds?: number;
  secret?: string;
}

export async function signLocalToken(request: LocalTokenRequest): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = {
    sub: request.sub ?? `local-${request.role}${request.agencyId ? `-${request.agencyId}` : ''}`,
    name: request.name ?? `Local ${request.role}`,
    'cognito:groups': [request.role],
    iat: now,
    exp: now + (request.ttlSeconds ?? 12 * 3600),
  };
  if (request.agencyId) payload['custom:agencyId'] = request.agencyId;
  return sign(payload, request.secret ?? localSecret(), 'HS256');
}
